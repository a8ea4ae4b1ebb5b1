"""When no rule fired for a field: does the text still carry the words that usually come with a
value? "Not stated" is right far more often in a notice without them, so the two cases are
different rules (`<field>.none` and `<field>.none_despite_cues`) with confidences measured apart.
"""

from __future__ import annotations

import re

from .lexicon import alternation
from .text import Doc

CUES: dict[str, re.Pattern[str]] = {
    "organization": re.compile(alternation("legal_form")),
    "sites": re.compile(
        r"[「『][^」』\n]{2,40}[」』]|https?://|www\.|(?:サイト|ショップ|ストア)名"
    ),
    "discovered_on": re.compile(r"連絡|指摘|通報|発覚|検知|発見|お問い合わせ|問い合わせ"),
    "discovered_by": re.compile(r"連絡|指摘|通報|発覚|検知|発見|お問い合わせ|問い合わせ"),
    "forensic_firm": re.compile(r"調査会社|調査機関|フォレンジック|専門会社|による調査"),
    "forensic_report_on": re.compile(r"報告書|調査結果|調査(?:が|は)?(?:完了|終了)"),
    "causes": re.compile(r"原因|不正アクセス|脆弱性|改ざん|改竄"),
    "card_data": re.compile(r"カード番号|有効期限|セキュリティコード|名義"),
    "personal_data": re.compile(r"氏名|住所|電話番号|メールアドレス|生年月日|パスワード"),
    "records_max": re.compile(r"\d\s*(?:件|名|人)"),
    "records_confirmed": re.compile(r"確定|確認された|うち"),
    "fraud_cases": re.compile(r"不正利用|不正使用|不正に利用"),
    "exposure_periods": re.compile(r"期間|以降|以前|まで(?:に|の間)"),
    "payment_suspended_on": re.compile(r"停止|休止|中止|閉鎖"),
    "reported_to": re.compile(alternation("authority")),
}


def none_rule(field: str, doc: Doc | None = None) -> str:
    """The rule id of an empty value: with or without the cues of its field in the text."""
    cue = CUES.get(field)
    if doc is not None and cue is not None and cue.search(doc.text):
        return f"{field}.none_despite_cues"
    return f"{field}.none"
