"""Why: stated causes and contributing factors, most specific first."""

from __future__ import annotations

import re
from collections.abc import Mapping

from .record import Evidence
from .text import Doc, fast

Found = Mapping[str, Evidence]

# Sentences about future measures or checks describe fixes, not causes.
_MEASURE = re.compile(
    r"今後|予定|(?:脆弱性|セキュリティ)診断|診断を(?:受|実施)|修正(?!(?:を|が)?(?:適用|実施)(?:して|されて)(?:い|お)(?:なかった|らず|ません))|対策として|再発防止|実施する|強化|制限を実施|ないものと認識"
    # 「制作会社が導入したWordPressのプラグイン」: a relative clause dates the setup, not a fix.
    r"|導入(?!(?:した|していた|している|されていた)(?![ぁ-ん]))"
    r"|対策(?:を|および|及び|も)(?:[^。]{0,30}?)(?:施|講じ|実施)"
)
_NEGATED = re.compile(
    r"形跡はなく|形跡は(?:ありません|ございません)|痕跡はなく|確認されず|ではありません"
    r"|確認されませんでした|確認されておりません|確認されていません|確認されていない"
    r"|形跡も(?:なく|ありません|ございません)|認められ(?:ません|ませんでした|ず)"
    r"|ではない|ではなかった|ではございません|確認されなかった|認められなかった"
    r"|関連は(?:ございません|ありません|ない)|無関係|関係(?:は)?(?:ございません|ありません)"
    r"|(?:おそれ|恐れ)がありますので|ご注意|ください"  # advice to customers
)
# 「決済画面の改ざん(いわゆるWebスキミング)とは異なり、…」: a method set against the real one.
_CONTRAST = re.compile(r"[^。、]{0,30}?(?:とは異な|ではなく)")
_PRODUCT = re.compile(
    r"Open\s?SSL|EC-CUBE|Struts|WordPress|osCommerce|Magento|Zen\s?Cart|Movable\s?Type|"
    r"[A-Za-z][\w\- ]{1,20}[ /]?v?\d+\.\d+(?:\.\d+)?[a-z]?"
    # 「プラグイン「Welcart e-Commerce」の旧版」「修正パッチが適用されていなかった」
    r"|(?:プラグイン|パッケージ|ソフトウェア|ミドルウェア|ライブラリ|フレームワーク|CMS)\s*「[^」]{2,40}」"
    r"|旧版|旧バージョン|古いバージョン|サポート(?:が)?終了|Ver\.?\s?\d"
    r"|(?:セキュリティ|修正)(?:修正|パッチ|プログラム|アップデート)(?:が|を)?(?:適用|更新)されて(?:い|おら)"
)
_TOLD_OF = re.compile(r"との(?:指摘|連絡|報告|ご連絡)を?(?:受け|いただ|があ)")
# 「このバージョンに存在する既知の脆弱性」「同ソフトウェアの脆弱性(S2-045)」: the product was
# named in the sentence before.
_NAMED_EARLIER = re.compile(
    r"(?:この|同|当該|その)(?:バージョン|ソフトウェア|製品|パッケージ|プラグイン|システム)"
    r"|S2-\d{3}|CVE-\d{4}-\d+|古いバージョン|旧バージョン|(?:この|当該|本|同)脆弱性"
)


def _product_before(doc: Doc, pos: int) -> bool:
    sent = doc.sentence_at(pos)
    if re.search(r"S2-\d{3}|CVE-\d{4}-\d+", sent.text):
        return True
    prev = doc.sentence_at(max(0, sent.start - 2))
    return bool(_PRODUCT.search(prev.text) or _PRODUCT.search(sent.text))


