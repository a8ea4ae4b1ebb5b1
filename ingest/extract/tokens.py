"""SudachiPy behind one boundary: lazy import, one dictionary per process and a tokenizer per
thread, plain NamedTuples.

Sudachi rejects inputs over 49,149 bytes, so text is fed line by line in chunks under that.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

MAX_BYTES = 49_149
_CHUNK_BYTES = 40_000
# Content words for search; everything else (particles, auxiliaries, symbols) is noise.
_CONTENT_POS = ("名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞", "代名詞")


class Morpheme(NamedTuple):
    surface: str
    normalized: str
    pos: str
    pos_detail: str
    start: int
    end: int


@cache
def dictionary() -> Any:
    # Imported here so that importing ingest.extract stays cheap and dictionary-free.
    from sudachipy import Dictionary

    return Dictionary()


_local = threading.local()


def tokenizer() -> Any:
    """This thread's tokenizer over the process's one dictionary: a Sudachi tokenizer refuses
    to be used by two threads at once (the importer extracts the next notice in a thread of
    its own while this one's search vector is written)."""
    try:
        return _local.tokenizer
    except AttributeError:
        # All fields: a reduced `fields=` set changes tokenisation.
        _local.tokenizer = dictionary().tokenizer()
        return _local.tokenizer


@cache
def _mode(name: str) -> Any:
    from sudachipy import SplitMode

    return getattr(SplitMode, name)


def chunks(text: str, limit: int = _CHUNK_BYTES) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of `text`, cut after line breaks, each under `limit` UTF-8 bytes."""
    start, size, pos = 0, 0, 0
    for line in text.splitlines(keepends=True):
        n = len(line.encode("utf-8"))
        if size + n > limit and pos > start:
            yield start, text[start:pos]
            start, size = pos, 0
        while n > limit:  # one huge line: cut it by characters
            cut = _cut_point(line, limit)
            yield pos, line[:cut]
            pos += cut
            start = pos
            line = line[cut:]
            n = len(line.encode("utf-8"))
        size += n
        pos += len(line)
    if pos > start:
        yield start, text[start:pos]


def _cut_point(line: str, limit: int) -> int:
    total = 0
    for i, ch in enumerate(line):
        total += len(ch.encode("utf-8"))
        if total > limit:
            return i
    return len(line)


def tokenize(text: str, mode: str = "C") -> tuple[Morpheme, ...]:
    """Morphemes of `text` with offsets into it."""
    tok, split = tokenizer(), _mode(mode)
    out: list[Morpheme] = []
    for offset, piece in chunks(text):
        for m in tok.tokenize(piece, split):
            pos = m.part_of_speech()
            out.append(
                Morpheme(
                    m.surface(),
                    m.normalized_form(),
                    pos[0],
                    pos[1],
                    offset + m.begin(),
                    offset + m.end(),
                )
            )
    return tuple(out)


def word_forms(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, surface, normalised form) of each mode C word of `text` and, for a
    compound, of each of its mode A parts: the words the search index reads (search_terms),
    from one pass that reads nothing else of them."""
    tok, mode_c, mode_a = tokenizer(), _mode("C"), _mode("A")
    for offset, piece in chunks(text):
        for m in tok.tokenize(piece, mode_c):
            yield offset + m.begin(), offset + m.end(), m.surface(), m.normalized_form()
            if m.end() - m.begin() > 1:
                parts = m.split(mode_a)
                if len(parts) > 1:
                    for p in parts:
                        yield offset + p.begin(), offset + p.end(), p.surface(), p.normalized_form()


def select(text: str, first_chars: frozenset[str]) -> tuple[Morpheme, ...]:
    """Morphemes of `text` whose surface starts with one of `first_chars` (see `read`)."""
    return read(text, first_chars).morphemes


class Tokens(NamedTuple):
    """One Sudachi pass over a text: the morphemes extraction reads and the search terms."""

    morphemes: tuple[Morpheme, ...]
    terms: tuple[str, ...]


def read(
    text: str, first_chars: frozenset[str], *, folded: str | None = None, terms: bool = False
) -> Tokens:
    """One mode C pass over `text`, in the chunks `search_terms` tokenises.

    `morphemes`: those that begin with one of `first_chars`, with the surface taken from
    `folded` (the same-length normalised text) when given; only they pay for the dictionary
    reads. `terms` (when asked for): the same terms, in the same order, as
    `search_terms(text)`."""
    tok, split = tokenizer(), _mode("C")
    shown = text if folded is None else folded
    wanted = _any_of(first_chars)
    out: list[Morpheme] = []
    found: dict[str, None] = {}
    for offset, piece in chunks(text):
        starts = [m.start() for m in wanted.finditer(shown, offset, offset + len(piece))]
        if not (starts or terms):
            continue  # nothing to select in this chunk
        morphemes = tok.tokenize(piece, split)
        if terms:
            _add_terms(found, morphemes)
        out.extend(_beginning_at(morphemes, starts, offset, shown))
    return Tokens(tuple(out), tuple(found))


@cache
def _any_of(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]" if chars else "(?!)")


def _beginning_at(morphemes: Any, starts: list[int], offset: int, shown: str) -> list[Morpheme]:
    """The morphemes that begin at one of `starts` (text offsets, ascending), found by halving
    rather than by reading every morpheme of the chunk."""
    out = []
    for start in starts:
        i = bisect_right(range(len(morphemes)), start, key=lambda j: offset + morphemes[j].begin())
        m = morphemes[i - 1]
        if offset + m.begin() == start:
            end = offset + m.end()
            tags = m.part_of_speech()
            out.append(
                Morpheme(shown[start:end], m.normalized_form(), tags[0], tags[1], start, end)
            )
    return out


def _add_terms(found: dict[str, None], morphemes: Any) -> None:
    known = _TERMS.get
    for m in morphemes:
        surface = m.surface()
        cached = known((m.word_id(), surface))
        for term in _terms_of(m, surface) if cached is None else cached:
            found[term] = None


# (word id, surface) -> the terms of that morpheme. The word id names the dictionary and the
# entry (an unknown word's id carries its part of speech), which fix the part of speech, the
# mode A parts and the normalised form; an unknown word's normalised form follows its surface.
_TERMS: dict[tuple[int, str], tuple[str, ...]] = {}
_TERMS_KEPT = 200_000


def _terms_of(m: Any, surface: str) -> tuple[str, ...]:
    terms: dict[str, None] = {}
    _add_term(terms, m)
    if len(surface) > 1:
        parts = m.split(_mode("A"))
        if len(parts) > 1:
            for part in parts:
                _add_term(terms, part)
    if len(_TERMS) >= _TERMS_KEPT:
        _TERMS.clear()
    _TERMS[(m.word_id(), surface)] = found = tuple(terms)
    return found


def is_content(m: Morpheme) -> bool:
    if not m.surface.strip() or m.pos_detail == "非自立可能":  # する, こと, いる: no search value
        return False
    return m.pos.startswith(_CONTENT_POS) or (m.surface.isascii() and m.surface.isalnum())


def search_terms(text: str) -> list[str]:
    """Index terms: mode A and mode C normalised forms of content words, lower-cased.

    Mode C keeps compounds (クレジットカード), mode A splits them (カード), so the union lets a
    search for either find both; normalised forms fold 漏えい/漏洩 and セキュリティ(ー)コード.
    The text is tokenised once in mode C and compounds are split into their mode A parts, which
    gives the same terms as two tokenisations at a third of the cost.
    """
    tok, mode_c, mode_a = tokenizer(), _mode("C"), _mode("A")
    terms: dict[str, None] = {}
    for _offset, piece in chunks(text):
        for m in tok.tokenize(piece, mode_c):
            _add_term(terms, m)
            if len(m.surface()) > 1:
                parts = m.split(mode_a)
                if len(parts) > 1:
                    for part in parts:
                        _add_term(terms, part)
    return list(terms)


def _add_term(terms: dict[str, None], m: Any) -> None:
    surface = m.surface()
    if not surface.strip():
        return
    pos = m.part_of_speech()
    if pos[1] == "非自立可能":  # する, こと, いる: no search value
        return
    if pos[0].startswith(_CONTENT_POS) or (surface.isascii() and surface.isalnum()):
        for term in m.normalized_form().lower().split():
            terms[term] = None
