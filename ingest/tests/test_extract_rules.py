"""The rule registry (ingest/extract/rules.py): every rule the engine emits on the gold notices
has an entry, and every entry's examples and counter examples hold."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from ingest.extract import extract, rules
from ingest.extract.calibration import right
from ingest.extract.fields import FIELDS

ROOT = Path(__file__).resolve().parents[2]
GOLD_TEXTS = sorted(
    [*(ROOT / "seeds").glob("*.txt"), *(Path(__file__).parent / "notices").glob("*/*.txt")]
)


@cache
def _extract(text: str):
    return extract(text)


def _components(text: str, field: str) -> list[str]:
    return getattr(_extract(text), field).rule.split("+")


def test_every_emitted_rule_has_an_entry() -> None:
    assert GOLD_TEXTS, "no gold notices found"
    emitted = {
        component
        for path in GOLD_TEXTS
        for field in FIELDS
        for component in _components(path.read_text(encoding="utf-8"), field)
    }
    missing = sorted(r for r in emitted if rules.find(r) is None)
    assert not missing, f"rules without a registry entry: {missing}"


def test_ids_are_unique_and_named_after_their_field() -> None:
    ids = [r.id for r in rules.RULES]
    assert len(ids) == len(set(ids))
    for r in rules.RULES:
        assert r.field in FIELDS, r.id
        assert r.id.startswith(f"{r.field}."), r.id
        assert r.matches and r.where and r.excludes, r.id
        assert r.examples, f"{r.id} has no example"


def test_find_prefers_the_exact_id_then_the_most_specific_family() -> None:
    assert rules.find("published_on.dateline_head").id == "published_on.dateline_head"
    assert rules.find("card_data.table_expiry").id == "card_data.table_{code}"
    assert rules.find("card_data.expiry").id == "card_data.expiry"
    assert (
        rules.find("discovered_by.told_by_police_undated").id
        == "discovered_by.told_by_{who}_undated"
    )
    assert rules.find("discovered_by.told_by_police").id == "discovered_by.told_by_{who}"
    assert rules.find("no_field.rule") is None
    assert rules.find("card_data.TABLE_expiry") is None


EXAMPLES = [
    pytest.param(r, text, want, id=f"{r.id}-ex{i}")
    for r in rules.RULES
    for i, (text, want) in enumerate(r.examples)
]
COUNTERS = [
    pytest.param(r, text, id=f"{r.id}-counter{i}")
    for r in rules.RULES
    for i, text in enumerate(r.counter)
]


@pytest.mark.parametrize(("entry", "text", "want"), EXAMPLES)
def test_example(entry: rules.Rule, text: str, want) -> None:
    got = _extract(text).schema()[entry.field]
    components = _components(text, entry.field)
    assert right(entry.field, got, want), f"{entry.field}: {got!r} [{'+'.join(components)}]"
    assert any(rules.find(c) is entry for c in components), components


@pytest.mark.parametrize(("entry", "text"), COUNTERS)
def test_counter_example(entry: rules.Rule, text: str) -> None:
    components = _components(text, entry.field)
    assert not any(rules.find(c) is entry for c in components), components