_WEB_VULN = fast(
    r"(?:プログラム|システム|アプリケーション|ソフトウェア|サイト|サーバー?|ウェブ|Web)(?:の|に|上の)"
    r"[^。、]{0,10}脆弱性|脆弱性を(?:突|狙|悪用|利用|つ)|脆弱性が悪用|機能を悪用した不正アクセス"
)
_TAMPER = fast(
    r"改ざん|改竄|改変|書き換え|差し替え|偽の(?:入力|決済|カード)?(?:フォーム|画面|ページ)"
    r"|不正なスクリプト|不正なファイル"
    r"|不正な(?:プログラム|JavaScript|コード)(?:が|を)(?:設置|埋め込|組み込|仕込)"
    r"|(?:取得|窃取|盗み取|送信)[^。]{0,20}?(?:プログラム|スクリプト|コード)(?:が|を)"
    r"(?:埋め込|組み込|仕込|挿入)"
    r"|(?:不審な|悪意のある|不正な)(?:JavaScript|スクリプト|コード)[^。]{0,12}?"
    r"(?:埋め込|読み込|挿入|仕込|設置)"
    r"|(?:ウェブ|ウエブ|Web|WEB|web|e)\s?スキミング|フォームジャッキング"
)
_PLANTED = re.compile(r"不正なファイル|不正なプログラム(?:が|を)(?:設置|埋め込|組み込|仕込)")
_CAPTURE = re.compile(
    r"決済画面|入力画面|入力フォーム|決済ページ|決済処理|決済モジュール|入力ページ|決済フォーム"
    r"|申込フォーム|注文フォーム|購入画面|カード情報入力"
    r"|入力(?:された|した|いただいた|時|の際|内容|情報)[^。]{0,40}(?:送信|取得|窃取|流出|漏えい|漏洩)"
)
_TAMPER_TARGET = re.compile(
    r"決済|画面|フォーム|プログラム|ページ|サイト|アプリケーション|スクリプト|システム|ファイル"
    r"|スキミング|ジャッキング"
)
# Said outright, an open cause is listed beside the method seen so far (「原因は調査中です」).
_UNKNOWN = re.compile(
    r"原因(?:(?:や|および|及び|と)[^。、]{1,8})?(?:について|につきまして|に関して|は)(?:は)?、?"
    r"(?:現在|引き続き|現時点では)?[^。]{0,16}?(?:調査中|不明|確認中)"
    # 「漏えいの有無、原因、対象となるお客様の範囲および件数は確定しておりません」
    r"|原因[、,][^。]{0,30}?は、?(?:現在|現時点では|いまだ|未だ)?、?"
    r"(?:調査中|確定して(?:おりません|いません)|判明して(?:おりません|いません)|不明)"
)
_SETTLED = re.compile(
    r"判明し(?!て(?:おりません|いません))|特定し(?!て(?:おりません|いません))|結果|ましたが|でしたが"
)
_THIRD = fast(
    r"委託|供給元|提供元|提供会社|提供事業者|運営会社|外部サービス|(?:外部|他社|第三者)の[^。、]{0,12}?組み込"
    r"|[ァ-ヶA-Za-z]社の(?:プログラム|システム|サービス|サーバ)"
    r"|配信元|第三者提供|サードパーティ|外部の(?:スクリプト|ウィジェット|サービス)"
)
_RETENTION = fast(
    r"(?:カード情報|カード会員データ|カード番号|カード決済の(?:際の)?情報)[^。\n]{0,25}?"
    r"(?:保存|保管|保持|記録|内包)"
    r"(?:されて|して|され|させて)(?:いた|おり(?!ません)|いる|い(?!ません|ない))"
    r"|(?:保存|保管|保持)(?:されて|して)いた[^。、]{0,12}?(?:クレジット)?カード(?:情報|会員データ)"
    r"|(?:カード情報|カード番号)[^。\n]{0,25}?(?:残存して|残って)(?:いた|おり(?!ません))"
    r"|(?:残存して|残って)いた[^。、]{0,8}?(?:クレジット)?カード(?:情報|番号)"
    # 「カード情報を一時的にデータベースへ保存する仕様となっていた」
    r"|(?:カード情報|カード番号)[^。\n]{0,25}?(?:保存|保管|保持|記録)(?:する|される)(?:仕様|設定|状態|作り)"
    r"(?:と|に)なって(?:いた|おり(?!ません))"
    r"|(?P<plan>(?:保有|保持|保存)(?:しない|されない)[^。]{0,12}(?:方式|システム|決済|タイプ))"
)
_CONTRACTED = re.compile(r"(?:委託)?を受け")
# A vendor named by its role, or introduced as 「X(以下「Y」)」 after a role word.
_VENDOR_ROLE = (
    r"委託先|受託事業者|受託者|受託会社|委託事業者|委託業者|運営事業者|運営事務局|運営会社"
    r"|委託して(?:いた|いる|おります)(?:事業者|業者|会社)"
    r"|プラットフォーム事業者|システム会社"
    r"|決済サービス会社|決済代行会社|決済会社|開発会社|保守会社|制作会社|サービス提供会社"
    r"|提供事業者|提供会社|提供元|供給元|ホスティング会社|サーバー?会社"
)
_INTRODUCED = re.compile(
    r"(?:委託|提供|運営|構築|開発|保守|利用)[^。]{0,40}?[^\s、。「」()]{2,30}"
    r"\(以下、?「(?P<alias>[^」]{1,14})」"
)
_BREACH_WORDS = re.compile(
    r"不正|改ざん|改竄|流出|漏えい|漏洩|窃取|脆弱性|侵入|攻撃"
    r"|(?:保存|保持|記録)(?:されて|して)(?:いた|おり(?!ません))|保存される"
)


