"""Highlighted source text built from character offsets, never from HTML in the stored text.

A text becomes a list of `Segment`s; templates print each one escaped, wrapping marked ones in
`<mark>`. Search matches are found with the same Sudachi normalisation as the index, so a search
for 漏洩 highlights 漏えい.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString

SNIPPET_BEFORE = 40
SNIPPET_AFTER = 120
# A search result's snippet tokenises at most this many characters of a notice: Sudachi reads
# 0.3-0.6 M chars/s (FIELD-NOTES), so a page of 20 results stays well under a second even when
# its notices run to millions of characters and match only through their organisation.
SNIPPET_WINDOW = 4_000


@dataclass(frozen=True)
class Segment:
    text: str
    fields: tuple[str, ...] = ()  # what this piece is evidence of; () = plain text
    ids: tuple[str, ...] = ()  # anchors of the spans starting here
    mark: bool = False
    title: str = ""  # the fields' labels, for a tooltip

    @property
    def anchor(self) -> str:
        return self.ids[0] if self.ids else ""

    @property
    def extra_ids(self) -> tuple[str, ...]:
        return self.ids[1:]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    field: str = ""
    id: str = ""


@dataclass
class Snippet:
    segments: list[Segment] = field(default_factory=list)
    cut_before: bool = False
    cut_after: bool = False

    @property
    def html(self) -> "SafeString":
        return html(self.segments)


def segments(text: str, spans: list[Span]) -> list[Segment]:
    """`text` cut at every span boundary; overlapping spans share the pieces they cover."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s.start <= start and s.end >= end]
        names = tuple(dict.fromkeys(s.field for s in covering if s.field))
        ids = tuple(s.id for s in covering if s.start == start and s.id)
        out.append(Segment(text[start:end], names, ids, mark=bool(covering)))
    return out


def html(pieces: list[Segment], *, described: bool = False) -> SafeString:
    """The segments as HTML: every text escaped, a marked one inside `<mark>`. `described`: a
    mark also carries its anchors (`id`, the further ones as empty spans), the fields' labels
    as its title and the fields' names (`data-fields`), as on the incident page.

    Written out here rather than by a template loop: a notice is a hundred segments or more,
    and the template engine's cost per node was most of the incident page's rendering."""
    out = []
    for piece in pieces:
        text = escape(piece.text)
        if not piece.mark:
            out.append(text)
        elif not described:
            out.append(f"<mark>{text}</mark>")
        else:
            anchor = f' id="{escape(piece.ids[0])}"' if piece.ids else ""
            extra = "".join(f'<span id="{escape(i)}"></span>' for i in piece.ids[1:])
            out.append(
                f'<mark{anchor} title="{escape(piece.title)}" '
                f'data-fields="{escape(" ".join(piece.fields))}">{extra}{text}</mark>'
            )
    return SafeString("".join(out))


def term_spans(text: str, terms, stop_after: int | None = None) -> list[Span]:
    """Where the text's words normalise to one of `terms` (Sudachi modes A and C, as the index
    reads them: tokens.word_forms).

    Reads line by line and stops `stop_after` characters past the first match, so a snippet
    costs a few lines of tokenising, not the whole notice. A line without any of the terms'
    `anchors` is not tokenised.
    """
    from ingest.extract import tokens

    wanted = set(terms)
    marks = anchors(wanted)
    found: list[Span] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if stop_after is not None and found and offset > found[0].start + stop_after:
            break
        if line.strip() and not marks.isdisjoint(fold(line)):
            for start, end, surface, normalized in tokens.word_forms(line):
                if surface.lower() in wanted or wanted.intersection(normalized.lower().split()):
                    found.append(Span(offset + start, offset + end))
        offset += len(line)
    return merge(found)


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def anchors(terms) -> frozenset[str]:
    """Characters one of which any spelling of a term has: its kanji (漏えい and 漏洩 share 漏,
    改ざん and 改竄 改), else its first character (セキュリティ, セキュリティー), after NFKC
    and case folding (ｶｰﾄﾞ, ＰＣＦ). A line with none of them holds no match and is not
    tokenised: a notice matched through a coded concept (PCF社 for a firm's name) or only deep
    down costs a few lines, not the whole window. A spelling all in kana of a term written in
    kanji is not looked for."""
    out: set[str] = set()
    for term in terms:
        term = fold(term)
        kanji = {c for c in term if KANJI.match(c)}
        out |= kanji or set(term[:1])
    return frozenset(out)


KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]")


def merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and span.start <= out[-1].end:
            last = out[-1]
            out[-1] = Span(last.start, max(last.end, span.end))
        else:
            out.append(span)
    return out


def snippet(text: str, terms) -> Snippet | None:
    """The text around the first match of `terms`, matches marked; None when none matches.

    Only a window of SNIPPET_WINDOW characters is tokenised: the one around the first literal
    occurrence of a term, else the start of the text (where a differently spelt form, 漏えい for
    漏洩, is looked for).
    """
    base = window_start(text, terms)
    window = text[base : base + SNIPPET_WINDOW]
    spans = [
        Span(s.start + base, s.end + base)
        for s in term_spans(window, terms, stop_after=SNIPPET_AFTER)
    ]
    if not spans:
        return None
    start = max(0, spans[0].start - SNIPPET_BEFORE)
    end = min(len(text), spans[0].start + SNIPPET_AFTER)
    inside = [
        Span(max(s.start, start) - start, min(s.end, end) - start)
        for s in spans
        if s.start < end and s.end > start
    ]
    piece = " ".join(text[start:end].split("\n"))
    return Snippet(segments(piece, inside), cut_before=start > 0, cut_after=end < len(text))


def window_start(text: str, terms) -> int:
    """Where the window to tokenise starts: a little before the first literal term, else 0."""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words or len(text) <= SNIPPET_WINDOW:
        return 0
    found = re.search("|".join(map(re.escape, words)), text, re.IGNORECASE)
    if not found:
        return 0
    # Start at a line break shortly before the match, so that no word is cut in two.
    start = max(0, found.start() - SNIPPET_BEFORE * 4)
    line = text.rfind("\n", start, found.start())
    return line + 1 if line >= 0 else start


def opening(text: str, length: int = SNIPPET_AFTER) -> Snippet:
    """The start of the text, for results that match only by organisation or site."""
    piece = " ".join(text[:length].split("\n"))
    return Snippet([Segment(piece)], cut_after=len(text) > length)
