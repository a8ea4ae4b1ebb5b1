"""Named word classes: each concept of the notices written once, as a regex alternation.

Rules name these classes instead of retyping the words; `word(name)` compiles a class and
`words(*names)` joins several. Keep each class to one meaning.
"""

from __future__ import annotations

import re
from functools import cache

CLASSES: dict[str, str] = {
    # the organisation speaking of itself
    "self": r"弊社|当社|当店|当生協|当組合|弊組合|当財団|弊財団|当協会|弊協会|当法人|弊法人|当機構"
    r"|弊機構|当学園|本学園|本学|当学|当院|当館|本館|当市|本市|当町|本町|当村|本村|当県|本県"
    r"|弊会|当会|本会|当学会|本学会|当連盟|弊連盟|当センター",
    # legal forms of an organisation's name
    "legal_form": r"株式会社|有限会社|合同会社|合資会社|合名会社|地方独立行政法人|独立行政法人"
    r"|一般財団法人|一般社団法人|公益財団法人|公益社団法人|学校法人|医療法人|社会福祉法人"
    r"|国立大学法人|公立大学法人|特定非営利活動法人|NPO法人|宗教法人|生活協同組合|協同組合",
    # what an organisation without a legal form calls itself: 志布志市, 〇〇大学, 〇〇学会
    "public_body": r"[都道府県市区町村]|[都道府県市区町村]役所|役場|大学|大学校|学会|協会|連盟"
    r"|会議所|商工会|組合|財団|機構|学園|病院|美術館|博物館|図書館|公社|事業団|振興会|研究所",
    # words of leaking
    "leak": r"流出|漏えい|漏洩|漏れ|不正に取得|窃取|外部に送信|盗ま|抜き取",
    # card data as a whole
    "card_info": r"(?:クレジット)?カード情報|カード会員データ|カード番号",
    # the customer being advised (「ご確認ください」)
    "advice": r"くださ|下さ|お願い(?:いた|申し上げ)|ご注意|ご確認を|お勧め|おすすめ",
    # what will be done, not what happened
    "future": r"今後|予定|してまいります|して参ります|努めます|検討",
    "measure": r"再発防止|対策として|強化|見直し|導入(?:する|いたし|を予定)",
    # a clause saying that something is not so
    "negation": r"ません|ございません|ておらず|ていない|でない|ではなく|なかった|しない"
    r"|形跡はなく|痕跡はなく|確認されず|対象外",
    "question": r"(?:ますか|ですか|でしょうか|のか)[。?]?\s*$|^\s*(?:Q\d*|問\d*)[.:\s]",
    "contrast": r"とは異な|ではなく",
    "hypothetical": r"場合(?:は|には|、)|万一|万が一|もし",
    # authorities a breach is reported to
    "authority": r"個人情報保護委員会|経済産業省|経産省|警察|警視庁|県警|府警|道警|官庁|総務省"
    r"|金融庁|消費者庁|監督",
    # who tells an organisation of its breach
    "processor": r"決済代行|代行会社|決済会社|PSP|ペイメント|ゲートウェイ",
    "card_company": r"カード会社|カードブランド|カード発行会社|クレジットカード会社|国際ブランド",
    "police": r"警察|警視庁|県警|府警|道警",
    "investigator": r"調査会社|調査機関|専門機関|専門会社|フォレンジック|第三者機関|外部の専門"
    r"|PFI|セキュリティ専門",
    "vendor": r"委託|保守|運用|開発|制作|ホスティング|サーバー?(?:会社|事業者)|データセンター"
    r"|提供元|供給元|提供会社|提供事業者",
    # words of a notice's title
    "title": r"お詫び|おわび|お知らせ|ご報告|について|に関する|ご案内",
    # greeting lines that address readers, not a name
    "addressee": r"各位|の皆様|の皆さま|お客様へ",
}


@cache
def word(name: str) -> re.Pattern[str]:
    return re.compile(f"(?:{CLASSES[name]})")


@cache
def words(*names: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{CLASSES[n]})" for n in names))


def alternation(name: str) -> str:
    """The class as a pattern fragment, for rules that embed it."""
    return f"(?:{CLASSES[name]})"