# 「チケット販売システムを株式会社Xから提供を受けております」「オンラインストアの運営を…に委託」:
# the breached system is run by a vendor.
_OUTSOURCED = re.compile(
    r"(?:システム|サイト|ストア|ショップ|サーバー?)(?:を|の(?:運営|運用|管理|保守)(?:業務)?を)"
    r"[^。]{0,30}?(?:から提供を受け|に委託し|へ委託し|に委託して)"
)


def _outsourced(doc: Doc) -> tuple[int, int] | None:
    m = _OUTSOURCED.search(doc.text)
    if m and re.search(r"不正アクセス|改ざん|改竄|侵入|不正(?:に)?ログイン|不正に使用", doc.text):
        return m.span()
    return None


def _at_vendor(doc: Doc) -> tuple[int, int] | None:
    """The breach took place in a vendor's system: 「委託先が管理するサーバー」「MP社の決済
    データセンターのサーバー」「X社において、情報の流出が発生」."""
    names = {
        m.group("alias")
        for m in _INTRODUCED.finditer(doc.text)
        if not re.search(r"子会社|グループ会社|関連会社|親会社", m.group())
    }
    names = {n for n in names if not re.search(r"本|当|弊|サイト|ショップ|ストア|システム", n)}
    parts = [_VENDOR_ROLE, *map(re.escape, sorted(names, key=len, reverse=True))]
    if names or re.search(_VENDOR_ROLE + r"|委託|外部サービス|提供する|提供を受け", doc.text):
        parts.append("同社")  # 「同社のサーバーが…不正アクセスを受け」 after a vendor was named
    vendor = "|".join(parts)
    # 「委託先」といいます。)の運営する「…」: the vendor's alias, then what it runs
    gap = r"(?:」(?:といいます。?|という。?)?\)?)?"
    place = re.compile(
        rf"(?:{vendor}){gap}(?:が[^。、]{{0,16}}?(?:管理|運用|運営|提供|保守|構築|使用)"
        r"(?:する|している|していた|して)"
        r"|の(?:運営|管理|提供)する|の|において|における|側の|にて)[^。、]{0,30}?"
        r"(?:サーバ|システム|アカウント|データベース|データセンター|プラットフォーム|環境|端末"
        r"|サイト)"
        rf"|(?:{vendor})(?:において|における|にて)、?[^。]{{0,30}}?(?:流出|漏えい|漏洩|不正アクセス)"
    )
    for m in place.finditer(doc.text):
        here = doc.sentence_at(m.start())
        sent = here.text
        if _CONTRACTED.search(sent) and "委託を受け" in sent:
            continue
        if _MEASURE.search(sent):
            continue
        # 「委託先の運営する「X」(以下「本システム」)」, then 「本システムが…不正アクセスを受け」
        runs = re.search(r"運営する|管理する|提供する", m.group())
        # (the introduction's own 「…といいます。」 ends a sentence early: read on a little)
        following = doc.text[here.end : here.end + 160].split("\n\n")[0] if runs else ""
        if _BREACH_WORDS.search(sent) or (following and _BREACH_WORDS.search(following)):
            return m.span()
    return None


