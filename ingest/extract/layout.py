"""The layout pass: where a notice keeps its parts, computed once per document (`Doc.layout`).

It finds the title, the dateline, the letterhead and signature blocks, sections with normalised
heading kinds (経緯, 原因, 流出した情報…), list items, key-value lines (「対象期間:…」) and tab
tables, and flags each sentence (negated, advice, future measure, question, contrast,
hypothetical). Field rules read this structure instead of scanning lines with windows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from .lexicon import CLASSES, word
from .text import Segment, strip_bullet

if TYPE_CHECKING:
    from .dates import DateMention
    from .text import Doc

# Heading kinds, tried in order: the first whose words a heading contains names its section.
HEADING_KINDS: tuple[tuple[str, str], ...] = (
    ("Q&A", r"Q\s*&\s*A|よくある|FAQ|ご質問"),
    ("問い合わせ", r"問い?合わ?せ|問合せ|窓口|連絡先"),
    ("再発防止", r"再発防止|今後|防止策|改善策"),
    ("原因", r"原因"),
    ("件数", r"件数"),
    ("対象期間", r"期間|対象となる(?:お客様|方)|対象者|対象のお客様"),
    ("流出した情報", r"流出|漏えい|漏洩|情報|項目|データ"),
    ("経緯", r"経緯|概要|発覚|時系列|事案|状況"),
    ("対応", r"対応|対処|措置|対策"),
)
_KIND_RES = tuple((kind, re.compile(pattern)) for kind, pattern in HEADING_KINDS)

# 「■原因」「【経緯】」「1.経緯」「１．経緯」「第2 対応」「<原因>」「I. 概要」: a marked heading.
_MARKED = re.compile(
    r"^\s*(?:[■□◆◇●▼▽◎]\s*|【[^】]{1,30}】|<[^>]{1,30}>|\[[^\]]{1,30}\]"
    r"|第?\d{1,2}\s*(?:[.、)章]|\s)\s*|[IVX]{1,4}\s*[.]\s*)"
)
# 「(1)対象となるお客様」「①」: a sub-heading, used as a heading when no marked ones exist.
_SUB = re.compile(r"^\s*(?:\(\s*\d{1,2}\s*\)|[\u2460-\u2473])\s*")
_BULLET = re.compile(r"^\s*(?:[・\-•●◦※]|\(\s*\d{1,2}\s*\)|[\u2460-\u2473]|\d{1,2}\s*[.)](?!\d))")
# 「対象期間:2021/10/14~」, and 「■発覚の経緯    決済代行会社からの連絡」 (a wide gap or a tab)
_KEY_VALUE = re.compile(
    r"^[\s・■●◆□\-│┃|]*(?P<key>[^:：。、\s│┃|]{1,14})(?:\s*[:：]\s*|\t\s*|\s{3,})(?P<value>\S.*)$"
)
_ENDS_SENTENCE = re.compile(r"[。.!?]\s*$")

_DATELINE = re.compile(
    r"^(?:更新日?|公開日|掲載日|発表日|公表日|作成日|発行日)?\s*[:：]?\s*"
    r"(?P<date>.+?日|\d{4}[/.]\d{1,2}[/.]\d{1,2})"
    r"(?:\s*\([月火水木金土日]\))?(?:\s*\([^()]{0,16}\))?\s*(?:更新|発表|公表|掲載|付|発行)?$"
)
_DATELINE_WORDS = re.compile(
    r"更新日?|公開日|掲載日|発表日|公表日|作成日|発行日|更新|発表|公表|掲載|付|発行|[\s:：\-・•()]"
)
_CLOSING = re.compile(r"^\s*以\s*上\s*$")


class Section(NamedTuple):
    kind: str  # a HEADING_KINDS kind, or "" for a heading of no known kind and the preamble
    heading: Segment | None
    start: int
    end: int


class KeyValue(NamedTuple):
    key: str
    value: str
    line: Segment
    value_start: int


class Layout:
    """The parts of one notice, each computed on first use (most steps read a few of them)."""

    def __init__(self, doc: Doc):
        self._doc = doc
        self._flag_memo: dict[int, frozenset[str]] = {}  # sentence start -> flags

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        return _sections(self._doc)

    @cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    @cached_property
    def _title_idx(self) -> int | None:
        return _title(self._doc)

    @cached_property
    def title(self) -> Segment | None:
        idx = self._title_idx
        return self._doc.lines[idx] if idx is not None else None

    @cached_property
    def _dateline(self) -> tuple[DateMention | None, str]:
        return _find_dateline(self._doc, self._title_idx)

    @property
    def dateline(self) -> DateMention | None:
        return self._dateline[0]

    @property
    def dateline_place(self) -> str:  # head | signature | ""
        return self._dateline[1]

    @cached_property
    def letterhead(self) -> tuple[Segment, ...]:
        first_body = self.sections[1].heading if len(self.sections) > 1 else None
        title = self.title
        head_end = first_body.start if first_body else (title.end if title else 0)
        return _letterhead(self._doc, self._title_idx, head_end)

    @cached_property
    def signature(self) -> tuple[Segment, ...]:
        return _signature(self._doc)

    @cached_property
    def items(self) -> tuple[Segment, ...]:
        return tuple(
            line
            for line in self._doc.lines
            if _BULLET.match(line.text) and not is_heading(line.text)
        )

    @cached_property
    def key_values(self) -> tuple[KeyValue, ...]:
        return tuple(_key_values(self._doc))

    @cached_property
    def table_rows(self) -> tuple[tuple[Segment, tuple[str, ...]], ...]:
        return tuple(
            (line, tuple(c.strip() for c in line.text.split("\t") if c.strip()))
            for line in self._doc.lines
            if "\t" in line.text.strip()
        )

    def flags(self, sentence: Segment) -> frozenset[str]:
        """The clause flags of one sentence (computed once, when first asked)."""
        if sentence.start not in self._flag_memo:
            self._flag_memo[sentence.start] = clause_flags(sentence.text)
        return self._flag_memo[sentence.start]

    @property
    def sentence_flags(self) -> dict[int, frozenset[str]]:
        """Every sentence's flags, by its start."""
        return {s.start: self.flags(s) for s in self._doc.sentences}

    def section_at(self, pos: int) -> Section:
        i = bisect_right(self._section_starts, pos) - 1
        return self.sections[i] if i >= 0 else Section("", None, 0, 0)

    def kind_at(self, pos: int) -> str:
        return self.section_at(pos).kind

    def in_block(self, block: tuple[Segment, ...], pos: int) -> bool:
        return any(line.start <= pos < line.end for line in block)


