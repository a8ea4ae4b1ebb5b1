"""The facet counts the database keeps (FacetCount, kept by a trigger) equal a live count of the
catalogue after inserts, updates, merges and deletes."""

import random

import pytest
from django.db import connection
from django.http import QueryDict

from breaches.facets import count_all, count_live, summary_counts
from breaches.filters import FACETS, NARROWING_FACETS, IncidentFilter, facet_q, value_q
from breaches.models import (
    BITMAP_CHUNK,
    FacetBit,
    FacetCount,
    ForensicFirm,
    Incident,
    IncidentFacets,
)
from conftest import make_incident

pytestmark = pytest.mark.django_db

CAUSES = ["sql_injection", "malware", "payment_page_tampering", "unknown"]
CARDS = ["card_number", "expiry", "security_code"]


def random_incident(rng: random.Random, firms) -> Incident:
    return Incident.objects.create(
        organization=f"org {rng.random()}",
        causes=rng.sample(CAUSES, rng.randint(0, 2)),
        card_data=rng.sample(CARDS, rng.randint(0, 3)),
        discovered_by=rng.choice(["", "card_company", "payment_processor"]),
        forensic_investigation=rng.random() < 0.5,
        forensic_firm=rng.choice([None, *firms]),
        first_disclosed_on=rng.choice([None, "2019-05-01", "2021-02-03", "2024-12-31"]),
        discovered_on=rng.choice([None, "2019-01-01", "2020-12-01", "2024-11-30"]),
        records_max=rng.choice([None, 12, 1500, 25000, 400000]),
        has_followup=rng.random() < 0.3,
        has_revision=rng.random() < 0.2,
        count_changed=rng.random() < 0.1,
    )


def reference(filterset: IncidentFilter) -> dict[str, dict[str, int]]:
    """Each facet counted on the wide incident rows with filters.value_q/facet_q, one value at a
    time: what the narrow table (IncidentFacets) and the kept counts must agree with."""
    selected, firm_ids = filterset.selected, filterset.firm_ids
    base = Incident.objects.filter(filterset.search_q)
    out = {}
    for name in FACETS:
        others = base
        for other in FACETS:
            if other != name or name in NARROWING_FACETS:
                others = others.filter(facet_q(other, selected[other], firm_ids))
        out[name] = {
            value: others.filter(value_q(name, value, firm_ids)).count()
            for value in filterset.labels[name]
        }
    return out


def both() -> tuple[dict, dict]:
    filterset = IncidentFilter(QueryDict(""), queryset=Incident.objects.all())
    return summary_counts(filterset), reference(filterset)


def check_counts(queries: list[str], zeros_allowed: int) -> None:
    """count_live equals the reference for each query, and the total it counts the list's;
    at most `zeros_allowed` queries select nothing, so this is not a comparison of zeros."""
    selecting = 0
    for query in queries:
        filterset = IncidentFilter(QueryDict(query), queryset=Incident.objects.all())
        expected = reference(filterset)
        selecting += sum(expected["ttd"].values()) > 0
        assert count_live(filterset) == expected, query
        assert filterset.narrow_total == filterset.qs.count(), query
    assert selecting >= len(queries) - zeros_allowed


def change_some(rng: random.Random, incidents: list[Incident]) -> None:
    for incident in rng.sample(incidents, 12):
        incident.causes = rng.sample(CAUSES, 2)
        incident.card_data = rng.sample(CARDS, 1)
        incident.discovered_by = "card_company"
        incident.forensic_firm = None
        incident.has_followup = True
        incident.save()


QUERIES = [
    "cause=malware",
    "cause=malware&cause=unknown&records=ge100k",
    "card_data=security_code&discovered_by=card_company&year=2021",
    "forensic_firm=unnamed&ttd=le30",
    "chain=followup&chain=revised",
    "records=unknown&ttd=unknown&card_data=expiry",
    "q=ゼロデイ",
    "q=ゼロデイ&cause=malware",
]


