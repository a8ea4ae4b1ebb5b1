"""What the detail page shows: labelled values linked to their evidence, the changes between an
incident's disclosures, and the timeline of its key dates."""

import datetime as dt
from dataclasses import dataclass, replace

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from ingest.extract.fields import (
    COUNT_FIELDS,
    DATE_FIELDS,
    FIELDS,
    LIST_FIELDS,
    TABLE,
    VOCABULARY_OF,
)

from . import vocabulary
from .highlight import Span, segments
from .models import Correction, Disclosure, Incident, Term
from .resolution import Resolution, count_changes

# Labels, kinds and vocabularies come from the one field table (ingest/extract/fields.py); the
# English labels are msgids, translated in locale/.
FIELD_LABELS = {f.name: _(f.label) for f in TABLE}
TERM_KINDS = VOCABULARY_OF  # field -> Term.Kind (the vocab.json table)


@dataclass(frozen=True)
class Item:
    text: str
    href: str  # this item's first evidence span, else the field's, or ""


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    items: list[Item]
    href: str  # the field's first evidence span, or ""
    # below the review confidence or doubted by a check, and no editor reviewed it yet
    unverified: bool = False
    doubts: tuple[str, ...] = ()  # the messages of the failed checks that doubt it
    correction: Correction | None = None  # the editor's correction the value comes from
    support_href: str = ""  # the sentence the editor chose for it

    @property
    def values(self) -> list[str]:
        return [item.text for item in self.items]

    @property
    def unlinked(self) -> bool:
        """Values are shown but none of them leads to a passage."""
        return bool(self.items) and not any(item.href for item in self.items)


@dataclass(frozen=True)
class Change:
    label: str
    kind: str  # stated, revised, added, retracted
    old: str
    new: str
    old_href: str = ""  # the passage of the notice that held the old value
    new_href: str = ""  # the passage of the notice that brought the new one


@dataclass(frozen=True)
class HistoryEntry:
    disclosure: Disclosure
    label: str  # 第1報, 第2報, 最終報告
    changes: list[Change]
    first: bool


@dataclass(frozen=True)
class Event:
    date: dt.date | None
    end: dt.date | None
    label: str
    kind: str


def list_separator() -> str:
    return pgettext("between the items of a list", ", ")


def join_list(items) -> str:
    """Items joined the way the active language writes a list (、 in Japanese)."""
    return list_separator().join(items)


class Formatter:
    """SCHEMA values as text in the active language (labels for codes, grouped numbers)."""

    def __init__(self, version: str | None = None):
        self.terms = {kind: {} for kind in Term.Kind.values}
        for term in vocabulary.current(version).terms:
            self.terms[term.kind][term.code] = term.label

    def items(self, name: str, value) -> list[str]:
        if value in (None, "", []):
            return []
        if name == "exposure_periods":
            return [self.period(p) for p in value]
        if name in TERM_KINDS:
            labels = self.terms[TERM_KINDS[name]]
            codes = value if isinstance(value, list) else [value]
            return [labels.get(code, code) for code in codes]
        if isinstance(value, list):
            return [str(v) for v in value]
        if name in DATE_FIELDS:
            return [self.date(value)]
        if name in COUNT_FIELDS:
            return [number_format(value, force_grouping=True)]
        if isinstance(value, bool):
            return [gettext("yes") if value else gettext("no")]
        return [str(value)]

    def text(self, name: str, value) -> str:
        return join_list(self.items(name, value)) or "—"

    def date(self, value) -> str:
        if not value:
            return "?"
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return date_format(value, "DATE_FORMAT")

    def period(self, pair) -> str:
        start, end = (list(pair) + [None, None])[:2]
        return f"{self.date(start)} – {self.date(end)}"


def span_pairs(data: dict) -> list[tuple[int, int]]:
    """A field's spans, then those of its items that the field does not list, each once.

    Their positions number the anchors (`ev-<disclosure>-<field>-<n>`), so an item whose span is
    also a field span shares that span's anchor.
    """
    found = [data.get("spans") or []]
    found += [item.get("spans") or [] for item in list_items(data)]
    pairs: list[tuple[int, int]] = []
    for spans in found:
        for pair in spans:
            if isinstance(pair, list | tuple) and len(pair) == 2:
                key = (int(pair[0]), int(pair[1]))
                if key not in pairs:
                    pairs.append(key)
    return pairs


