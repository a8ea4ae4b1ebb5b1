"""`manage.py bench` at a tiny size: every section and the summary are printed and the
throwaway database is gone afterwards. Timings are printed, never asserted."""

import os
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from breaches.bench import ingest, naive, pages, summary
from breaches.bench.run import database_exists

SECTIONS = (
    "throwaway database",
    "== Generated catalogue: ",
    "== Ingest: ",
    "== Pages at ",
    "== Long notice search",
    "== CSV export memory",
    "== Load test at ",
    "== Summary",
)


@pytest.fixture
def database_access(django_db_setup, django_db_blocker):
    """The bench makes, uses and drops a database of its own: no test transaction around it."""
    with django_db_blocker.unblock():
        yield


def test_a_tiny_bench_prints_every_section_and_drops_its_database(database_access):
    name = f"bench_test_{os.getpid()}"
    before = connection.settings_dict["NAME"]
    out = StringIO()
    call_command(
        "bench", "--incidents", "300", "--repeat", "2", "--notices", "4", "--clients", "2",
        "--load-seconds", "1", "--pool", "20", "--no-peer", "--database", name, stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    for title in SECTIONS:
        assert title in text
    for page in pages.pages(1):
        assert f"{page.label} @300" in text  # a summary row for every page
    assert re.search(r"what +\| +naive med / p95 ms +\| +app med / p95 ms +\| +ratio", text)
    for row in ("ingest --jobs 1 vs extract()", "ingest again, nothing to do", "peak RSS",
                "load, 2 clients @300"):  # fmt: skip
        assert row in text
    assert "targets met" in text
    assert "Datasette" not in text  # --no-peer
    assert "(dropped)" in text
    assert not database_exists(name)
    # The connection is back on the database it had: the next tests use theirs.
    assert connection.settings_dict["NAME"] == before
    assert settings.DATABASES["default"]["NAME"] == before


def test_copies_of_a_seed_are_other_breaches_of_the_same_shape():
    assert ingest.variant("adprint", 17) == "adprint17"
    assert ingest.variant("www.telecomsquare.co.jp", 3) == "www.telecomsquare3.co.jp"
    assert ingest.variant("常盤商事株式会社", 17) == "常盤商事イク株式会社"
    assert ingest.variant("株式会社グラフィック", 203) == "株式会社グラフィックウアエ"


def test_p95_is_the_nearest_rank():
    samples = [float(n) for n in range(1, 21)]
    assert pages.percentile(samples, 95) == 19.0
    assert pages.percentile(samples, 50) == 10.0
    assert pages.percentile([5.0], 95) == 5.0


def test_the_summary_marks_each_target_met_or_not():
    rows = [
        summary.Row("a", "", "1", "", "p95 <= 100 ms", True),
        summary.Row("b", "", "2", "", ">= 10x", False),
        summary.Row("c", "", "3", "", "reported", None),
    ]
    text = summary.table(rows)
    assert "| met" in text and "| NOT MET" in text
    assert "1 of 2 targets met" in text


@pytest.mark.django_db
def test_a_page_marked_fresh_does_its_work_for_every_timed_request(monkeypatch):
    """The insights row of a new filter state draws its charts on every request: the drawing
    that kept_drawn keeps is dropped before each one (untimed). The other insights row is
    drawn once and then read."""
    from breaches import insights_views
    from conftest import make_incident

    make_incident(causes=["malware"])
    drawn = []
    real = insights_views.drawn
    monkeypatch.setattr(insights_views, "drawn", lambda *a, **k: drawn.append(1) or real(*a, **k))
    by_key = {p.key: p for p in pages.pages(1)}
    result = pages.measure(by_key["insights_new"], 3, 0, naive.Vocabulary())
    assert result.status == 200 and len(result.app.samples) == 3
    assert len(drawn) == 4  # the warm-up and each of the three timed requests
    drawn.clear()
    pages.measure(by_key["insights"], 3, 0, naive.Vocabulary())
    assert len(drawn) == 1


@pytest.mark.django_db
def test_the_generated_catalogue_holds_editors_corrections_that_change_no_value():
    from breaches.bench import generate
    from breaches.models import Correction, Incident

    with connection.cursor() as cursor:  # no trigger event left pending for its ALTER TABLEs
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    filled = generate.fill(60, pool_size=20)
    ids = range(filled.first_id, filled.last_id + 1)
    every, half = generate.CORRECTED_EVERY, generate.CORRECTED_EVERY // 2
    own = Correction.objects.filter(incident__isnull=False)
    assert sorted(own.values_list("incident_id", flat=True)) == [i for i in ids if i % every == 0]
    of_notices = Correction.objects.filter(disclosure__isnull=False)
    assert sorted(of_notices.values_list("disclosure__incident_id", flat=True)) == [
        i for i in ids if i % every == half
    ]
    for correction in own:
        assert correction.new_value == correction.old_value == correction.incident.records_max
    incident = Incident.objects.get(pk=next(i for i in ids if i % every == 0))
    assert [c.field for c in incident.active_corrections()] == ["records_max"]
    assert incident.verified_fields() >= {"records_max"}