def test_live_counts_on_the_narrow_rows_equal_counts_on_the_incidents_after_every_change():
    rng = random.Random(17)
    firms = [ForensicFirm.for_name("Alpha Forensics"), ForensicFirm.for_name("Beta Lab")]
    incidents = [random_incident(rng, firms) for _ in range(30)]
    for n in range(6):  # notices the q= query finds
        incidents.append(
            make_incident(
                organization=f"株式会社ゼロ{n}", text="ゼロデイ攻撃", causes=rng.sample(CAUSES, 1)
            )
        )

    def check():
        check_counts(QUERIES, zeros_allowed=2)

    check()
    change_some(rng, incidents)
    incidents[0].merge(incidents[1:3])
    Incident.objects.filter(pk__in=[i.pk for i in incidents[20:24]]).delete()
    assert IncidentFacets.objects.count() == Incident.objects.count()
    check()
    IncidentFacets.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT breaches_rebuild_incident_facets()")
    check()


def test_a_value_new_to_the_catalogue_gets_a_bit_of_its_own_once():
    first = Incident.objects.create(causes=["brand_new_cause", "malware"])
    second = Incident.objects.create(causes=["brand_new_cause"])
    bits = dict(FacetBit.objects.filter(kind="cause").values_list("code", "bit"))
    assert len(set(bits.values())) == len(bits)
    new = 1 << bits["brand_new_cause"]
    rows = dict(IncidentFacets.objects.values_list("id", "causes"))
    assert rows[first.pk] == new | (1 << bits["malware"]) and rows[second.pk] == new


def test_the_kept_counts_equal_a_live_count_through_inserts_updates_and_deletes():
    rng = random.Random(7)
    firms = [ForensicFirm.for_name("Alpha Forensics"), ForensicFirm.for_name("Beta Lab")]
    incidents = [random_incident(rng, firms) for _ in range(40)]
    kept, live = both()
    assert kept == live and FacetCount.table()[("_all", "")] == 40
    for incident in rng.sample(incidents, 15):
        incident.causes = rng.sample(CAUSES, 1)
        incident.records_max = rng.choice([None, 50, 50000])
        incident.first_disclosed_on = "2022-06-01"
        incident.has_revision = not incident.has_revision
        incident.save()
    incidents[0].merge(incidents[1:4])
    Incident.objects.filter(pk__in=[i.pk for i in incidents[10:14]]).delete()
    kept, live = both()
    assert kept == live
    assert FacetCount.table()[("_all", "")] == Incident.objects.count()


def test_a_renamed_firm_keeps_its_count():
    firm = ForensicFirm.for_name("Gamma")
    Incident.objects.create(forensic_investigation=True, forensic_firm=firm)
    firm.slug = "gamma-renamed"
    firm.save()
    kept, live = both()
    assert kept["forensic_firm"]["gamma-renamed"] == live["forensic_firm"]["gamma-renamed"] == 1


def test_the_unfiltered_list_reads_the_kept_counts_and_a_filtered_one_counts():
    rng = random.Random(3)
    for _ in range(10):
        random_incident(rng, [])
    FacetCount.objects.filter(facet="cause").update(count=999)  # a marker: read, not counted
    unfiltered = IncidentFilter(QueryDict(""), queryset=Incident.objects.all())
    assert set(count_all(unfiltered)["cause"].values()) <= {0, 999}
    filtered = IncidentFilter(QueryDict("records=unknown"), queryset=Incident.objects.all())
    assert 999 not in count_all(filtered)["cause"].values()


def test_a_rebuild_recounts_after_bulk_sql():
    rng = random.Random(5)
    for _ in range(5):
        random_incident(rng, [])
    FacetCount.objects.all().delete()
    FacetCount.rebuild()
    kept, live = both()
    assert kept == live


def test_the_unfiltered_list_takes_its_total_from_the_kept_counts(client):
    rng = random.Random(9)
    for _ in range(3):
        random_incident(rng, [])
    FacetCount.objects.filter(facet="_all").update(count=77)  # a marker: read, not counted
    assert client.get("/").context["page"].paginator.count == 77
    assert client.get("/?records=unknown").context["page"].paginator.count <= 3


