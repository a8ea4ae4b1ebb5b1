"""Text preparation: length-preserving normalisation, lines and sentences with offsets.

Every later step searches `Doc.text`; because normalisation never changes the length, a match
at (start, end) in `Doc.text` is also the evidence span in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
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


_SENTENCE = re.compile(r"[^\n。!?]+[。!?]?")


def split_sentences(text: str) -> tuple[Segment, ...]:
    """Sentences end at 。 ! ? or a line break (headings and list items are their own sentence)."""
    return tuple(
        Segment(m.start(), m.end(), m.group())
        for m in _SENTENCE.finditer(text)
        if m.group().strip()
    )


@dataclass(frozen=True)
class Doc:
    """One prepared document, shared by all pipeline steps."""

    raw: str
    text: str
    lines: tuple[Segment, ...]
    sentences: tuple[Segment, ...]
    morphemes: tuple[Any, ...] = ()
    dates: tuple[Any, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Start offsets for bisect: steps look up "the sentence/line at pos" thousands of times.
        self.extra["sentence_starts"] = [s.start for s in self.sentences]
        self.extra["line_starts"] = [line.start for line in self.lines]

    def sentence_at(self, pos: int) -> Segment:
        i = bisect_right(self.extra["sentence_starts"], pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return Segment(pos, pos, "")

    def line_index(self, pos: int) -> int:
        i = bisect_right(self.extra["line_starts"], pos) - 1
        if i >= 0 and pos <= self.lines[i].end:
            return i
        return -1


def strip_bullet(line: str) -> str:
    """A line without leading list markers (-, ・, •, ■, (1), ①, 1.)."""
    return re.sub(r"^[\s\-・•■●◆◇□※>\u2460-\u2473]*(?:\(\d+\)|\d+[.．、])?\s*", "", line).strip()