_MARKS = re.compile(r"[【】<>\[\]■□◆◇●▼▽◎]")


def heading_kind(text: str) -> str:
    body = _MARKED.sub("", _MARKS.sub(" ", text).strip())
    for kind, pattern in _KIND_RES:
        if pattern.search(body):
            return kind
    return ""


def is_heading(text: str, *, sub: bool = False) -> bool:
    """A short line that opens a section: 「■原因」「3.漏えいした可能性のある情報」."""
    body = text.strip()
    if not body or len(body) > 40 or _ENDS_SENTENCE.search(body):
        return False
    if body.startswith("【") and body.endswith("】"):
        return True
    pattern = _SUB if sub else _MARKED
    m = pattern.match(body)
    return bool(m) and len(body) > m.end() and not re.match(r"\d", body[m.end() :])


def analyse(doc: Doc) -> Layout:
    return Layout(doc)


def _sections(doc: Doc) -> tuple[Section, ...]:
    heads = [line for line in doc.lines if is_heading(line.text)]
    if not heads:
        heads = [line for line in doc.lines if is_heading(line.text, sub=True)]
    out = [Section("", None, 0, heads[0].start if heads else len(doc.text))]
    for i, line in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else len(doc.text)
        out.append(Section(heading_kind(line.text), line, line.start, end))
    return tuple(out)


def _title(doc: Doc) -> int | None:
    """The first short line of the head that reads like a title (お詫び, お知らせ, について)."""
    for i, line in enumerate(doc.lines[:30]):
        body = strip_bullet(line.text)
        if (
            len(body) <= 90
            and word("title").search(body)
            and not _ENDS_SENTENCE.search(body)
            and not word("addressee").search(body)
        ):
            return i
    return None