def test_a_facet_counted_too_slowly_is_unavailable_and_the_page_still_renders(client, settings):
    rng = random.Random(11)
    for _ in range(6):
        random_incident(rng, [])
    filterset = IncidentFilter(QueryDict("records=unknown"), queryset=Incident.objects.all())
    counted = count_live(filterset, budget_ms=0)
    # The selected facet's own counts apply no condition: the kept counts, exact at no cost.
    whole = IncidentFilter(QueryDict(""), queryset=Incident.objects.all())
    assert counted.pop("records") == count_all(whole)["records"]
    assert all(group is None for group in counted.values())
    settings.FACET_BUDGET_MS = 0
    response = client.get("/?records=unknown&cause=malware")
    assert response.status_code == 200
    html = response.content.decode()
    assert "件数の集計に時間がかかりすぎる" in html
    groups = {g.name: g for g in response.context["facets"]}
    assert groups["cause"].unavailable
    assert [f.count for f in groups["cause"].facets] == [None] * len(groups["cause"].facets)
    api = client.get("/api/incidents/?records=unknown").json()
    assert {f["count"] for f in api["facets"]["cause"]} == {None}
    assert None not in {f["count"] for f in api["facets"]["records"]}


def test_facets_counted_under_the_same_selections_share_one_query():
    rng = random.Random(13)
    for _ in range(8):
        random_incident(rng, [])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = QueryDict("cause=malware&records=unknown")
    filterset = IncidentFilter(query, queryset=Incident.objects.all())
    with CaptureQueriesContext(connection) as ctx:
        counted = count_live(filterset)
    counting = [q["sql"] for q in ctx.captured_queries if "breaches_facetbitmap" in q["sql"]]
    # cause (under records), records (under cause), every other facet (under both): three
    # requests of one statement
    assert len(counting) == 1
    live = {
        value: Incident.objects.filter(causes__contains=["malware"], records_max=None)
        .filter(card_data__contains=[value])
        .count()
        for value in counted["card_data"]
    }
    assert counted["card_data"] == live


def test_a_query_over_its_budget_is_cancelled_not_waited_for():
    from django.db import connection

    from breaches.facets import within

    def slow():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")
        return "done"

    assert within(50, slow) is None
    assert within(5000, lambda: "quick") == "quick"
    with connection.cursor() as cursor:  # the connection's own timeout is back
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "50ms"


@pytest.mark.django_db(transaction=True)
def test_a_budget_in_a_transaction_of_its_own_leaves_the_connections_timeout_as_it_was():
    """Outside any transaction (a web request) a Budget's transaction ends its SET LOCAL:
    nothing is read or put back, and the connection's own timeout is the one after it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from breaches.facets import within

    def timeout():
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]

    def slow():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")

    own = timeout()
    assert not connection.in_atomic_block
    with CaptureQueriesContext(connection) as queries:
        assert within(50, slow) is None
    assert "SHOW statement_timeout" not in [q["sql"] for q in queries.captured_queries]
    assert timeout() == own != "50ms"
    assert within(5000, timeout) not in (own, None)  # its own, while it runs
    assert timeout() == own


def test_a_search_matching_more_than_facet_search_max_leaves_its_facets_uncounted(settings):
    for discovered_by in ("police", "customer", "police"):
        make_incident(text="不正アクセスによる情報流出　決済代行会社", discovered_by=discovered_by)
    make_incident(text="別の告知　カード会社からの連絡", discovered_by="card_company")
    searched = IncidentFilter(QueryDict("q=決済代行会社"), queryset=Incident.objects.all())
    settings.FACET_SEARCH_MAX = 3
    counted = count_live(searched)
    assert counted["discovered_by"] == counted["discovered_by"] | {"police": 2, "customer": 1}
    assert counted["discovered_by"].get("card_company", 0) == 0
    settings.FACET_SEARCH_MAX = 2  # three matches: more than the most counted
    again = IncidentFilter(QueryDict("q=決済代行会社"), queryset=Incident.objects.all())
    assert count_live(again) == dict.fromkeys(FACETS)
    # The rows themselves are still listed: only the counting is given up.
    assert again.qs.count() == 3


def test_a_facet_filtered_list_takes_its_total_from_the_facet_counts(client):
    from django.test.utils import CaptureQueriesContext

    from breaches import narrow

    rng = random.Random(5)
    for _ in range(30):
        random_incident(rng, [])
    query = "cause=malware&discovered_by=police"
    filterset = IncidentFilter(QueryDict(query), queryset=Incident.objects.all())
    count_live(filterset)
    expected = filterset.qs.count()
    assert filterset.narrow_total == expected
    with CaptureQueriesContext(connection) as queries:
        assert narrow.total(filterset) == expected
    assert not queries.captured_queries
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/?{query}")
    assert response.context["result_count"] == expected
    # No count of its own: the facet counts' statements (on the bitmaps) count the total too,
    # and neither the incidents nor their narrow rows are counted.
    sql = [q["sql"] for q in queries.captured_queries]
    assert [s for s in sql if "breaches_facetbitmap" in s]
    assert not [s for s in sql if "breaches_incidentfacets" in s]
    assert not [s for s in sql if s.startswith("SELECT COUNT(*)") and "breaches_incident" in s]


def bitmap_rows() -> dict[tuple[str, str, int], str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT facet, value, chunk, bits::text FROM breaches_facetbitmap")
        return {(f, v, c): bits for f, v, c, bits in cursor.fetchall() if "1" in bits}


def test_bitmap_counts_equal_counts_on_the_incidents_across_chunks_after_every_change():
    """Facet-only selections are counted on the bitmaps (breaches/bitmaps.py). Incidents whose
    ids fall on both sides of a chunk's edges (BITMAP_CHUNK incidents a row) are counted once each,
    through inserts, updates, a merge and deletes; a rebuild gives the trigger's bits."""
    rng = random.Random(23)
    firms = [ForensicFirm.for_name("Alpha Forensics"), ForensicFirm.for_name("Beta Lab")]
    incidents = [random_incident(rng, firms) for _ in range(24)]
    edge = BITMAP_CHUNK
    for pk in (edge - 1, edge, edge + 1, 2 * edge - 1, 2 * edge, 3 * edge, 4 * edge - 1):
        incident = random_incident(rng, firms)
        Incident.objects.filter(pk=incident.pk).delete()
        incident.pk = pk
        incident.save(force_insert=True)
        incidents.append(incident)
    queries = [q for q in QUERIES if "q=" not in q] + ["forensic_firm=alpha-forensics&ttd=le30"]

    def check():
        check_counts(queries, zeros_allowed=1)

    check()
    chunks = {c for _f, _v, c in bitmap_rows()}
    assert chunks == {0, 1, 2, 3}, chunks
    change_some(rng, incidents)
    incidents[-1].merge(incidents[-3:-1])
    Incident.objects.filter(pk__in=[i.pk for i in incidents[10:14]]).delete()
    check()
    kept = bitmap_rows()
    with connection.cursor() as cursor:
        cursor.execute("SELECT breaches_rebuild_facet_bitmaps()")
    assert bitmap_rows() == kept
    check()


