"""The investigation: the external investigator (forensic firm), whether an external
investigation is mentioned, and the date its (final) report was received."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from itertools import islice

from .dates import context_date, dates_in
from .lexicon import alternation, words
from .record import Evidence
from .text import Doc, fast

Found = Mapping[str, Evidence]

_LEGAL = alternation("legal_form")

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@cache
def _firm_table(items: frozenset[tuple[str, str]]) -> tuple[tuple[str, str, bool], ...]:
    """(ASCII-lower-cased alias, canonical name, needs word boundary), longest alias first."""
    table = {alias.translate(_ASCII_LOWER): canon for alias, canon in items}
    return tuple(
        (a, table[a], bool(re.fullmatch(r"[a-z.\s]+", a)))  # "LAC" must not match in "BLACK"
        for a in sorted(table, key=len, reverse=True)
    )


# 「株式会社ラックによる脆弱性診断を年2回受診し」: a firm hired for future checks did not
# investigate this breach.
_FUTURE_CHECK = re.compile(r"診断|監査|受診|今後|再発防止|定期")
_INVESTIGATES = re.compile(r"調査|フォレンジック|解析")


def _find_alias(doc: Doc, text: str, alias: str, bounded: bool) -> int:
    pos = text.find(alias)
    while pos >= 0:
        before = text[pos - 1 : pos] if pos else ""
        after = text[pos + len(alias) : pos + len(alias) + 1]
        glued = (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
        sent = doc.sentence_at(pos).text
        checks = _FUTURE_CHECK.search(sent) and not _INVESTIGATES.search(sent)
        if not (bounded and glued) and not checks:
            break
        pos = text.find(alias, pos + 1)
    return pos


def forensic_firm(doc: Doc, found: Found, aliases: Mapping[str, str]) -> Evidence:
    """The earliest-mentioned investigator; str.find per alias is far cheaper than one regex."""
    # ASCII-only lower-casing keeps offsets (str.lower can change the length of some letters).
    text = doc.text.lower()
    if len(text) != len(doc.text):
        text = doc.text.translate(_ASCII_LOWER)
    best: tuple[int, int, str] | None = None
    for alias, canon, bounded in _firm_table(frozenset(aliases.items())):
        pos = _find_alias(doc, text, alias, bounded) if alias else -1
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, pos + len(alias), canon)
    if best is None:
        return _unlisted_firm(doc)
    return Evidence(best[2], ((best[0], best[1]),), rule="forensic_firm.known_alias")


# An investigator the table does not know, named beside its role: 「外部調査会社(X社)」,
# 「調査機関であるX株式会社に」.
_FIRM_ROLE = (
    r"(?:調査会社|調査機関|専門機関|専門会社|セキュリティ会社|フォレンジック(?:調査)?(?:会社|機関))"
)
_UNLISTED_FIRM = fast(
    rf"{_FIRM_ROLE}\s*\(\s*(?P<a>[^()、。「」\n]{{2,30}}?)\s*\)"
    rf"|{_FIRM_ROLE}である\s*「?(?P<b>{_LEGAL}[^\s、。「」()]{{1,25}}?|[^\s、。「」()]{{1,25}}?{_LEGAL})」?"
    r"(?=に|へ|による|の|が|より|から|\(|、)"
)
# 「フォレンジック調査会社Mandiantによる調査」「調査会社セキュアワークスに依頼」: a Latin or
# katakana name written right after its role word, no brackets.
_NAMED_AFTER_ROLE = fast(
    rf"{_FIRM_ROLE}\s?(?P<n>[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Z][A-Za-z0-9&.\-]*){{0,3}}"
    r"|[ァ-ヴ][ァ-ヴー・]{1,20})"
    r"(?:社)?(?=による|に(?:て|よって)?(?:調査|解析|依頼)|へ|が(?:調査|実施|解析)|の(?:調査|報告|解析))"
)
_NOT_FIRM = re.compile(
    r"機関|調査|PFI|フォレンジック|第三者|専門|以下|当社|弊社|決済|カード|認定|PCI"
)
# Words a role phrase is made of (「フォレンジック調査会社」「第三者調査機関」): a name left with
# nothing else is a role, not a firm. 「ネクサスフォレンジック」 keeps 「ネクサス」.
_GENERIC = re.compile(
    r"外部|第三者|専門|セキュリティ|フォレンジック|調査|解析|機関|会社|事業者|業者|PFI|PCI|認定"
    r"|指定|当該|同|の|・|\s"
)
_NOT_NAME = re.compile(r"以下|当社|弊社|決済|カード|委託|提供|運営|開発|保守|システム")
# A firm's own name: katakana, Latin letters, kanji and the marks inside names, no particles.
_FIRM_NAME = r"[ァ-ヴーA-Za-z0-9&.・\-一-龥][ァ-ヴーA-Za-z0-9&.・\- 一-龥]{1,24}"
_LEGAL_NAME = rf"(?:{_LEGAL}\s?{_FIRM_NAME}?|{_FIRM_NAME}?{_LEGAL})"
# 「株式会社インシデントラボ(以下「調査会社」)に調査を依頼」.
_ALIASED_AS_ROLE = fast(
    rf"(?P<n>{_LEGAL_NAME})\s*\(\s*以下、?\s*「[^」]{{0,8}}?(?:{_FIRM_ROLE}|調査)[^」]{{0,6}}」"
)
# 「■調査機関      株式会社フォレンジックワークス」「調査会社:X株式会社」: a labelled line.
_LABELLED = re.compile(
    rf"^[\s■●◆□・\-]*(?:外部)?(?:第三者)?(?:調査機関|調査会社|調査委託先|調査実施機関|調査担当|フォレンジック調査(?:会社|機関)?)"
    rf"(?:名)?\s*(?:[:：]\s*|\t\s*|\s{{2,}})(?P<n>{_LEGAL_NAME})\s*$",
    re.M,
)
# 「株式会社ラックにフォレンジック調査を依頼」「X株式会社による調査が完了」: found from the
# investigation word back to the name (a pattern opening with a name would try every position).
# 「X社の社内調査によれば」: a firm looking into its own systems is no outside investigator.
_INVESTIGATION_WORD = re.compile(
    r"(?<!社内)(?<!自社)(?<!内部)(?:調査|解析|フォレンジック)(?=を|が|の結果|結果|により|によれば|依頼)"
)
_HIRED = re.compile(rf"(?P<n>{_LEGAL_NAME})\s*(?:に(?:よる|て)?|へ|の)[^。、]{{0,10}}?$")
# 「ラック社に調査を依頼」「カートワン社による調査」: a bare name with 社.
_HIRED_BARE = re.compile(
    r"(?<![ァ-ヴーA-Za-z])(?P<n>[ァ-ヴーA-Za-z][ァ-ヴーA-Za-z・&.]{1,20})社\s*"
    r"(?:に(?:よる)?|へ|の)[^。、]{0,10}?$"
)


class _Hired:
    """A name before an investigation word, shaped like the match of a forward pattern."""

    def __init__(self, back: re.Pattern[str]):
        self.back = back

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        for word in _INVESTIGATION_WORD.finditer(text):
            m = self.back.search(text, max(0, word.start() - 60), word.start())
            if m:
                yield m


def _firm_name(raw: str) -> str:
    name = re.sub(rf"^{_LEGAL}\s*|\s*{_LEGAL}$", "", raw)
    return re.sub(r"(?<!会)社$", "", name).strip()


def _is_name(name: str) -> bool:
    return len(_GENERIC.sub("", name)) >= 2 and not _NOT_NAME.search(name)


def _vendor(doc: Doc, name: str) -> bool:
    """A firm the notice also names as its vendor, processor or the one who told it (「カート
    システムの提供事業者である株式会社カートワン」): it looked into its own systems."""
    pos = doc.text.find(name)
    while pos >= 0:
        near = doc.text[max(doc.sentence_at(pos).start, pos - 30) : pos]
        if words("vendor", "processor", "card_company").search(near):
            return True
        if re.match(
            r"[^。、]{0,12}?(?:から|より)[^。]{0,30}?(?:連絡|通知|指摘)"
            r"|[^。、]{0,12}?(?:から|より)(?:システム|サービス|ソフトウェア)?の?(?:提供|供給)を受け",
            doc.text[pos + len(name) : pos + len(name) + 50],
        ):
            return True
        pos = doc.text.find(name, pos + len(name))
    return False


def _unlisted_firm(doc: Doc) -> Evidence:
    for m in _UNLISTED_FIRM.finditer(doc.text):
        group = "a" if m.group("a") else "b"
        name = _firm_name(m.group(group))
        if len(name) >= 2 and not _NOT_FIRM.search(name):
            return Evidence(name, (m.span(group),), rule="forensic_firm.named_beside_role")
        if group == "b" and _is_name(name):
            # 「調査会社である株式会社ネクサスフォレンジック」: a role word inside a real name.
            return Evidence(name, (m.span(group),), rule="forensic_firm.legal_name_beside_role")
    for m in _NAMED_AFTER_ROLE.finditer(doc.text):
        name = m.group("n").strip()
        if _is_name(name) and not _vendor(doc, name):
            return Evidence(name, (m.span("n"),), rule="forensic_firm.named_after_role")
    found: list[tuple[int, int, str, str]] = []
    vendors: dict[str, bool] = {}  # one look per name: a repeated name must not cost O(n²)
    for pattern, rule in (
        (_ALIASED_AS_ROLE, "forensic_firm.aliased_as_investigator"),
        (_LABELLED, "forensic_firm.labelled_line"),
        (_Hired(_HIRED), "forensic_firm.hired_to_investigate"),
        (_Hired(_HIRED_BARE), "forensic_firm.hired_to_investigate"),
    ):
        for m in pattern.finditer(doc.text):
            name = _firm_name(m.group("n"))
            if not _is_name(name):
                continue
            if name not in vendors:
                vendors[name] = _vendor(doc, name)
            if vendors[name]:
                continue
            sent = doc.sentence_at(m.start())
            if _FUTURE_CHECK.search(sent.text) and not _INVESTIGATES.search(sent.text):
                continue
            found.append((m.start("n"), m.end("n"), name, rule))
            break
    if not found:
        return Evidence(None)
    start, end, name, rule = min(found)
    return Evidence(name, ((start, end),), rule=rule)


_INVESTIGATION = re.compile(
    r"調査会社|調査機関|専門機関|専門会社|専門家による調査|フォレンジック|第三者機関|外部の専門|PFI|セキュリティ専門"
)
# 「外部の調査機関への依頼は行っておらず」: an investigation denied.
_DENIED = re.compile(
    r"[^。、]{0,20}?(?:ておらず|ていません|ておりません|しておりません|しません|しない)"
)


def forensic_investigation(doc: Doc, found: Found) -> Evidence:
    if found["forensic_firm"].value:
        return Evidence(True, found["forensic_firm"].spans, rule="forensic_investigation.firm")
    for m in _INVESTIGATION.finditer(doc.text):
        sent = doc.sentence_at(m.start())
        # 「専門の調査会社に調べてもらったのですか」: a question, and an answer that says no.
        if "question" in doc.layout.flags(sent):
            continue
        if _DENIED.match(doc.text, m.end(), sent.end):
            continue
        return Evidence(
            True, ((m.start(), m.end()),), rule="forensic_investigation.investigator_word"
        )
    return Evidence(False)


_REPORT = re.compile(
    r"(?:報告書|レポート|調査結果|報告)(?:\s*\([^)]{0,12}\))?(?:が|を|の)?(?:正式に)?"
    r"(?:受領|受け取|提出|提示|報告を受け|受け|ご提出)"
    r"|(?:報告書|調査結果)(?:は|を)、?[^。、]{0,20}?(?:日|\d)\s*(?:に|付で)(?:受領|受け取)"
    r"|報告された調査結果|調査(?:は|が)?(?:[^。、を]{0,20}?)(?:完了|終了)"
    r"|付の(?:調査)?(?:最終)?(?:調査)?報告書"
    r"|(?:受領し|受け取っ)た(?:最終)?(?:調査)?(?:最終)?報告書"
    r"|(?:受領し|受け取っ)た(?:最終)?調査報告"
    # 「調査報告書が12月15日に取りまとめられ」: the report dated by its completion.
    # 「報告書をいただきました」「調査結果が報告されています」: received, in other words.
    r"|(?P<given>(?:報告書|レポート|調査結果)(?:を|が)?(?:いただ|頂|もら)(?:き|い|っ)(?:まし)?た"
    r"|調査結果(?:が|は)[^。、]{0,6}?報告され(?:て(?:い|お)|まし|た))"
    r"|(?P<compiled>(?:調査|最終)報告書(?:が|は)[^。、]{0,12}?日\s*(?:に|付で)"
    r"(?:取りまとめ|取り纏め|とりまとめ|まとめ|作成|完成))"
)
_INTERIM = re.compile(r"中間|第\s*1\s*次|第一次|速報|暫定")
_MAX_REPORTS = 200
_REACH = 200  # characters either side of a report statement that can still be its sentence
_DATED_AFTER = re.compile(r"(?:した|された)\s*")
# 「調査はまだ完了しておらず」「調査が完了し次第」「完了するまで」: not (yet) done.
_NOT_DONE = re.compile(
    r"\s*(?:して|し)?(?:おらず|いない|いません|おりません|次第|しだい)|\s*(?:する|しない|せず|できて|予定|見込)"
)
# 「調査の完了後、最終的な結果をご報告いたします」: after it, in a sentence of what will be done.
_AFTER = re.compile(r"\s*後")
_PAST = re.compile(r"ました|した|でした")
# The sentence must be about the investigation: 「専門機関より最終報告を受け」.
_ABOUT_INVESTIGATION = re.compile(
    r"調査|報告書|レポート|同社|最終報告|" + alternation("investigator")
)
# A document, not a phone call: 「同社より調査報告書を受領」 is never the discovery statement.
_DOCUMENT = re.compile(r"報告書|レポート|調査")
# 「調査完了日:2022/03/30」「■報告書受領日  2024年4月26日」: a labelled line.
_REPORT_KEY = re.compile(
    r"(?:調査|フォレンジック|報告書)[^:：]{0,6}?(?:完了|終了|受領|報告)(?:日|日付|年月日)?$"
)
_NOT_REPORT_KEY = re.compile(r"開始|依頼|中間|速報|暫定|予定|公表|発表")


def _labelled_report(doc: Doc) -> Evidence | None:
    for kv in doc.layout.key_values:
        key = re.sub(r"^[\s■●◆□・\-]+", "", kv.key)
        if not _REPORT_KEY.search(key) or _NOT_REPORT_KEY.search(key):
            continue
        ds = dates_in(doc, kv.value_start, kv.line.end)
        if ds:
            span = (kv.line.start, kv.value_start)
            return Evidence(
                ds[0].date,
                ((ds[0].start, ds[0].end), span),
                rule="forensic_report_on.labelled_date",
            )
    return None


def forensic_report_on(doc: Doc, found: Found) -> Evidence:
    labelled = _labelled_report(doc)
    if labelled is not None:
        return labelled
    # 「10月13日付でお知らせした件につき、調査が完了しました」: that day was the announcement.
    announced = {d.start for d in doc.announcements}
    # 「委託先から、不正アクセスの可能性があるとの報告を受けました」 tells of the breach: the
    # statement of being told (memoised by the discovery steps) is no investigation report.
    told = [x.span for x in doc.discoveries]
    hits = []
    # A notice states its report a few times; past a bound the rest is a table or noise, and
    # dating each statement (context_date reads its sentence) would grow quadratically.
    for m in islice(_REPORT.finditer(doc.text), _MAX_REPORTS):
        if not _DOCUMENT.search(m.group()) and any(s <= m.start() < e for s, e in told):
            continue
        sent = doc.sentence_at(m.start())
        clause = doc.text[max(sent.start, m.start() - 40) : m.end()]
        # Read within a bounded window of the sentence: a text without punctuation must not
        # make this O(n²).
        lo, hi = max(sent.start, m.start() - _REACH), min(sent.end, m.end() + _REACH)
        if _INTERIM.search(clause) or not _ABOUT_INVESTIGATION.search(doc.text, lo, hi):
            continue
        if _NOT_DONE.match(doc.text, m.end(), hi):
            continue
        after = _AFTER.match(doc.text, m.end(), hi)
        if after and not _PAST.search(doc.text, after.end(), hi):
            continue
        # 「調査が完了した平成29年12月8日、…」: the date follows the event it dates.
        after = _DATED_AFTER.match(doc.text, m.end())
        d = next((x for x in doc.dates if after and x.start == after.end()), None)
        d = d or context_date(doc, m.end())
        if d is not None and d.start not in announced:
            hits.append((d, m))
    if not hits:
        return Evidence(None)
    d, m = max(hits, key=lambda h: h[0].date)
    rule = (
        "report_compiled"
        if m.group("compiled")
        else "report_given"
        if m.group("given")
        else "report_received"
    )
    return Evidence(
        d.date, ((d.start, d.end), (m.start(), m.end())), rule=f"forensic_report_on.{rule}"
    )
