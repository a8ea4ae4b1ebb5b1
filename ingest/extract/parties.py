"""Who: the publishing organisation, who found the breach, the investigator, and whom the
organisation reported to (the affected sites are in `sites`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from .dates import DateMention, context_date, dates_in
from .layout import is_heading
from .lexicon import alternation
from .record import Evidence
from .text import Doc, Segment, fast, strip_bullet

Found = Mapping[str, Evidence]

_LEGAL = alternation("legal_form")
# English names run to several words: 「Blue Harbor Japan合同会社」「株式会社Green Leaf Holdings」.
_NAME = r"[^\s、。「」()（）:：]{1,30}(?: [^\s、。「」()（）:：]{1,20}){0,3}"
_ORG_LINE = re.compile(rf"^(?P<org>{_LEGAL}\s?{_NAME}|{_NAME}{_LEGAL})(?:\s*\([^)]*\))?$")
# 「株式会社X 代表取締役 山田太郎」 on one line: the signatory after the name is dropped.
_SIGNATORY = re.compile(
    r"\s+(?:代表|取締役|社長|理事長|会長|組合長|学長|職務執行者|CEO|店主|店長|オーナー|院長|館長|所長"
    r"|支配人).*$"
)
# 「会社名 株式会社X」 (a timely-disclosure header), 「運営会社:有限会社X」 (a shop's signature).
_ORG_LABEL = re.compile(
    r"^(?:会\s*社\s*名|法\s*人\s*名|団\s*体\s*名|社\s*名|商\s*号|運営会社|運営元|運営者|販売業者"
    r"|販売事業者|事業者名?)"
    r"\s*[:：]?\s*"
)
# 「株式会社X お客様相談窓口」 in a closing contact block: the desk after the name is dropped.
_DESK = re.compile(
    r"\s+\S*(?:窓口|係|センター|事務局|相談室|お客様室|サポート|デスク|担当|部|課|室)$"
)
_NOT_ORG = re.compile(
    r"代表|取締役|社長|各位|窓口|お問い?合わ?せ|担当|センター|事務局|係$|お知らせ|お詫び|について"
)
_SELF_WORDS = alternation("self")
# 「株式会社X(以下「弊社」)」, also 「X株式会社(本社:東京都…、代表取締役社長:…、以下「当社」)」
# and a press release's 「X株式会社(本社:東京都…)は、」: the reference is found first, the name
# looked for just before it.
_SELF_REF = re.compile(
    rf"\s*\((?:(?:[^()]{{0,80}}?、\s*)?(?:以下、?)?「?{_SELF_WORDS}」?"
    r"|(?:本社|本店|所在地)\s*[:：][^()]{0,80}\)\s*は)"
)
_ORG_BEFORE = re.compile(
    rf"(?P<org>{_LEGAL}[^\s、。「」()]{{1,30}}|[^\s、。「」()]{{1,30}}{_LEGAL})$"
)
_LEGAL_WORD = re.compile(r"会社|法人|財団|社団|組合")


def _org_line(doc: Doc, lines: Sequence[Segment], rule: str) -> Evidence | None:
    for line in lines:
        if not _LEGAL_WORD.search(line.text):
            continue
        body = _SIGNATORY.sub("", _ORG_LABEL.sub("", strip_bullet(line.text)))
        desk_less = _DESK.sub("", _DESK.sub("", body))  # 「X 通販事業部 お客様窓口」
        body = desk_less if _ORG_LINE.match(desk_less) else body
        m = _ORG_LINE.match(body)
        if m and not _NOT_ORG.search(body):
            org = m.group("org").strip()
            start = line.start + line.text.find(org)
            return Evidence(
                doc.raw[start : start + len(org)], ((start, start + len(org)),), rule=rule
            )
    return None


def organization(doc: Doc, found: Found) -> Evidence:
    head = _org_line(doc, doc.lines[:20], "organization.letterhead")
    if head:
        return head
    for ref in _SELF_REF.finditer(doc.text):
        m = _ORG_BEFORE.search(doc.text, max(0, ref.start() - 50), ref.start())
        if m:
            s, e = m.span("org")
            return Evidence(doc.raw[s:e], ((s, e),), rule="organization.self_reference")
    # Signed at the end (「以上」, the date, the name): the last lines.
    office = _public_office(doc)
    if office:
        return office
    signed = _org_line(doc, doc.lines[max(20, len(doc.lines) - 6) :], "organization.signature")
    # A line holding nothing but a legal name, anywhere (a web page's article below its menus).
    alone = signed or _org_line(doc, doc.lines[20:], "organization.name_line")
    return alone or _bare_name(doc) or Evidence(None)


# 「北浜市産業振興部観光物産課」「鹿ノ瀬町長 川村 正義」: a public body behind its office or head.
_OFFICE = re.compile(
    r"^(?P<body>[^\s、。()]{1,10}?[都道府県市町村区])(?:役所|役場|庁)?"
    r"(?:\s*[^\s、。()]{1,12}?(?:部|課|局|室|係|センター))+$"
    r"|^(?P<head>[^\s、。()]{1,10}?[都道府県市町村区])(?:長|知事)(?:\s+\S{1,5}\s*\S{0,5})?$"
)


def _public_office(doc: Doc) -> Evidence | None:
    layout = doc.layout
    for block, place in ((layout.letterhead, "letterhead"), (layout.signature, "signature")):
        for line in block:
            m = _OFFICE.match(line.text.strip())
            if m:
                group = "body" if m.group("body") else "head"
                start = line.start + line.text.find(m.group(group))
                end = start + len(m.group(group))
                rule = f"organization.public_office_{place}"
                return Evidence(doc.raw[start:end], ((start, end),), rule=rule)
    return None


# A name with no legal form (「志布志市」「言語文化教育研究学会」「日之出出版」) standing alone in
# the letterhead or the signature block; a public body's ending makes it surer.
_NOT_NAME = re.compile(
    r"代表|取締役|社長|理事長|会長|学長|市長|町長|村長|知事|院長|館長|店主|店長|オーナー|担当|窓口|センター$|事務局$|室$|課$|部$"
    r"|リリース|ニュース|NEWS|News|PRESS|Press|重要|お客様|関係者|記$|^以上$|TEL|電話|メール|受付"
    r"|ページ|サイト|ホーム|トップ|メニュー|一覧|検索|資料|報道|発表|プレス|お知らせ"
)
_PUBLIC_BODY = re.compile(rf"\S(?:{alternation('public_body')})$")
_PERSON = re.compile(r"^[一-龥]{1,4}[\s　]+[一-龥ぁ-ん]{1,4}$")


def _bare_name(doc: Doc) -> Evidence | None:
    layout = doc.layout
    for block, place in ((layout.letterhead, "letterhead"), (layout.signature, "signature")):
        names = [
            line
            for line in block
            if not _NOT_NAME.search(line.text) and not _PERSON.match(line.text.strip())
        ]
        public = [line for line in names if _PUBLIC_BODY.search(line.text.strip())]
        for line, rule in [(x, "public_body") for x in public] + [(x, "bare_name") for x in names]:
            name = line.text.strip()
            start = line.start + line.text.find(name)
            return Evidence(
                doc.raw[start : start + len(name)],
                ((start, start + len(name)),),
                rule=f"organization.{rule}_{place}",
            )
    return None


# Who told the organisation first, by the words naming the source.
_SOURCES: tuple[tuple[str, str], ...] = (
    (
        "payment_processor",
        r"決済代行|代行会社|決済会社|PSP|ペイメント|ゲートウェイ|決済[^、。]{0,8}委託(?:して|し|先)",
    ),
    (
        "card_company",
        r"カード会社|カードブランド|カード発行会社|クレジットカード会社|国際ブランド"
        r"|カード(?:株式会社|\(株\))|株式会社[^、。]{0,12}カード$",
    ),
    ("police", r"警察|警視庁|県警|府警|道警|サイバー"),
    (
        "customer",
        r"お客様|お客さま|顧客|利用者|会員様|ユーザー|購入者|寄付者|組合員|受講者|宿泊者|宿泊客"
        r"|参加者|申込者|加入者|^会員$",
    ),
    ("self", r"^(?:当社|弊社|当機構|弊機構)$"),
)
_SOURCE_WORD = re.compile(r"(?:から|より)")
_TOLD = re.compile(
    r"(?:、|当社宛、|弊社に対し、|弊社宛、)?(?:「[^」\n]{0,80}」|[^。\n]){0,140}?"
    r"(?P<noun>連絡|指摘|第一報|通報|通知|お問い合わせ|問い合わせ|問合せ|情報提供|報告|照会|お電話|電話)"
    r"(?:を受け|を受領|があり|があっ|が入り|をいただ|を頂|がござ|が[^。、]{0,4}寄せられ"
    r"|が[^。、]{1,12}?(?:経由で|を通じて)入り"  # 「…との連絡が決済代行会社経由で入りました」
    r"|が、?[^。、]{0,24}?に(?:あり|入り)"  # 「…旨の報告が、2024年3月5日に本学会にありました」
    r"|を[^。、]{1,20}?が受け"  # 「…旨の連絡をハルカゼ雑貨が受けました」
    r"|を[^。、]{1,20}?に(?:いただ|頂)"  # 「…とのお問い合わせを当社お客様センターにいただき」
    r"|により|によって|(?=[ \t]*\n))"  # a timeline row ends at its noun: 「…より連絡」
)
# 「報告を受け」 also comes from investigators: only a named outside source counts for it.
_REPORTERS = frozenset({"payment_processor", "card_company", "police"})
_FROM_AFTER = re.compile(
    r"(?:連絡|指摘)を、?(?P<src>[^、。]{1,20}?)から受け"
    # 「…との連絡が会員の方から本会事務局に寄せられました」
    r"|(?:連絡|指摘|お問い合わせ|問い合わせ|通報)が(?P<src2>[^、。]{1,20}?)(?:から|より)"
    r"[^、。]{0,15}?(?:寄せられ|あり|入り)"
)
_SELF = fast(
    rf"(?:{_SELF_WORDS}(?:の?[^。、]{{0,10}}?)?(?:は|が|にて|において)"
    r"|(?:監視|点検|社内|検知(?:サービス|システム|ツール))[^。]{0,20}?"
    r"|(?:担当者|従業員|社員|スタッフ)(?:が|は)[^。]{0,30}?)[^。]{0,40}?"
    r"(?:不正|改ざん|改竄|流出|異常|漏えい|漏洩|不審|見慣れない|見覚えのない|覚えのない|不明な"
    r"|していない|変更され|追加され|異なる)[^。]{0,40}?"
    r"(?:(?:検知|発見|確認|把握)(?:(?:し|され)(?:ました|、|たため|たところ|たことから)|いたしました"
    r"|致しました|(?=\s*\n|\s*$|。))|(?:気付|気づ)(?:き|いた))"
)
_BY_VENDOR = re.compile(
    r"(?:供給元|委託先|提供元|運営会社)[^。]{0,80}不正アクセスが(?:確認|発見|検知)され"
)
# A contractor running the site (保守・運用・ホスティング) reports what it finds, like a processor.
_VENDOR = re.compile(
    r"委託|保守|運用|開発|制作|ホスティング|サーバー?(?:会社|事業者)|データセンター"
    r"|提供元|供給元|提供会社|提供事業者"
)
_CONTRACTOR = re.compile(
    r"(?:委託|保守|運用|開発|制作|ホスティング)[^。、]{0,12}?(?:会社|事業者|業者|先|ベンダー)"
    r"(?:の[^。、]{0,8}?)?(?:が|は)"
)
# A date followed by its own finished clause before the source is named.
_OWN_CLAUSE = re.compile(r"(?:ており|ました|ましたが|されて|を受け|受けて)、")
_DATE_END = re.compile(r"\d\s*日\s*(?:\([^)]{1,4}\))?\s*$")
# 「5月19日時点で、カード会社から報告を受けている不正利用の件数」: a status, not the discovery.
_AS_OF = re.compile(r"て(?:いる|おり)")
_STATUS = re.compile(r"時点で|現在")
# 「…を発見した旨の報告がありました」: reported speech tells of the breach, whoever reports it.
_HEARSAY = re.compile(r"旨の|との|という|経緯の|事実の|被害の")
_HEARSAY_AFTER = re.compile(r"によりますと|によれば|によると")
_REPORT_OF_FINDINGS = re.compile(r"調査報告書|報告書を受領|調査結果|調査の結果")
_SKIP_SOURCE = re.compile(r"調査会社|調査機関|専門機関|PCF|フォレンジック|調査|同社より報告")


def _discovery(doc: Doc) -> list[tuple[int, str | None, int, int, str]]:
    """(position, discoverer, span start, span end, rule) of every statement of being told."""
    out: list[tuple[int, str | None, int, int, str]] = []
    aliases = _aliases(doc)
    for m in _SOURCE_WORD.finditer(doc.text):
        told = _TOLD.match(doc.text, m.end())
        if not told:
            continue
        src = re.split(r"[、。\n]", doc.text[max(0, m.start() - 40) : m.start()])[-1]
        if not src or _SKIP_SOURCE.search(src) or _DATE_END.search(src):
            continue  # 「2023年4月3日より…作業を実施」: from a day, not from someone
        before = doc.text[max(0, m.start() - len(src) - 12) : m.start() - len(src)]
        if _AS_OF.match(doc.text, told.end()) or _STATUS.search(before):
            continue
        who = _classify(src, aliases)
        hearsay = _HEARSAY.search(
            doc.text, max(m.end(), told.start("noun") - 4), told.start("noun")
        )
        hearsay = hearsay or _HEARSAY_AFTER.match(doc.text, told.start("noun") + 2)
        if told.group("noun") == "報告" and _REPORT_OF_FINDINGS.search(
            doc.text, doc.sentence_at(m.start()).start, told.end()
        ):
            continue  # 「同社より調査報告書を受領し、…との報告」: the investigation's result
        if told.group("noun") == "報告" and not (
            who in _REPORTERS or (who == "other" and (_VENDOR.search(src) or hearsay))
        ):
            continue
        out.append((m.start(), who, m.start() - len(src), told.end(), "told_by"))
    for m in _FROM_AFTER.finditer(doc.text):
        src = m.group("src") or m.group("src2")
        out.append((m.start(), _classify(src, aliases), m.start(), m.end(), "told_by"))
    for m in _SELF.finditer(doc.text):
        # 「保守を委託している会社が定期点検を行った際、…を発見し」: the contractor found it.
        head = doc.text[doc.sentence_at(m.start()).start : m.start() + 8]  # with its subject
        who = "other" if _CONTRACTOR.search(head) else "self"
        out.append((m.start(), who, m.start(), m.end(), "found_itself"))
    for m in _BY_VENDOR.finditer(doc.text):
        out.append((m.start(), "other", m.start(), m.end(), "found_by_vendor"))
    for m in _LEARNED.finditer(doc.text):
        # 「2018年11月08日、クレジットカード情報流出の懸念を確認いたしました」: when, not who.
        if _DATED_CLAUSE.match(doc.text, doc.sentence_at(m.start()).start, m.start()):
            out.append((m.start(), None, m.start(), m.end(), "learned"))
    for m in re.finditer(r"(?:当社|弊社)に(?:連絡|ご連絡)がありました", doc.text):
        out.append((m.start(), None, m.start(), m.end(), "told_by"))
    return out


# 「決済代行会社(以下「委託先」)」: a short name stands for what it was introduced as.
_ALIAS = re.compile(r"\(以下、?「(?P<y>[^」]{1,12})」")
_ALIASED = re.compile(r"(?P<x>[^\s、。「」()]{2,30})\s*$")


def _aliases(doc: Doc) -> dict[str, str]:
    out = {}
    for m in _ALIAS.finditer(doc.text):  # the cheap anchor first, the name just before it
        x = _ALIASED.search(doc.text, max(0, m.start() - 32), m.start())
        if x:
            out[m.group("y")] = x.group("x")
    return out


def _classify(src: str, aliases: Mapping[str, str] | None = None) -> str | None:
    # 「決済代行会社であるGMOペイメントゲートウェイ株式会社」: the role before である decides.
    role, sep, _ = src.rpartition("である")
    src = re.sub(r"の方々?$", "", src)  # 「組合員の方から」
    src = re.sub(r"^.*(?:ある|の|、)", "", src) or src
    if aliases and src in aliases:
        src = aliases[src]
    for code, pattern in _SOURCES:
        if sep and re.search(pattern, role.split("、")[-1]):
            return code
    for code, pattern in _SOURCES:
        if re.search(pattern, src):
            return code
    if re.search(
        r"社$|会社|株式会社|同社|機関|機構|事業者|研究者|専門家|団体|協会|JPCERT|IPA|事務局|委託先|業者"
        r"|ベンダー",
        src,
    ):
        return "other"
    return None


class Discovery(NamedTuple):
    date: DateMention | None
    who: str | None
    span: tuple[int, int]
    rule: str  # told_by, found_itself, found_by_vendor
    dated: str  # same_sentence, timeline_entry, same_day, undated


# 「発覚日:2022/01/25」「発覚の端緒:決済代行会社からの連絡」: a summary table of the facts.
_KEY_DATE = re.compile(r"^(?:発覚|判明|発見|覚知|検知|わかった|知った)(?:した)?(?:日|日時|年月日)$")
# 「発覚日:2020年6月29日(決済代行会社からの連絡による)」: who told, in the note.
_KEY_SOURCE = re.compile(
    r"\((?P<src>[^()、]{2,20}?)(?:から|より)の(?:ご)?(?:連絡|指摘|通報|報告|照会)"
)
_KEY_WHO = re.compile(r"^(?:発覚|発見|判明)(?:の)?(?:端緒|経緯|きっかけ|契機)$|^端緒$")


_LEARNED = fast(
    r"(?:流出|漏えい|漏洩|不正アクセス|不正利用)[^。、]{0,20}?(?:懸念|可能性|おそれ|恐れ|事実|疑い)"
    r"(?:がある(?:こと)?)?を(?:確認|把握|認識)(?:いたしました|しました|致しました)"
)
_DATED_CLAUSE = re.compile(r"\s*[^。、]{0,24}日\s*(?:\([^)]{1,4}\))?\s*、")


_SELF_NOTE = re.compile(rf"(?:{_SELF_WORDS}|社内|自社)[^)]{{0,12}}?(?:監視|点検|調査)|監視により")


def _key_value_discovery(doc: Doc) -> Discovery | None:
    date = who = None
    spans = []
    for kv in doc.layout.key_values:
        key = kv.key.strip("■●◆□【】[]")
        if _KEY_DATE.match(key):
            ds = dates_in(doc, kv.value_start, kv.line.end)
            if ds:
                date = ds[0]
                spans.append((kv.line.start, kv.line.end))
                if _SELF_NOTE.search(kv.value):  # 「2015年5月19日(弊社システム監視により…検知)」
                    who = who or "self"
                source = _KEY_SOURCE.search(kv.value)
                if source:
                    who = who or _classify(source.group("src"), _aliases(doc))
        elif _KEY_WHO.match(key):
            src = re.split(r"(?:から|より)", kv.value)[0]
            who = _classify(src, _aliases(doc))
            spans.append((kv.line.start, kv.line.end))
    if date is None and who is None:
        return None
    span = (min(s for s, _ in spans), max(e for _, e in spans))
    return Discovery(date, who, span, "key_value", "key_value" if date else "undated")


def find_discoveries(doc: Doc) -> list[Discovery]:
    """Every statement of being told of the breach, with its date (`Doc.discoveries`)."""
    out = []
    announced = {d.start for d in doc.announcements}
    for pos, who, s, e, rule in _discovery(doc):
        d = context_date(doc, pos) or context_date(doc, s)
        if d is not None and d.start in announced:
            d = None  # 「1月17日にお知らせしましたが、その後の報告により」: not the day told
        if d is not None and d.end <= s and _OWN_CLAUSE.search(doc.text, d.end, s):
            d = None  # 「6月15日に…を受けており、X社から…報告」: the attack's day
        if d is None:  # 「決済代行会社より、2020年5月1日に連絡を受け」: the date inside the clause
            d = next((x for x in dates_in(doc, s, e)), None)
        out.append(Discovery(d, who, (s, e), rule, _dated_how(doc, d, pos)))
    return out


def _dated_how(doc: Doc, d: DateMention | None, pos: int) -> str:
    """Where the date of an event was found: its own sentence, or a timeline entry above."""
    if d is None:
        return "undated"
    sent = doc.sentence_at(pos)
    if sent.start <= d.start < sent.end:
        return "same_sentence"
    return "same_day" if re.search(r"同日|当日|その日|同じ日", sent.text) else "timeline_entry"


def first_discovery(doc: Doc) -> Discovery | None:
    """The discovery the notice dates first (`Doc.first_discovery`): a key-value summary
    wins, else the earliest dated statement of being told."""
    table = _key_value_discovery(doc)
    if table is not None and table.date is not None:
        if table.who is None:  # the table dates it; the prose may say who told
            told = [
                x for x in doc.discoveries if x.who and x.date and x.date.date == table.date.date
            ]
            if told:
                return table._replace(who=told[0].who)
        return table
    events = doc.discoveries
    dated = [x for x in events if x.date is not None]
    if dated:
        return min(dated, key=lambda x: (x.date.date, x.span[0]))
    return events[0] if events else None


def discovered_on(doc: Doc, found: Found) -> Evidence:
    first = doc.first_discovery
    if first is None or first.date is None:
        return Evidence(None)
    d = first.date
    rule = f"discovered_on.{first.rule}_{first.dated}"
    return Evidence(d.date, ((d.start, d.end), first.span), rule=rule)


def discovered_by(doc: Doc, found: Found) -> Evidence:
    first = doc.first_discovery
    if first is None or first.who is None:
        return Evidence(None)
    undated = "" if first.date else "_undated"
    rule = f"discovered_by.{first.rule}_{first.who}{undated}"
    return Evidence(first.who, (first.span,), rule=rule)


_AUTHORITIES: tuple[tuple[str, str], ...] = (
    ("ppc", r"個人情報保護委員会"),
    ("meti", r"経済産業省|経産省"),
    ("police", r"警察|警視庁|県警|府警|道警|[^\s、]{1,6}署(?!名)"),
    ("card_companies", r"カード会社|カード発行会社|カードブランド|クレジットカード各社"),
    (
        "other_authority",
        r"官庁|[^\s、]{1,6}局|総務省|金融庁|消費者庁|認定個人情報保護団体|JPCERT|IPA|協会|監督"
        r"|文部科学省|厚生労働省|国土交通省|農林水産省|観光庁|文化庁|デジタル庁|都庁|[道府県]庁"
        r"|所轄庁|所管庁|行政庁|所管(?:である|の)|である[都道府県市町村](?=\(|へ|に|、)",
    ),
)
_ANY_AUTHORITY = re.compile("|".join(pattern for _, pattern in _AUTHORITIES))
_REPORT_VERB = re.compile(r"報告|相談|通報|届出|届け出|被害届|被害申告|申告|第一報|提出|共有")
_REPORTED = re.compile(
    r"(?P<who>[^。を\n]{1,60})(?:に|へ|への)(?:も|は)?(?:、)?(?:対し、?)?[^。を]{0,20}?"
    r"(?:[^。を、\n]{1,14}を通じて|[^。を、\n]{1,14}経由で)?"
    r"(?:本件の|[^。を、\n]{1,8}を)?(?:報告|相談|通報|届出|届け出|被害届|被害申告|申告|第一報|提出|共有)$"
    r"|(?P<with>[^。を\n]{1,60})と(?:報告書の内容|調査結果|報告書|情報)を?共有$"
)


def reported_to(doc: Doc, found: Found) -> Evidence:
    """Authorities named before 「に報告」「へ相談」「と共有」 in the same clause."""
    items: dict[str, tuple[tuple[int, int], str]] = {}
    for verb in _REPORT_VERB.finditer(doc.text):
        if re.match(r"を受け|今後|場合|予定|書", doc.text[verb.end() : verb.end() + 3]):
            continue
        clause_rest = re.split(r"[、。\n]", doc.text[verb.end() : verb.end() + 12])[0]
        # 「最寄りの警察署へご相談ください」 advises the customer; nothing was reported.
        if re.search(r"受け|今後|場合|予定|くださ|下さ|願い|お勧め|おすすめ", clause_rest):
            continue
        sent = doc.sentence_at(verb.start())
        if is_heading(sent.text):
            continue  # 「6.監督官庁等への報告」 heads a section; the lines below say to whom
        start = max(sent.start, verb.start() - 80)
        if not _ANY_AUTHORITY.search(doc.text, start, verb.start()):
            continue  # nothing to collect: skip the costly clause pattern
        m = _REPORTED.search(doc.text, start, verb.end())
        if not m:
            continue
        group = "who" if m.group("who") else "with"
        who = re.sub(
            r"^.*(?:から|より|(?<![にへ])は|が|(?<!す)で(?!ある)|に対する|[\u2460-\u2473])[、,]?",
            "",
            m.group(group),
        )
        _collect_authorities(who, m.end(group) - len(who), items, "reported_to.clause")
        # 「Aには6月10日に報告済みであり、また、B警察署にも被害申告」: B stands in the gap too.
        gap = doc.text[m.end(group) : verb.start()]
        cut = gap.rfind("、")
        last = (
            re.match(r"[^、。]{1,30}?(?=(?:に|へ)(?:も|は)?(?:[^、。を]{0,6}を)?$)", gap[cut + 1 :])
            if cut >= 0
            else None
        )
        if last:
            _collect_authorities(last.group(), m.end(group) + cut + 1, items, "reported_to.clause")
    _listed_authorities(doc, items)
    return Evidence.of_items([Evidence(k, (span,), rule=rule) for k, (span, rule) in items.items()])


# 「【関係機関への報告】」 over a line of bare names (「個人情報保護委員会、所轄の警察署」).
_REPORT_HEADING = re.compile(
    r"^[\s【■□◆◇●<\[]*(?:\d{1,2}\s*[.．、)]\s*)?(?:関係(?:機関|官庁|当局)(?:等)?への(?:ご)?"
    r"(?:報告|届出|届け出)|(?:ご)?報告先|届出先)[】\]>]?\s*[:：]?\s*$"
)
_NOT_DONE = re.compile(r"予定|今後|くださ|下さ|検討|場合")


_REPORT_KEY = re.compile(r"^(?:ご)?(?:報告先|届出先|届け出先|通報先|関係機関への(?:ご)?報告)$")


def _listed_authorities(doc: Doc, items: dict[str, tuple[tuple[int, int], str]]) -> None:
    if "報告" not in doc.text and "届" not in doc.text:
        return
    for kv in doc.layout.key_values:  # 「報告先:個人情報保護委員会(1/28報告)、所轄警察署」
        if _REPORT_KEY.match(kv.key.strip("■●◆□【】[]")) and not _NOT_DONE.search(kv.value):
            _collect_authorities(kv.value, kv.value_start, items, "reported_to.key_value")
    for i, line in enumerate(doc.lines):
        if len(line.text) > 30 or not _REPORT_HEADING.match(line.text):
            continue
        for nxt in doc.lines[i + 1 : i + 4]:
            body = strip_bullet(nxt.text)
            if not body or _SECTION_HEAD.match(nxt.text) or _NOT_DONE.search(body):
                break
            _collect_authorities(body, nxt.start + nxt.text.find(body), items, "reported_to.listed")


_SECTION_HEAD = re.compile(r"^\s*(?:[■□◆◇●【<]|\d{1,2}\s*[.．、])")


def _collect_authorities(
    who: str, offset: int, items: dict[str, tuple[tuple[int, int], str]], rule: str
) -> None:
    # 「関係官庁(個人情報保護委員会)」「監督官庁である個人情報保護委員会」name one authority.
    who = re.sub(
        r"(?:監督|所管|所轄|関係)?官庁(?:である|の)(?=個人情報保護委員会|経済産業省|経産省)",
        "",
        who,
    )
    named = re.search(r"官庁\s*\((?P<inner>[^)]+)\)", who)
    if named:
        who = who.replace(named.group(0), " " * 2 + "(" + named.group("inner") + ")")
    for code, pattern in _AUTHORITIES:
        m = re.search(pattern, who)
        if m and code not in items:
            if code == "other_authority" and re.search(r"協会のガイドライン", who):
                continue
            items[code] = ((offset + m.start(), offset + m.end()), rule)