def test_whether_a_search_matches_too_many_is_taken_from_the_planner_when_far_from_the_limit():
    from django.test.utils import CaptureQueriesContext

    from breaches import narrow

    def decide(rows: int, most: int) -> tuple[bool, list[str]]:
        within = (f"SELECT g FROM generate_series(1, {rows}) g", [])
        with CaptureQueriesContext(connection) as queries:
            over = narrow.more_than(within, most)
        return over, [q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"]]

    # generate_series's row count is planned exactly: far from the limit, nothing is counted.
    assert decide(100_000, 1_000) == (True, [])
    assert decide(10, 1_000) == (False, [])
    # Near it, the rows are counted, one past the limit at most.
    over, counted = decide(1_500, 1_000)
    assert over and len(counted) == 1
    over, counted = decide(900, 1_000)
    assert not over and len(counted) == 1


def test_a_search_or_date_range_whose_facets_were_counted_takes_its_total_from_them(client):
    from django.test.utils import CaptureQueriesContext

    for n, causes in enumerate((["malware"], ["malware"], ["sql_injection"], ["malware"])):
        made = make_incident(organization=f"株式会社ゼロ{n}", text="ゼロデイ攻撃", causes=causes)
        Incident.objects.filter(pk=made.pk).update(first_disclosed_on=f"2024-0{n + 1}-10")
    make_incident(organization="株式会社別", text="別の話", causes=["malware"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", {"q": "ゼロデイ", "cause": "malware"})
    assert response.context["result_count"] == 3
    assert len(response.context["page"].object_list) == 3
    # No count of the matches of its own: the facet counts counted them.
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "COUNT(*)" in s.upper() and "LIMIT 1001" in s], sql
    with CaptureQueriesContext(connection) as queries:
        api = client.get("/api/incidents/?disclosed_from=2024-02-01&cause=malware").json()
    assert api["count"] == 2 and not api["count_capped"]
    assert len(api["results"]) == 2
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if s.upper().startswith("SELECT COUNT(*)")], sql
