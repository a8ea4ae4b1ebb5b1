"""The changes page of a notice whose text was revised: each earlier text against the one that
replaced it, as a line diff with the changed words marked, and the extracted values that changed.

Texts are diffed line by line (difflib); a replaced line that stays similar to its new version is
shown once, with the deleted and inserted words inside it. Unchanged lines fold away except for
a little context. Every piece is plain text, escaped by the template.
"""

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ingest.extract.fields import FIELDS

from .detail import FIELD_LABELS, Formatter
from .models import Disclosure, Revision
from .views import display_name

CONTEXT = 2  # unchanged lines kept around a change
# A replaced line at least this similar to its new version is one edited line, not two.
SIMILAR = 0.5
# Words for the inline diff: a number (1,000 / 2020) or a Latin word moves as one piece; a
# Japanese text has no spaces, so each other character is a piece of its own.
TOKEN = re.compile(r"\d[\d,.]*|[A-Za-z]+|\s+|.", re.S)
SIGNS = {"same": "", "del": "−", "ins": "+", "edit": "±"}


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str  # same, del, ins


@dataclass(frozen=True)
class Line:
    kind: str  # same, del, ins, edit (a line with deleted and inserted words)
    pieces: tuple[Piece, ...]

    @property
    def sign(self) -> str:
        return SIGNS[self.kind]


@dataclass(frozen=True)
class Fold:
    """Unchanged lines out of the context of any change, shown only on request."""

    lines: tuple[Line, ...]
    kind: str = "fold"


@dataclass(frozen=True)
class Version:
    number: int
    text: str
    extraction: dict
    since: dt.datetime  # when this text came in


@dataclass(frozen=True)
class ValueChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Step:
    old: Version
    new: Version
    current: bool  # `new` is the notice's text now
    rows: list  # Line and Fold, in order
    values: list[ValueChange] | None  # None: the earlier text's values were not kept

    @property
    def deleted(self) -> int:
        return sum(row.kind in ("del", "edit") for row in self.rows)

    @property
    def inserted(self) -> int:
        return sum(row.kind in ("ins", "edit") for row in self.rows)


def whole(kind: str, text: str) -> Line:
    return Line(kind, (Piece(text, kind),))


def line_diff(old: str, new: str) -> list:
    """The rows of the diff from `old` to `new`: lines, and folds of unchanged lines."""
    a, b = old.splitlines(), new.splitlines()
    rows = []
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            rows += context(a[i1:i2], first=n == 0, last=n == len(opcodes) - 1)
        elif tag == "delete":
            rows += [whole("del", line) for line in a[i1:i2]]
        elif tag == "insert":
            rows += [whole("ins", line) for line in b[j1:j2]]
        else:
            rows += replaced(a[i1:i2], b[j1:j2])
    return rows


def context(lines: list[str], *, first: bool, last: bool) -> list:
    """A run of unchanged lines: CONTEXT lines next to each change, the rest folded."""
    head = [] if first else lines[:CONTEXT]
    rest = lines[len(head) :]
    tail = [] if last else rest[-CONTEXT:]
    middle = rest[: len(rest) - len(tail)]
    if len(middle) <= 1:  # folding one line saves nothing
        head, middle = head + middle, []
    rows = [whole("same", line) for line in head]
    if middle:
        rows.append(Fold(tuple(whole("same", line) for line in middle)))
    return rows + [whole("same", line) for line in tail]


def replaced(old: list[str], new: list[str]) -> list[Line]:
    """Lines replaced by others: each pair that stays similar is one edited line."""
    rows = []
    for n in range(max(len(old), len(new))):
        a = old[n] if n < len(old) else None
        b = new[n] if n < len(new) else None
        line = edited(a, b) if a is not None and b is not None else None
        if line:
            rows.append(line)
            continue
        rows += [whole("del", a)] if a is not None else []
        rows += [whole("ins", b)] if b is not None else []
    return rows


def edited(old: str, new: str) -> Line | None:
    """One line with its deleted and inserted words, or None when the two are not alike."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < SIMILAR:
        return None
    pieces = []
    for tag, i1, i2, j1, j2 in merged(matcher.get_opcodes(), a):
        if tag == "equal":
            pieces.append(Piece("".join(a[i1:i2]), "same"))
            continue
        if i2 > i1:
            pieces.append(Piece("".join(a[i1:i2]), "del"))
        if j2 > j1:
            pieces.append(Piece("".join(b[j1:j2]), "ins"))
    return Line("edit", tuple(pieces))


def merged(opcodes, a: list[str]) -> list[tuple]:
    """Opcodes with a one-character match between two changes taken into them: 「の」 kept
    between two rewritten phrases would cut one change into confetti."""
    out = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        inside = 0 < n < len(opcodes) - 1 and len("".join(a[i1:i2])) <= 1
        if tag == "equal" and not inside:
            out.append((tag, i1, i2, j1, j2))
        elif out and out[-1][0] == "replace":
            out[-1] = ("replace", out[-1][1], i2, out[-1][3], j2)
        else:
            out.append(("replace", i1, i2, j1, j2))
    return out


def extracted(extraction: dict, name: str):
    data = extraction.get(name)
    value = data.get("value") if isinstance(data, dict) else None
    return None if value in ("", []) else value


def value_changes(old: dict, new: dict, fmt: Formatter) -> list[ValueChange] | None:
    """The SCHEMA values extracted from `new` that differ from those of `old`."""
    if not old or not new:
        return None
    out = []
    for name in FIELDS:
        before, after = extracted(old, name), extracted(new, name)
        if before != after:
            label = str(FIELD_LABELS[name])
            out.append(ValueChange(label, fmt.text(name, before), fmt.text(name, after)))
    return out


def versions(disclosure: Disclosure, revisions: list[Revision]) -> list[Version]:
    """The notice's texts, oldest first; a Revision row is a text replaced at its created_at."""
    out, since = [], disclosure.created_at
    for revision in revisions:
        out.append(Version(revision.number, revision.text, revision.extraction, since))
        since = revision.created_at
    number = max(disclosure.revision, revisions[-1].number + 1)
    return out + [Version(number, disclosure.text, disclosure.extraction, since)]


def steps(disclosure: Disclosure, revisions: list[Revision], fmt: Formatter) -> list[Step]:
    texts = versions(disclosure, revisions)
    return [
        Step(
            old=old,
            new=new,
            current=new is texts[-1],
            rows=line_diff(old.text, new.text),
            values=value_changes(old.extraction, new.extraction, fmt),
        )
        for old, new in zip(texts, texts[1:], strict=False)
    ]


def changes_url(disclosure: Disclosure, number: int | None = None) -> str:
    """The changes page of a notice; with `number`, at the step that brought that revision."""
    url = reverse("breaches:notice-changes", args=[disclosure.incident_id, disclosure.pk])
    return f"{url}#r{number}" if number else url


def notice_changes(request, pk, disclosure_pk):
    disclosure = get_object_or_404(
        Disclosure.objects.select_related("incident"), pk=disclosure_pk, incident_id=pk
    )
    revisions = list(disclosure.revisions.order_by("number"))
    if not revisions:
        raise Http404("This notice's text was never revised.")
    fmt = Formatter()
    context = {
        "incident": disclosure.incident,
        "disclosure": disclosure,
        "name": display_name(disclosure.incident),
        "stage": fmt.terms["report_stages"].get(disclosure.report_stage, ""),
        "steps": steps(disclosure, revisions, fmt),
    }
    return render(request, "breaches/notice_changes.html", context)
