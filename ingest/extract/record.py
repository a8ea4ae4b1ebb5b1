"""The extraction result: SCHEMA fields, each value with its evidence spans, the rule that
produced it and a measured confidence; plus the cross-field checks that failed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, make_dataclass
from typing import Any

from .fields import DATE_FIELDS, FIELDS, LIST_FIELDS, empty_value

__all__ = ["DATE_FIELDS", "FIELDS", "LIST_FIELDS", "Evidence", "Extraction", "Flag"]

Span = tuple[int, int]


@dataclass(frozen=True)
class Evidence:
    """One extracted value and where the text says it.

    `value` is a Python value: `datetime.date` for dates, a tuple for list fields (exposure
    periods are `(start, end)` tuples of dates or None), int, bool, str or None.
    `spans` are (start, end) character offsets into the source text; `items` gives each item of a
    list field its own evidence. `rule` names the rule that produced the value (see rules.py);
    an empty value carries the field's "nothing fired" rule.
    """

    value: Any = None
    spans: tuple[Span, ...] = ()
    confidence: float = 0.0
    items: tuple[Evidence, ...] = ()
    rule: str = ""

    @classmethod
    def of_items(cls, items: tuple[Evidence, ...] | list[Evidence]) -> Evidence:
        """A list field's evidence from its items; its rule names the set of item rules."""
        items = tuple(items)
        return cls(
            tuple(i.value for i in items),
            tuple(s for i in items for s in i.spans),
            items=items,
            rule="+".join(sorted({i.rule for i in items})),
        )


@dataclass(frozen=True)
class Flag:
    """A cross-field check that failed: the value is doubtful and goes to review."""

    check: str
    fields: tuple[str, ...]
    message: str


def _empty(name: str) -> Evidence:
    value = empty_value(name)
    return Evidence(value=() if isinstance(value, list) else value)


class _Methods:
    flags: tuple[Flag, ...]
    chain: dict[str, Any]

    def evidence(self) -> dict[str, Evidence]:
        return {name: getattr(self, name) for name in FIELDS}

    def schema(self) -> dict[str, Any]:
        """The values as SCHEMA.md writes them (ISO dates, lists), ready for json.dumps."""
        return {name: to_schema_value(getattr(self, name).value) for name in FIELDS}

    def flagged(self) -> set[str]:
        return {name for flag in self.flags for name in flag.fields}

    def to_json(self) -> dict[str, Any]:
        """Every field with its SCHEMA value, evidence spans, rule and confidence; `checks`
        lists the cross-field checks that failed."""
        out: dict[str, Any] = {}
        for name in FIELDS:
            ev: Evidence = getattr(self, name)
            out[name] = {
                "value": to_schema_value(ev.value),
                "spans": [list(s) for s in ev.spans],
                "confidence": round(ev.confidence, 3),
                "rule": ev.rule,
            }
            if ev.items:
                out[name]["items"] = [
                    {
                        "value": to_schema_value(i.value),
                        "spans": [list(s) for s in i.spans],
                        "rule": i.rule,
                    }
                    for i in ev.items
                ]
        out["checks"] = [
            {"check": f.check, "fields": list(f.fields), "message": f.message} for f in self.flags
        ]
        if self.chain:
            out["_chain"] = self.chain
        return out


# The 19 fields come from the one table in fields.py, in SCHEMA order.
Extraction = make_dataclass(
    "Extraction",
    [
        *((name, Evidence, field(default_factory=lambda n=name: _empty(n))) for name in FIELDS),
        ("flags", tuple, field(default=())),
        # What the notice says of earlier ones (chain.py): not a SCHEMA field.
        ("chain", dict, field(default_factory=dict)),
    ],
    bases=(_Methods,),
    frozen=True,
)
Extraction.__module__ = __name__  # (make_dataclass's module= needs Python 3.12)
Extraction.__doc__ = "All SCHEMA fields of one notice (see fields.TABLE), and failed checks."


def to_schema_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_schema_value(v) for v in value]
    return value
