"""Shared checks for the suites of notices written to test generalisation (test_extract_unseen*).

Each suite maps an id to (notice text, SCHEMA gold); a gold may carry `alt` like gold.jsonl.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from ingest.extract import extract
from ingest.extract.record import LIST_FIELDS
from ingest.extract.scoring import Report, as_set, norm, score

Suite = dict[str, tuple[str, dict[str, Any]]]


@cache
def extracted(text: str) -> dict[str, Any]:
    return extract(text).schema()


def same(name: str, got: Any, want: Any, alts: list[Any] = ()) -> bool:
    """The SCHEMA scoring of one field: lists as sets, strings folded, `alt` values accepted."""
    if name in LIST_FIELDS:
        return any(as_set(norm(got)) == as_set(norm(w)) for w in [want, *alts])
    return any(norm(got) == norm(w) for w in [want, *alts])


def field_cases(suite: Suite) -> list[Any]:
    return [
        pytest.param(doc_id, name, id=f"{doc_id}-{name}")
        for doc_id, (_, gold) in suite.items()
        for name in gold
        if name != "alt"
    ]


def check_field(suite: Suite, doc_id: str, name: str) -> None:
    text, gold = suite[doc_id]
    got = extracted(text)[name]
    alts = gold.get("alt", {}).get(name, [])
    assert same(name, got, gold[name], alts), f"{doc_id} {name}: want {gold[name]!r}, got {got!r}"


def suite_report(suite: Suite) -> Report:
    gold = [{"id": doc_id, **g} for doc_id, (_, g) in suite.items()]
    pred = [{"id": doc_id, **extracted(text)} for doc_id, (text, _) in suite.items()]
    return score(gold, pred)


def gold(**kw: Any) -> dict[str, Any]:
    """A SCHEMA gold record: the usual defaults, with first_disclosed_on = published_on."""
    base: dict[str, Any] = {
        "organization": None,
        "sites": [],
        "published_on": None,
        "first_disclosed_on": None,
        "report_stage": "initial",
        "discovered_on": None,
        "discovered_by": None,
        "forensic_firm": None,
        "forensic_investigation": True,
        "forensic_report_on": None,
        "causes": [],
        "card_data": [],
        "personal_data": [],
        "records_max": None,
        "records_confirmed": None,
        "fraud_cases": None,
        "exposure_periods": [],
        "payment_suspended_on": None,
        "reported_to": [],
    }
    base.update(kw)
    if base["first_disclosed_on"] is None and kw.get("published_on"):
        base["first_disclosed_on"] = base["published_on"]
    return base