# 「保持しない仕組みを採用しておりましたが」: already not stored, so the plan says nothing.
_ALREADY = re.compile(
    r"[^。]{0,30}?(?:ておりましたが|ていましたが|ていたが|ていたものの|ていたにも)"
)
_RETENTION_NOT = re.compile(
    r"(?:保持|保存|保管|保有)(?:しない(?:ため|ので)|して(?:おりません|いません|いない))"
    r"|(?:事実|形跡|痕跡)は(?:確認されて)?(?:おりません|ありません|ございません)"
)

RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sql_injection", re.compile(r"(?=[Ss])(?:SQL\s?インジェクション|SQL\s?injection)", re.I)),
    (
        "file_upload",
        fast(
            r"(?:ファイル)?(?:アップロード|添付)機能[^。]{0,50}(?:悪用|不正|不備|検査しない)"
            r"|不正なファイル(?:が|を)[^。]{0,20}アップロード|アップロード(?:機能)?を悪用"
            r"|アップロードできてしまう"
        ),
    ),
    (
        "credential_compromise",
        re.compile(
            r"不正(?:に)?ログイン|(?:管理者|管理画面|保守用|管理用|運用)[^。]{0,25}(?:ID|パスワード|アカウント|認証情報)"
            r"[^。]{0,25}(?:窃取|盗|漏|不正に(?:使用|利用|入手|取得)|推測|類推|悪用)"
            r"|(?:ID|パスワード|認証情報)[^。]{0,12}(?:を用いて|を使用して|を悪用して)[^。]{0,24}"
            r"ログイン(?:され|し)"
            r"|(?:不正に(?:入手|取得)|窃取|盗用|盗ま[れな])(?:した|された|され|し)[^。、]{0,6}"
            r"(?:管理者|管理画面)[^。、]{0,6}(?:ID|パスワード|アカウント|認証情報)"
        ),
    ),
    (
        "malware",
        fast(
            r"不正プログラム|マルウェア|バックドア|(?<!コロナ)ウイルス(?!感染症)"
            r"|(?:Web|WEB|web|ウェブ|ウエブ)\s?(?:シェル|shell|Shell|SHELL)"
        ),
    ),
)
SPECIFIC = {
    "sql_injection",
    "file_upload",
    "credential_compromise",
    "malware",
    "web_app_vulnerability",
    "vulnerable_software",
    "payment_page_tampering",
}


def _sentences(doc: Doc, pattern: re.Pattern[str]) -> list[tuple[str, int, int]]:
    """(sentence, start, end) of each match, outside the measures section (再発防止: what will
    be done says nothing of the cause, unless it names the cause)."""
    out = []
    for m in pattern.finditer(doc.text):
        sent = doc.sentence_at(m.start())
        if doc.layout.kind_at(m.start()) == "再発防止" and "原因" not in sent.text:
            continue
        out.append((sent.text, m.start(), m.end()))
    return out


