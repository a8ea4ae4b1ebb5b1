"""The extraction result: SCHEMA fields, each value with its evidence spans and a confidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

Span = tuple[int, int]

# Field order of shared/eval/SCHEMA.md (without `id`).
FIELDS: tuple[str, ...] = (
    "organization",
    "sites",
    "published_on",
    "first_disclosed_on",
    "report_stage",
    "discovered_on",
    "discovered_by",
    "forensic_firm",
    "forensic_investigation",
    "forensic_report_on",
    "causes",
    "card_data",
    "personal_data",
    "records_max",
    "records_confirmed",
    "fraud_cases",
    "exposure_periods",
    "payment_suspended_on",
    "reported_to",
)
LIST_FIELDS = frozenset(
    {"sites", "causes", "card_data", "personal_data", "exposure_periods", "reported_to"}
)
DATE_FIELDS = frozenset(
    {
        "published_on",
        "first_disclosed_on",
        "discovered_on",
        "forensic_report_on",
        "payment_suspended_on",
    }
)


@dataclass(frozen=True)
class Evidence:
    """One extracted value and where the text says it.

    `value` is a Python value: `datetime.date` for dates, a tuple for list fields (exposure
    periods are `(start, end)` tuples of dates or None), int, bool, str or None.
    `spans` are (start, end) character offsets into the source text; `items` gives each item of a
    list field its own evidence.
    """

    value: Any = None
    spans: tuple[Span, ...] = ()
    confidence: float = 0.0
    items: tuple[Evidence, ...] = ()


def _empty(name: str) -> Evidence:
    return Evidence(value=() if name in LIST_FIELDS else None)


@dataclass(frozen=True)
class Extraction:
    organization: Evidence = field(default_factory=lambda: _empty("organization"))
    sites: Evidence = field(default_factory=lambda: _empty("sites"))
    published_on: Evidence = field(default_factory=lambda: _empty("published_on"))
    first_disclosed_on: Evidence = field(default_factory=lambda: _empty("first_disclosed_on"))
    report_stage: Evidence = field(default_factory=lambda: _empty("report_stage"))
    discovered_on: Evidence = field(default_factory=lambda: _empty("discovered_on"))
    discovered_by: Evidence = field(default_factory=lambda: _empty("discovered_by"))
    forensic_firm: Evidence = field(default_factory=lambda: _empty("forensic_firm"))
    forensic_investigation: Evidence = field(default_factory=lambda: Evidence(value=False))
    forensic_report_on: Evidence = field(default_factory=lambda: _empty("forensic_report_on"))
    causes: Evidence = field(default_factory=lambda: _empty("causes"))
    card_data: Evidence = field(default_factory=lambda: _empty("card_data"))
    personal_data: Evidence = field(default_factory=lambda: _empty("personal_data"))
    records_max: Evidence = field(default_factory=lambda: _empty("records_max"))
    records_confirmed: Evidence = field(default_factory=lambda: _empty("records_confirmed"))
    fraud_cases: Evidence = field(default_factory=lambda: _empty("fraud_cases"))
    exposure_periods: Evidence = field(default_factory=lambda: _empty("exposure_periods"))
    payment_suspended_on: Evidence = field(default_factory=lambda: _empty("payment_suspended_on"))
    reported_to: Evidence = field(default_factory=lambda: _empty("reported_to"))

    def schema(self) -> dict[str, Any]:
        """The values as SCHEMA.md writes them (ISO dates, lists), ready for json.dumps."""
        return {f.name: to_schema_value(getattr(self, f.name).value) for f in fields(self)}

    def to_json(self) -> dict[str, dict[str, Any]]:
        """Every field with its SCHEMA value, evidence spans and confidence."""
        out = {}
        for f in fields(self):
            ev: Evidence = getattr(self, f.name)
            out[f.name] = {
                "value": to_schema_value(ev.value),
                "spans": [list(s) for s in ev.spans],
                "confidence": round(ev.confidence, 3),
            }
            if ev.items:
                out[f.name]["items"] = [
                    {"value": to_schema_value(i.value), "spans": [list(s) for s in i.spans]}
                    for i in ev.items
                ]
        return out


def to_schema_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_schema_value(v) for v in value]
    return value
