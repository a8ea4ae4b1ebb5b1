"""Focused, bounded versions of `make check-reliability` (breaches/reliability.py). Timings are
printed by the battery, never asserted here."""

import pytest

from breaches import reliability
from conftest import make_incident


@pytest.fixture
def catalogue(db):
    for n in range(5):
        make_incident(organization=f"株式会社カタログ{n}", causes=["malware"], records_max=10**n)
    reliability.add_long_notice()


def test_the_fuzz_strings_are_many_distinct_and_reproducible():
    queries = reliability.fuzz_queries(1000)
    assert len(queries) == 1000
    assert len(set(queries)) > 900
    assert queries == reliability.fuzz_queries(1000)


def test_hostile_query_strings_never_get_a_server_error(catalogue):
    check = reliability.filter_fuzz(300)
    assert check.cases == 300
    assert check.failures == []


def test_pathological_searches_never_get_a_server_error(catalogue):
    check = reliability.pathological_searches()
    assert check.cases == 2 * len(reliability.PATHOLOGICAL_SEARCHES)
    assert check.failures == []


@pytest.mark.django_db
def test_hostile_files_go_through_ingest_dry_run_without_a_traceback():
    check = reliability.hostile_files()
    assert check.cases >= 20
    assert check.failures == []


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_store_each_notice_once():
    check = reliability.concurrent_ingest(count=6)
    assert check.failures == []


def test_the_table_names_every_check_and_its_failures():
    ok, bad = reliability.Check("a", cases=3), reliability.Check("b", cases=1, failures=["x"])
    text = reliability.table([ok, bad])
    assert "a " in text and " ok" in text
    assert "FAIL (1 errors, 0 slow)" in text
    assert "  b: x" in text
