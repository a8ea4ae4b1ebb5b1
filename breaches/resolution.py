"""How an incident's values come from its notices: the one function `resolve_notices`.

The rules, in the order the README's Editors section states them:

1. Notices are read in order: by publication date, then stage (第1報, 続報, 最終報告), then import.
2. A later notice revises a count, a date or another single value only when it states one. A
   notice that leaves a field out changes nothing.
3. A notice whose extraction of a field has low confidence (below REVIEW_CONFIDENCE) does not
   override a confident earlier value; it may fill a field nobody stated confidently.
4. `causes`, `card_data`, `personal_data`, `sites` and `reported_to` are the union of what the
   notices assert (low-confidence assertions join only an unconfident field), minus what a later
   notice retracts in so many words (「原因はSQLインジェクションではなく」). A generic cause
   (unauthorized_access, unknown) gives way once a specific one is known; an item a later
   notice only implies (a plan to stop storing card data) adds nothing to stated causes.
5. `first_disclosed_on` is the earliest date any notice states for the first announcement, or the
   earliest publication date; `forensic_investigation` is true once any notice says so.
6. An editor's correction of a notice counts as that notice's value with full confidence; an
   editor's correction of the incident (applied by the model afterwards) wins over everything.

Every change of a resolved value from one notice to the next is returned, with the notice that
held the old value and the one that brought the new, for the incident's 公表の履歴.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ingest.extract.fields import FIELDS

REVIEW_CONFIDENCE = 0.8
UNION_FIELDS = ("causes", "card_data", "personal_data", "sites", "reported_to")
# Notice-level fields: each notice has its own; the incident shows the latest.
OWN_FIELDS = ("published_on", "report_stage")
STAGE_ORDER = {"initial": 0, "update": 1, "final": 2}
GENERIC_CAUSES = ("unauthorized_access", "unknown")
COUNT_FIELDS = ("records_max", "records_confirmed")


@dataclass
class Notice:
    """One notice's values as the resolution reads them."""

    id: int
    published_on: str | None
    report_stage: str | None
    values: dict[str, Any]
    confidence: dict[str, float]
    retracted: dict[str, list[str]] = field(default_factory=dict)
    earlier_counts: list[int] = field(default_factory=list)
    # Items only implied, not stated (a plan to stop storing card data): they do not add to
    # what earlier notices stated.
    implied: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldChange:
    field: str
    kind: str  # stated, revised, added, retracted
    old: Any
    new: Any
    old_notice: int | None  # the notice that held the old value
    new_notice: int  # the notice that brought the new one


@dataclass
class Resolution:
    values: dict[str, Any]
    confidence: dict[str, float]
    source: dict[str, int | None]  # field -> the notice whose statement the value is
    changes: dict[int, list[FieldChange]]  # notice id -> changes it brought
    counts: list[dict[str, Any]]  # every count stated, in order
    labels: dict[int, int]  # notice id -> N of 第N報; 0 for a 最終報告


def empty(value) -> bool:
    return value in (None, "", [], ())


def ordered(notices: list[Notice]) -> list[Notice]:
    return sorted(
        notices,
        key=lambda n: (n.published_on or "9999", STAGE_ORDER.get(n.report_stage or "", 1), n.id),
    )


def resolve_notices(notices: list[Notice]) -> Resolution:
    values: dict[str, Any] = dict.fromkeys(FIELDS)
    confidence = dict.fromkeys(FIELDS, 0.0)
    source: dict[str, int | None] = dict.fromkeys(FIELDS)
    changes: dict[int, list[FieldChange]] = {}
    for notice in ordered(notices):
        found: list[FieldChange] = []
        for name in FIELDS:
            new, conf = notice.values.get(name), float(notice.confidence.get(name) or 0.0)
            if name in OWN_FIELDS:
                if not empty(new):
                    values[name], confidence[name], source[name] = new, conf, notice.id
                continue
            if name in UNION_FIELDS:
                found += _union(name, notice, values, confidence, source)
                continue
            if name == "first_disclosed_on":
                stated = [d for d in (new, notice.published_on) if d]
                new = min(stated) if stated else None
                if new is None or (values[name] and values[name] <= new):
                    continue
            elif name == "forensic_investigation":
                if not new or values[name]:
                    continue
            elif empty(new) or new == values[name]:
                continue
            elif not _may_override(conf, confidence[name], values[name]):
                continue
            old = values[name]
            kind = "stated" if empty(old) else "revised"
            found.append(FieldChange(name, kind, old, new, source[name], notice.id))
            values[name], confidence[name], source[name] = new, conf, notice.id
        changes[notice.id] = found
    return Resolution(values, confidence, source, changes, count_history(notices), labels(notices))


def _may_override(new_conf: float, old_conf: float, old) -> bool:
    """A low-confidence statement does not replace a confident one."""
    return empty(old) or new_conf >= REVIEW_CONFIDENCE or old_conf < REVIEW_CONFIDENCE


def _union(name: str, notice: Notice, values, confidence, source) -> list[FieldChange]:
    current = list(values[name] or [])
    new_items = list(notice.values.get(name) or [])
    conf = float(notice.confidence.get(name) or 0.0)
    out = []
    retracted = [v for v in notice.retracted.get(name, []) if v in current]
    if retracted:
        current = [v for v in current if v not in retracted]
        out.append(FieldChange(name, "retracted", retracted, [], source[name], notice.id))
    if new_items and _may_override(conf, confidence[name], current):
        passing = notice.implied.get(name, []) if current else []
        added = [v for v in new_items if v not in current + retracted + passing]
        if added:
            old = list(current)
            current += added
            if name == "causes":
                current = _specific_first(current)
            added = [v for v in added if v in current]
        if added:
            kind = "added" if old or retracted else "stated"
            out.append(FieldChange(name, kind, old, added, source[name], notice.id))
            confidence[name] = min(conf, confidence[name]) if old else conf
            source[name] = notice.id
    values[name] = current
    return out


def _specific_first(causes: list[str]) -> list[str]:
    """unauthorized_access and unknown stand only while nothing more specific is known."""
    specific = [c for c in causes if c not in GENERIC_CAUSES]
    if not specific:
        return causes
    return specific


def count_history(notices: list[Notice]) -> list[dict[str, Any]]:
    """Every count the notices state, in order, each once where it repeats the one before:
    an earlier figure a notice revises (cited) comes before that notice's own."""
    out: list[dict[str, Any]] = []
    last: dict[str, Any] = {}
    for notice in ordered(notices):
        points = [("records_max", n, True) for n in notice.earlier_counts]
        points += [(f, notice.values.get(f), False) for f in COUNT_FIELDS]
        for name, value, cited in points:
            if value is None or last.get(name) == value:
                continue
            last[name] = value
            out.append(
                {
                    "field": name,
                    "value": value,
                    "notice": notice.id,
                    "published_on": notice.published_on,
                    "cited": cited,
                }
            )
    return out


def count_changes(history: list[dict[str, Any]], name: str = "records_max") -> list[int]:
    """The successive values of one count (1,200 → 2,345); one value is no change."""
    values = [point["value"] for point in history if point["field"] == name]
    return values if len(values) > 1 else []


def labels(notices: list[Notice]) -> dict[int, int]:
    """N of 第N報 by the notice's place in the chain (0 for a 最終報告): a chain whose first
    notice here is a 続報 starts at 第2報."""
    out: dict[int, int] = {}
    number = 0
    for notice in ordered(notices):
        number = max(number + 1, 2 if notice.report_stage in ("update", "final") else 1)
        out[notice.id] = 0 if notice.report_stage == "final" else number
    return out


def as_date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
