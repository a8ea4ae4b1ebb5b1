"""The insights' counts read in one statement (tallies.py): the same numbers from the narrow rows
as from the incident rows, the weighted statistics those of the expanded values, the fallback
when a mask runs out of bits."""

import random
import statistics

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from breaches import comparisons, insights, tallies
from breaches.filters import RECORD_BUCKETS, IncidentFilter
from breaches.models import FacetBit, Incident
from breaches.tests.test_insights import varied_incidents
from conftest import make_incident

pytestmark = pytest.mark.django_db


# The weighted values ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_a_tally_has_the_quantiles_of_its_values_repeated(seed):
    rng = random.Random(seed)
    values = [
        rng.choice([rng.randrange(-30, 900), 7, 7, 365]) for _ in range(rng.randrange(2, 300))
    ]
    counted = insights.Tally((v, 1) for v in values)
    # The same values given as (value, how many), in another order: the same tally.
    weighted = insights.Tally(
        (v, values.count(v)) for v in sorted(set(values), key=lambda v: rng.random())
    )
    ordered = sorted(values)
    for tally in (counted, weighted):
        assert len(tally) == len(values)
        assert list(tally) == ordered
        assert [tally[i] for i in range(len(values))] == ordered
        assert tally[-1] == ordered[-1]
        for n in (4, 20):
            assert tally.quantiles(n) == statistics.quantiles(values, n=n, method="inclusive")
        assert tally.above(100) == sum(v > 100 for v in values)
        for low, high in ((-30, -1), (0, 0), (7, 7), (8, 364), (365, 10_000), (1, 0)):
            assert tally.between(low, high) == sum(low <= v <= high for v in values)
    assert insights.spread(counted) == insights.spread(weighted)
    with pytest.raises(IndexError):
        counted[len(values)]


@pytest.mark.parametrize("seed", range(6))
def test_a_distribution_row_falls_into_the_record_buckets_as_its_values_do(seed):
    """comparisons.records_buckets splits a row's record counts (values in order, with their
    counts) by the records facet's buckets, as filters.RECORD_BUCKETS bound them."""
    rng = random.Random(seed)
    tops = [999, 1_000, 9_999, 10_000, 99_999, 100_000]
    found = sorted({rng.choice([0, 1, *tops, rng.randrange(1, 300_000)]) for _ in range(40)})
    counts = [rng.randrange(1, 5) for _ in found]
    distribution = insights.Tally(zip(found, counts, strict=True))
    row = tallies.Row(n=sum(counts) + 3, distribution=distribution)
    expected: dict = {}
    for value, count in zip(found, counts, strict=True):
        [bucket] = [code for code, low, high in RECORD_BUCKETS if (high is None or value <= high)
                    and (low is None or value >= low)] if value > 0 else ["lt1k"]  # fmt: skip
        expected[(bucket,)] = expected.get((bucket,), 0) + count
    assert dict(comparisons.records_buckets(row)) == expected
    assert comparisons.records_buckets(tallies.Row(n=2, distribution=insights.Tally())) == []


def test_spread_of_one_value_and_of_none():
    assert insights.spread(insights.Tally([(5, 1)])) == {
        "median": 5, "q1": 5, "q3": 5, "min": 5, "max": 5
    }  # fmt: skip
    assert insights.spread(insights.Tally()) == {}


# Narrow rows and incident rows give the same insights ------------------------------------------


@pytest.fixture
def catalogue():
    incidents = varied_incidents(count=240, seed=11)
    rng = random.Random(5)
    for incident in incidents:
        # Follow-ups, revisions and report stages, which varied_incidents leaves out.
        Incident.objects.filter(pk=incident.pk).update(
            has_followup=rng.random() < 0.3,
            has_revision=rng.random() < 0.2,
            count_changed=rng.random() < 0.1,
            report_stage=rng.choice(["initial", "final", "update", ""]),
        )
    # Incidents a search finds (varied_incidents' have no notice text).
    for i, (cause, discoverer) in enumerate(
        [("malware", "card_company"), ("sql_injection", "self"), ("malware", "")] * 3
    ):
        make_incident(
            text=f"決済画面の改ざんによる情報流出について（スキミング被害{i}）",
            causes=[cause],
            discovered_by=discoverer,
            published_on=f"202{i % 4}-0{i % 9 + 1}-15",
            discovered_on=f"201{i % 9}-11-02",
            records_max=[12, 3_400, None][i % 3],
        )
    return incidents


def all_stats(params: str, by: str, source: str) -> list:
    filterset = IncidentFilter(QueryDict(params), queryset=Incident.objects.all())
    grouping = comparisons.grouping(filterset, by)
    grouping._counts = tallies.read(filterset, by, source=source)
    found = insights.compute(insights.CHARTS, filterset, grouping.counts)
    found.append(comparisons.comparison(grouping))
    total = grouping.counts.total
    assert total == filterset.qs.count()
    found += comparisons.compute(comparisons.COMPARE_CHARTS, grouping, filterset.labels, total)
    return [
        (s.slug, s.n, s.rows, s.summary, s.excluded, {k: list(v) for k, v in s.points.items()})
        for s in found
    ]