def _cause_hits(doc: Doc, implied: set[str]) -> dict[str, tuple[int, int]]:
    """code -> the first span that states it; `implied` gets the codes only a plan implies
    (「カード情報を保持しない方式へ移行」: it was stored before)."""
    hits: dict[str, tuple[int, int]] = {}
    for code, pattern in RULES:
        for sent, s, e in _sentences(doc, pattern):
            if _CONTRAST.match(doc.text, e):
                continue
            if not _NEGATED.search(sent) and not _MEASURE.search(sent):
                hits.setdefault(code, (s, e))
    for sent, s, e in _sentences(doc, re.compile(r"脆弱性")):
        if _MEASURE.search(sent) and "原因" not in sent:
            continue
        if doc.text.endswith("アップロード機能の", 0, s):
            continue  # the upload function's hole is file_upload, nothing more general
        if _NEGATED.search(sent) and "原因" not in sent:
            continue  # 「脆弱性を利用した攻撃の痕跡は確認されませんでした」
        if _TOLD_OF.search(sent) and not re.search(r"原因|調査", sent):
            continue  # 「…に脆弱性があるとの指摘を受けました」: the alarm, not the finding
        if _PRODUCT.search(sent) or _NAMED_EARLIER.search(sent) and _product_before(doc, s):
            hits.setdefault("vulnerable_software", (s, e))
        elif _WEB_VULN.search(sent):
            hits.setdefault("web_app_vulnerability", (s, e))
    for _sent, s, e in _sentences(doc, re.compile(r"機能を悪用した不正アクセス")):
        hits.setdefault("web_app_vulnerability", (s, e))
    for sent, s, e in _sentences(doc, _TAMPER):
        if _CONTRAST.match(doc.text, e) or (_NEGATED.search(sent) and "原因" not in sent):
            continue  # 「トップページの改ざん事案とは…関連はございません」
        if _TAMPER_TARGET.search(sent) and (not _MEASURE.search(sent) or "原因" in sent):
            # A program planted on the server that took stored data, not what customers typed
            # in, is malware (「サーバーに不正なプログラムが設置され、保存されていた…」).
            planted = _PLANTED.fullmatch(doc.text, s, e) and not _CAPTURE.search(sent)
            code = (
                "malware" if planted and not _CAPTURE.search(doc.text) else "payment_page_tampering"
            )
            hits.setdefault(code, (s, e))
    for sent, s, e in _sentences(doc, _THIRD):
        if _CONTRACTED.match(doc.text, e) or _CONTRACTED.match(doc.text, s):
            continue  # 「当社が…より委託を受けて運営」: the notice's author is the vendor
        if re.search(r"不正アクセス|改ざん|書き換え|侵害|悪意のある", sent) and not _MEASURE.search(
            sent
        ):
            hits.setdefault("third_party", (s, e))
    if "third_party" not in hits:
        span = _at_vendor(doc) or _outsourced(doc)
        if span:
            hits["third_party"] = span
    for m in _RETENTION.finditer(doc.text):
        s, e = m.span()
        if m.group("plan") and (_ALREADY.match(doc.text, e) or "通過" in doc.text[s - 8 : s]):
            # 「カード情報を通過・保持しない方式」: a redirect payment, no sign of storage
            continue
        if m.group("plan") and _ALREADY.match(doc.text, e):
            continue
        if not _RETENTION_NOT.search(doc.text, doc.sentence_at(s).start, doc.sentence_at(e).end):
            if "card_data_retention" not in hits and m.group("plan"):
                implied.add("card_data_retention")
            elif m.group("plan") is None:
                implied.discard("card_data_retention")
                hits.pop("card_data_retention", None)
            hits.setdefault("card_data_retention", (s, e))
    return hits


# Under a 原因 heading: 「侵入の手口や経路につきましては、現在…調査中です」.
_STILL_OPEN = re.compile(
    r"(?:手口|経路|原因)[^。\n]{0,30}?(?:調査中|不明|特定でき(?:て)?(?:おりません|いません|ず)|確認中)"
)


def _open_cause(doc: Doc) -> tuple[int, int] | None:
    for section in doc.layout.sections:
        if section.kind != "原因":
            continue
        m = _STILL_OPEN.search(doc.text, section.start, section.end)
        if m and not _SETTLED.search(doc.sentence_at(m.end() - 1).text):
            return m.span()
    return None


def causes(doc: Doc, found: Found) -> Evidence:
    implied: set[str] = set()
    hits = _cause_hits(doc, implied)
    if not SPECIFIC & hits.keys():
        m = re.search(r"不正(?:な)?アクセス|不正にアクセス", doc.text)
        if m:
            hits["unauthorized_access"] = m.span()
    m = _UNKNOWN.search(doc.text)
    if m and not _SETTLED.search(doc.sentence_at(m.start()).text):
        hits["unknown"] = m.span()
    if "unknown" not in hits:
        m = _open_cause(doc)
        if m:
            hits["unknown"] = m
    if not hits:
        m = re.search(r"原因[^。]{0,20}(?:調査中|不明|究明|特定|確認中)", doc.text)
        if m:
            hits["unknown"] = m.span()
    order = [
        c
        for c in (
            "unauthorized_access",
            "web_app_vulnerability",
            "sql_injection",
            "vulnerable_software",
            "file_upload",
            "payment_page_tampering",
            "credential_compromise",
            "malware",
            "third_party",
            "card_data_retention",
            "unknown",
        )
        if c in hits
    ]
    return Evidence.of_items(
        [
            Evidence(c, (hits[c],), rule=f"causes.{c}" + ("_implied" if c in implied else ""))
            for c in order
        ]
    )
