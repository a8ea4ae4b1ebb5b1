"""Text preparation: length-preserving normalisation, lines and sentences with offsets.

Every later step searches `Doc.text`; because normalisation never changes the length, a match
at (start, end) in `Doc.text` is also the evidence span in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, NamedTuple

# Wave dashes and tildes all mean "from ... to" in dates; NFKC leaves some of them alone.
_RANGE_CHARS = "〜～∼~〰−－―‐"
# Circled digits are list markers: turning them into digits would glue them to the next number.
_KEEP = set("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")


class Segment(NamedTuple):
    start: int
    end: int
    text: str


@cache
def _fold_char(ch: str) -> str:
    if ch in _RANGE_CHARS:
        return "~" if ch in "〜～∼~〰" else "-"
    if ch in _KEEP or ch.isascii():
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        return ch
    return " " if folded.isspace() else folded


# ASCII, kana and common kanji never change under NFKC: only the rest goes through _fold_char.
_FOLDABLE = re.compile(r"[^\x00-\x7f\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]")


def normalise(text: str) -> str:
    """NFKC character by character, keeping the length (full-width digits, ～, 　)."""
    return _FOLDABLE.sub(lambda m: _fold_char(m.group()), text)


def split_lines(text: str) -> tuple[Segment, ...]:
    out = []
    for m in re.finditer(r"[^\n]+", text):
        out.append(Segment(m.start(), m.end(), m.group()))
    return tuple(out)


# 「Yahoo!ショッピング」: a mark glued between a Latin word and more text ends no sentence.
_SENTENCE = re.compile(r"(?:[^\n。!?]++|(?<=[A-Za-z])[!?](?=[^\s!?。]))+[。!?]?")


def split_sentences(text: str) -> tuple[Segment, ...]:
    """Sentences end at 。 ! ? or a line break (headings and list items are their own sentence)."""
    return tuple(
        Segment(m.start(), m.end(), m.group())
        for m in _SENTENCE.finditer(text)
        if m.group().strip()
    )


@dataclass(frozen=True)
class Doc:
    """One prepared document, shared by all pipeline steps.

    What several steps read is computed once, on first use, as a cached property; the modules
    that compute them are imported inside the properties (they import this one)."""

    raw: str
    text: str
    lines: tuple[Segment, ...]
    sentences: tuple[Segment, ...]
    morphemes: tuple[Any, ...] = ()
    dates: tuple[Any, ...] = ()
    # Search index terms from the same Sudachi pass, when prepare() was asked for them.
    terms: tuple[str, ...] = ()

    @cached_property
    def _sentence_starts(self) -> list[int]:
        # Steps look up "the sentence/line at pos" thousands of times: bisect over the starts.
        return [s.start for s in self.sentences]

    @cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def sentence_at(self, pos: int) -> Segment:
        i = bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return Segment(pos, pos, "")

    def line_index(self, pos: int) -> int:
        i = bisect_right(self._line_starts, pos) - 1
        if i >= 0 and pos <= self.lines[i].end:
            return i
        return -1

    @cached_property
    def layout(self) -> Any:
        """Title, dateline, letterhead, signature, sections, list items, key-value lines."""
        from .layout import analyse

        return analyse(self)

    @cached_property
    def ranges(self) -> list[Any]:
        """Date ranges (「A~B」), read by the exposure and timeline steps."""
        from .dates import find_ranges

        return find_ranges(self)

    @cached_property
    def announcements(self) -> list[Any]:
        """Dates of earlier announcements the text refers to (「7月19日に発表しました」)."""
        from .timeline import find_announcements

        return find_announcements(self)

    @cached_property
    def discoveries(self) -> list[Any]:
        """Statements of being told of the breach, dated (discovery and report steps)."""
        from .parties import find_discoveries

        return find_discoveries(self)

    @cached_property
    def first_discovery(self) -> Any:
        """The first dated discovery (discovered_on and discovered_by both read it)."""
        from .parties import first_discovery

        return first_discovery(self)

    @cached_property
    def leak_positions(self) -> list[int]:
        """Offsets of the morphemes that are leak words (流出, 漏えい, 窃取…)."""
        from .data import leak_positions

        return leak_positions(self)

    @cached_property
    def counts(self) -> list[Any]:
        from .counts import find_counts

        return find_counts(self)

    @cached_property
    def leak_counts(self) -> list[Any]:
        """Counts of leaked records (not fraud, stored totals or interim figures)."""
        from .counts import find_leak_counts

        return find_leak_counts(self)

    @cached_property
    def line_memo(self) -> dict[str, dict[int, bool]]:
        """Per-line answers of the data-item steps (a line under a leak heading, a bare list)."""
        return {"bare_list": {}, "leak_heading": {}}


def strip_bullet(line: str) -> str:
    """A line without leading list markers (-, ・, •, ■, (1), ①, 1.); 「2021.06.04」 is a date."""
    return re.sub(
        r"^[\s\-・•■●◆◇□※>\u2460-\u2473]*(?:\(\d+\)|\d+[.．、](?!\d))?\s*", "", line
    ).strip()


def fast(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`pattern` compiled behind a lookahead of the characters a match can start with.

    A pattern whose branches open with lookbehinds or optional parts makes `re` try every branch
    at every position; 「(?=[氏お住…])」 in front lets it skip straight to likely positions
    (several times faster on long alternations). Unchanged when the set cannot be worked out.
    """
    try:
        from re import _parser  # type: ignore[attr-defined]

        chars, nullable = _first_chars(_parser.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - private module layout: fall back to the plain pattern
        chars, nullable = None, True
    if chars is None or nullable or flags & re.IGNORECASE:
        return re.compile(pattern, flags)
    cls = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"(?=[{cls}])(?:{pattern})", flags)


def _first_chars(items: Any) -> tuple[set[str] | None, bool]:
    """(characters a match of the parsed sequence can start with, can it match empty)."""
    from re import _constants as c  # type: ignore[attr-defined]

    out: set[str] = set()
    for op, av in items:
        if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # zero-width: look at what follows
        if op is c.LITERAL:
            out.add(chr(av))
            return out, False
        if op is c.IN:
            for o, a in av:
                if o is c.LITERAL:
                    out.add(chr(a))
                elif o is c.RANGE and a[1] - a[0] <= 256:
                    out.update(chr(x) for x in range(a[0], a[1] + 1))
                else:
                    return None, False
            return out, False
        if op is c.BRANCH:
            subs = [_first_chars(alt) for alt in av[1]]
            nullable = any(n for _, n in subs)
        elif op is c.SUBPATTERN:
            subs = [_first_chars(av[-1])]
            nullable = subs[0][1]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            subs = [_first_chars(av[2])]
            nullable = av[0] == 0 or subs[0][1]
        else:
            return None, False
        for chars, _ in subs:
            if chars is None:
                return None, False
            out |= chars
        if not nullable:
            return out, False
    return out, True