STATES = [
    "",
    "cause=sql_injection",
    "cause=malware&cause=payment_page_tampering&card_data=security_code",
    "discovered_by=card_company&records=ge100k",
    "chain=followup&chain=revised",
    "forensic_firm=unnamed&ttd=gt365",
    "year=2019&year=2020",
    "q=スキミング",  # a search: the narrow rows among its matches
    "q=スキミング&cause=malware",
]


@pytest.mark.parametrize("by", list(comparisons.COMPARISONS))
def test_every_chart_reads_the_same_from_the_narrow_rows_as_from_the_incidents(catalogue, by):
    for params in STATES:
        narrow = all_stats(params, by, "narrow")
        assert narrow == all_stats(params, by, "incidents"), params
    # Not vacuous: the states select different incidents, and the charts have numbers.
    assert all_stats("", by, "narrow") != all_stats("cause=sql_injection", by, "narrow")
    assert sum(n for _slug, n, *_ in all_stats("", by, "narrow")) > 1000


def test_one_statement_counts_for_every_chart_of_the_page(catalogue, client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/insights/?cause=malware&by=cause")
    assert response.status_code == 200
    reading = [q["sql"] for q in queries.captured_queries if "breaches_incidentfacets" in q["sql"]]
    assert len(reading) == 1 and "GROUPING SETS" in reading[0]
    assert not [q for q in queries.captured_queries if 'FROM "breaches_incident"' in q["sql"]]


def test_a_search_is_counted_among_its_matches(catalogue):
    filterset = IncidentFilter(QueryDict("q=スキミング"), queryset=Incident.objects.all())
    counts = tallies.read(filterset)
    assert counts.total == filterset.qs.count() == 9
    assert counts.total < Incident.objects.count()


# More values than a mask has bits --------------------------------------------------------------


def test_once_a_mask_is_full_insights_read_the_incident_rows(client):
    make_incident(causes=["malware"], published_on="2021-01-01")
    taken = set(FacetBit.objects.filter(kind="cause").values_list("bit", flat=True))
    FacetBit.objects.bulk_create(
        FacetBit(kind="cause", code=f"filler_{bit}", bit=bit)
        for bit in range(63)
        if bit not in taken
    )
    # A cause after the last bit has none: its incident's mask does not say it.
    make_incident(causes=["never_seen_before"], published_on="2021-02-01")
    assert not FacetBit.objects.filter(code="never_seen_before").exists()
    filterset = IncidentFilter(QueryDict(""), queryset=Incident.objects.all())
    assert tallies.saturated(filterset.vocabulary.bits)
    [causes] = insights.compute(["causes"], filterset)
    assert {r["cause"]: r["total"] for r in causes.rows} == {"malware": 1, "never_seen_before": 1}
    # The narrow rows alone would have lost it.
    narrow = tallies.read(filterset, source="narrow")
    [lossy] = insights.compute(["causes"], filterset, narrow)
    assert {r["cause"] for r in lossy.rows} == {"malware"}


def test_the_statement_sets_back_what_it_changed_for_itself(catalogue):
    def current():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('work_mem'), current_setting('parallel_tuple_cost'), "
                "current_setting('enable_seqscan')"
            )
            return cursor.fetchone()

    before = current()
    for params in ("", "q=スキミング"):
        filterset = IncidentFilter(QueryDict(params), queryset=Incident.objects.all())
        assert tallies.read(filterset).total > 0
        # The test's transaction goes on: a SET LOCAL would have outlived the savepoint.
        assert current() == before
    # Set back to what they were before, not to the server's defaults.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '3MB'")
    filterset = IncidentFilter(QueryDict("q=スキミング"), queryset=Incident.objects.all())
    assert tallies.read(filterset).total > 0
    assert current() == ("3MB", *before[1:])


@pytest.mark.parametrize(
    ("url", "sets"),
    [
        ("/insights/records.json", "((records_max))"),
        ("/insights/causes.csv?card_data=expiry", "((year, causes))"),
        ("/insights/compare.json?by=cause", "((causes, ttd_days, ttd_doubtful))"),
        ("/insights/compare-card-data.json?by=year", "((year, card_data))"),
    ],
)
def test_a_charts_numbers_count_only_what_that_chart_reads(catalogue, client, url, sets):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    [statement] = [q["sql"] for q in queries.captured_queries if "GROUPING SETS" in q["sql"]]
    # The sets and nothing more, then the end of the subquery that gathers distributions.
    assert f"GROUP BY GROUPING SETS {sets}) g GROUP BY" in statement