def list_items(data: dict) -> list[dict]:
    return [item for item in data.get("items") or [] if isinstance(item, dict)]


def chain_spans(disclosure: Disclosure) -> list[Span]:
    """Where the notice retracts an item or cites an earlier count (extract/chain.py)."""
    chain = disclosure.extraction.get("_chain") or {}
    out = []
    for name, items in (chain.get("retracted") or {}).items():
        for item in items:
            for start, end in item.get("spans", [])[:1]:
                anchor = f"retract-{disclosure.pk}-{name}-{item['value']}"
                out.append(Span(start, end, name, anchor))
    for n, item in enumerate(chain.get("earlier_counts") or []):
        for start, end in item.get("spans", [])[:1]:
            out.append(Span(start, end, "records_max", f"earlier-{disclosure.pk}-{n}"))
    return out


def evidence_spans(disclosure: Disclosure) -> list[Span]:
    spans = chain_spans(disclosure)
    for name, data in disclosure.extraction.items():
        if name.startswith("_") or not isinstance(data, dict):
            continue
        for n, (start, end) in enumerate(span_pairs(data)):
            spans.append(Span(start, end, name, f"ev-{disclosure.pk}-{name}-{n}"))
    return spans


def support_spans(disclosure: Disclosure, corrections) -> list[Span]:
    """The sentences editors chose in this notice to support their corrections."""
    out = []
    for correction in corrections:
        support = correction.support or {}
        if support.get("disclosure") == disclosure.pk:
            start, end = int(support.get("start", 0)), int(support.get("end", 0))
            if 0 <= start < end <= len(disclosure.text):
                out.append(Span(start, end, correction.field, f"support-{correction.pk}"))
    return out


def source_segments(disclosure: Disclosure, corrections=()) -> list:
    out = []
    spans = evidence_spans(disclosure) + support_spans(disclosure, corrections)
    for segment in segments(disclosure.text, spans):
        if segment.fields:
            title = ", ".join(str(FIELD_LABELS.get(f, f)) for f in segment.fields)
            segment = replace(segment, title=title)
        out.append(segment)
    return out


def evidence_href(name: str, value, disclosures: list[Disclosure]) -> str:
    """The first span of the newest disclosure that states this very value, as a link target.

    A value an editor corrected, or one a later notice revised without a recorded span, gets no
    link rather than one to a passage that says something else.
    """
    for disclosure in reversed(disclosures):
        data = disclosure.extraction.get(name) or {}
        if data.get("spans") and same_value(data.get("value"), value):
            return f"#ev-{disclosure.pk}-{name}-0"
    return ""


def item_href(name: str, value, disclosures: list[Disclosure]) -> str:
    """The first span of the newest disclosure that gives this one list item its own evidence."""
    for disclosure in reversed(disclosures):
        data = disclosure.extraction.get(name) or {}
        for item in list_items(data):
            own = span_pairs({"spans": item.get("spans")})
            if own and as_json(item.get("value")) == as_json(value):
                return f"#ev-{disclosure.pk}-{name}-{span_pairs(data).index(own[0])}"
    return ""


def as_json(value):
    """Tuples as lists, so an exposure period compares the same whichever way it was stored."""
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    return value


def same_value(extracted, resolved) -> bool:
    if isinstance(extracted, list) and isinstance(resolved, list):
        return sorted(map(str, extracted)) == sorted(map(str, resolved))
    return extracted == resolved


def corrections_by_field(
    incident: Incident, source: dict, corrections: list[Correction] | None = None
) -> dict[str, Correction]:
    """field -> the active correction the shown value comes from: the incident's own, else one
    of the notice the value was resolved from. `corrections`: incident.active_corrections(),
    when the caller has them."""
    out: dict[str, Correction] = {}
    if corrections is None:
        corrections = incident.active_corrections()
    for correction in corrections:
        own = correction.incident_id is not None
        if own or correction.disclosure_id == source.get(correction.field):
            if own or not (correction.field in out and out[correction.field].incident_id):
                out[correction.field] = correction
    return out


