"""Text preparation: length-preserving normalisation, lines and sentences with offsets.

Every later step searches `Doc.text`; because normalisation never changes the length, a match
at (start, end) in `Doc.text` is also the evidence span in the original text.
"""

from __future__ import annotations

import re
import unicodedata
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


def normalise(text: str) -> str:
    """NFKC character by character, keeping the length (full-width digits, ～, 　)."""
    return "".join(_fold_char(ch) for ch in text)


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

    def sentence_at(self, pos: int) -> Segment:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return Segment(pos, pos, "")

    def line_index(self, pos: int) -> int:
        for i, line in enumerate(self.lines):
            if line.start <= pos <= line.end:
                return i
        return -1


def strip_bullet(line: str) -> str:
    """A line without leading list markers (-, ・, •, ■, (1), ①, 1.)."""
    return re.sub(r"^[\s\-・•■●◆◇□※>\u2460-\u2473]*(?:\(\d+\)|\d+[.．、])?\s*", "", line).strip()