def dateline_date(doc: Doc, line: Segment) -> DateMention | None:
    """The date of a line that holds nothing but a date (and 更新/発表 words)."""
    from .dates import dates_in

    if not _DATELINE.match(strip_bullet(line.text)):
        return None
    ds = dates_in(doc, line.start, line.end)
    # 「平成27年8月5日(2015年8月5日)」: one date written twice
    if not ds or len({d.date for d in ds}) != 1 or not ds[0].explicit_year:
        return None
    rest = doc.text[line.start : ds[0].start] + doc.text[ds[-1].end : line.end]
    rest = re.sub(r"\(\s*\)", "", rest.replace(doc.text[ds[-1].start : ds[-1].end], ""))
    return None if _DATELINE_WORDS.sub("", rest) else ds[0]


def _find_dateline(doc: Doc, title_idx: int | None) -> tuple[DateMention | None, str]:
    """The notice's own date: a date-only line in the head (before or just after the title),
    else one in the signature block at the end."""
    lines = doc.lines
    head_end = 15 if title_idx is None else max(15, title_idx + 4)
    for line in lines[:head_end]:
        d = dateline_date(doc, line)
        if d is not None:
            return d, "head"
    tail = lines[max(head_end, len(lines) - 8) :]
    for i, line in enumerate(tail):
        d = dateline_date(doc, line)
        if d is None:
            continue
        near = " ".join(x.text for x in tail[max(0, i - 4) : i + 4])
        if "以上" in near or word("legal_form").search(near) or word("public_body").search(near):
            return d, "signature"
    return None, ""


def _name_line(text: str) -> bool:
    body = text.strip()
    return (
        1 < len(body) <= 30
        and not _BULLET.match(body)
        and not _MARKED.match(body)
        and not re.search(r"[。、:：「」()?？!！\d]", body)
        and not word("addressee").search(body)
        and not word("title").search(body)
    )


def _letterhead(doc: Doc, title_idx: int | None, head_end: int) -> tuple[Segment, ...]:
    """Short lines above the title that are neither the date nor the addressee (the first
    lines when there is no title)."""
    end = title_idx if title_idx is not None else 8
    head = [line for line in doc.lines[:end] if _name_line(line.text)]
    if title_idx is not None:  # 「…お知らせ」 then 「北浜商工会議所」「会頭 …」 below the title
        for line in doc.lines[title_idx + 1 : title_idx + 4]:
            if not _name_line(line.text):
                break
            head.append(line)
    return tuple(head)


_SIGNED = re.compile(
    r"[年月日/.]\d|\d[年月日/.]|" + CLASSES["legal_form"] + "|" + CLASSES["public_body"]
)


def _signature(doc: Doc) -> tuple[Segment, ...]:
    """The closing block: the short lines after 「以上」, or a trailing run of short lines that
    holds a date or an organisation's name."""
    lines = doc.lines
    for i in range(len(lines) - 1, max(len(lines) - 12, -1), -1):
        if _CLOSING.match(lines[i].text):
            return tuple(x for x in lines[i + 1 : i + 8] if _name_line(x.text))
    block = []
    for line in reversed(lines[-6:]):
        text = line.text.strip()
        if len(text) > 40 or _ENDS_SENTENCE.search(text) or _BULLET.match(text):
            break
        block.append(line)
    if not any(_SIGNED.search(x.text) for x in block):
        return ()
    return tuple(x for x in reversed(block) if _name_line(x.text))


def _key_values(doc: Doc) -> list[KeyValue]:
    out = []
    for line in doc.lines:
        m = _KEY_VALUE.match(line.text)
        if m and not re.match(r"\d", m.group("key")):
            out.append(
                KeyValue(m.group("key"), m.group("value"), line, line.start + m.start("value"))
            )
    return out


_FLAGS = ("negation", "advice", "future", "question", "contrast", "hypothetical")


def clause_flags(sentence: str) -> frozenset[str]:
    """What kind of statement a sentence is, from the lexicon's classes."""
    return frozenset(name for name in _FLAGS if word(name).search(sentence))