def field_rows(
    incident: Incident, disclosures: list[Disclosure], fmt: Formatter, corrected=None
) -> list[Row]:
    values = incident.schema_values()
    corrected = corrected or {}
    rows = []
    for name in FIELDS:
        value = values[name]
        if name == "forensic_firm":
            texts = [incident.forensic_firm.label] if incident.forensic_firm else []
        else:
            texts = fmt.items(name, value)
        href = evidence_href(name, value, disclosures)
        if name in LIST_FIELDS and value:
            # One text per list item, in order: each links to its own passage when it has one.
            hrefs = [item_href(name, v, disclosures) or href for v in value]
        else:
            hrefs = [href] * len(texts)
        items = [Item(text, link) for text, link in zip(texts, hrefs, strict=True)]
        doubts = tuple(gettext(c["message"]) for c in incident.checks or () if name in c["fields"])
        unverified = name in (incident.unverified_fields or ())
        correction = corrected.get(name)
        support = f"#support-{correction.pk}" if correction and correction.support else ""
        rows.append(
            Row(name, str(FIELD_LABELS[name]), items, href, unverified, doubts, correction,
                support)
        )  # fmt: skip
    return rows


def notice_label(number: int) -> str:
    """第N報, or 最終報告 for 0 (resolution.labels)."""
    if number == 0:
        return gettext("Final report")
    return gettext("Notice %(number)d") % {"number": number}


def passage(disclosure_id: int | None, name: str, by_id: dict, value=None) -> str:
    """A link to the passage of this notice that states the field (or this list item)."""
    disclosure = by_id.get(disclosure_id)
    if disclosure is None:
        return ""
    if value is not None:
        href = item_href(name, value, [disclosure])
        if href:
            return href
    data = disclosure.extraction.get(name) or {}
    return f"#ev-{disclosure.pk}-{name}-0" if data.get("spans") else ""


def disclosure_history(
    resolution: Resolution, disclosures: list[Disclosure], fmt: Formatter
) -> list[HistoryEntry]:
    """Each notice in the chain's order with its label and the changes it brought to the
    incident's resolved values (`resolution`), each linked to the old and the new evidence."""
    by_id = {d.pk: d for d in disclosures}
    order = sorted(by_id, key=list(resolution.labels).index)
    history = []
    for n, pk in enumerate(order):
        out = []
        for change in resolution.changes.get(pk, []):
            label = str(FIELD_LABELS[change.field])
            first_item = change.new[0] if isinstance(change.new, list) and change.new else None
            old_item = change.old[0] if isinstance(change.old, list) and change.old else None
            out.append(
                Change(
                    label,
                    change.kind,
                    fmt.text(change.field, change.old) if change.old not in (None, []) else "",
                    fmt.text(change.field, change.new) if change.new not in (None, []) else "",
                    passage(change.old_notice, change.field, by_id, old_item)
                    if change.kind in ("revised", "retracted")
                    else "",
                    passage(change.new_notice, change.field, by_id, first_item)
                    if change.kind != "retracted"
                    else f"#retract-{pk}-{change.field}-{old_item}",
                )
            )
        label = notice_label(resolution.labels[pk])
        history.append(HistoryEntry(by_id[pk], label, out if n else [], n == 0))
    return history


def count_history_text(incident: Incident) -> str:
    """「1,200 → 2,345」: the successive counts the notices stated, or "" when one."""
    values = count_changes(incident.count_history or [])
    return " → ".join(number_format(v, force_grouping=True) for v in values)


def as_date(value) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def timeline(incident: Incident, disclosures: list[Disclosure]) -> list[Event]:
    """The incident's key dates in order; an exposure period with an open start sorts first."""
    events = []
    for pair in incident.exposure_periods or []:
        start, end = (list(pair) + [None, None])[:2]
        events.append(Event(as_date(start), as_date(end), str(_("Exposure period")), "exposure"))
    dated = (
        ("discovered_on", _("Breach discovered"), "discovery"),
        ("payment_suspended_on", _("Card payment stopped"), "containment"),
        ("forensic_report_on", _("Forensic report received"), "report"),
        ("first_disclosed_on", _("First public disclosure"), "disclosure"),
    )
    for name, label, kind in dated:
        value = getattr(incident, name)
        if value:
            events.append(Event(value, None, str(label), kind))
    for disclosure in disclosures:
        if disclosure.published_on and disclosure.published_on != incident.first_disclosed_on:
            label = str(_("Notice published"))
            events.append(Event(disclosure.published_on, None, label, "notice"))
    return sorted(events, key=lambda e: (e.date or e.end or dt.date.min, e.kind != "exposure"))
