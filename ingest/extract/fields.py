"""The one table of the 19 SCHEMA fields (shared/eval/SCHEMA.md): name, kind, vocabulary.

Everything else derives from it: the field order of `Extraction`, the list and date fields, the
admin forms, display formatting, CSV columns and the defaults of test gold records.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Field(NamedTuple):
    name: str
    # text | texts | date | code | codes | firm | bool | count | periods
    kind: str
    # the vocab.json table the codes come from (kinds code and codes)
    vocabulary: str | None
    # the English label; Django translates it (locale/ja holds the Japanese)
    label: str
    # a key field: missing, it sends the incident to the review queue
    key: bool = False


TABLE: tuple[Field, ...] = (
    Field("organization", "text", None, "Organization"),
    Field("sites", "texts", None, "Sites"),
    Field("published_on", "date", None, "Published on", key=True),
    Field("first_disclosed_on", "date", None, "First disclosed on"),
    Field("report_stage", "code", "report_stages", "Report stage"),
    Field("discovered_on", "date", None, "Discovered on", key=True),
    Field("discovered_by", "code", "discoverers", "Discovered by"),
    Field("forensic_firm", "firm", None, "Forensic firm"),
    Field("forensic_investigation", "bool", None, "Forensic investigation"),
    Field("forensic_report_on", "date", None, "Forensic report received on"),
    Field("causes", "codes", "causes", "Causes"),
    Field("card_data", "codes", "card_data", "Card data exposed"),
    Field("personal_data", "codes", "personal_data", "Personal data exposed"),
    Field("records_max", "count", None, "Records (max)", key=True),
    Field("records_confirmed", "count", None, "Records (confirmed)"),
    Field("fraud_cases", "count", None, "Fraud cases"),
    Field("exposure_periods", "periods", None, "Exposure periods"),
    Field("payment_suspended_on", "date", None, "Payment suspended on"),
    Field("reported_to", "codes", "authorities", "Reported to"),
)
BY_NAME: dict[str, Field] = {f.name: f for f in TABLE}

FIELDS: tuple[str, ...] = tuple(f.name for f in TABLE)
LIST_FIELDS = frozenset(f.name for f in TABLE if f.kind in ("texts", "codes", "periods"))
DATE_FIELDS = frozenset(f.name for f in TABLE if f.kind == "date")
COUNT_FIELDS = frozenset(f.name for f in TABLE if f.kind == "count")
VOCABULARY_OF: dict[str, str] = {f.name: f.vocabulary for f in TABLE if f.vocabulary}
KEY_FIELDS: tuple[str, ...] = tuple(f.name for f in TABLE if f.key)


def empty_value(name: str) -> Any:
    """What SCHEMA writes for a field the text does not state."""
    kind = BY_NAME[name].kind
    if kind in ("texts", "codes", "periods"):
        return []
    return False if kind == "bool" else None


def gold_record(**values: Any) -> dict[str, Any]:
    """A SCHEMA record with every field at its empty value, then `values`."""
    record = {name: empty_value(name) for name in FIELDS}
    record.update(values)
    return record
