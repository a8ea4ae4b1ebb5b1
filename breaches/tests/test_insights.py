"""The insights page: aggregates worked out by hand, filters, SVG charts, JSON and CSV."""

import csv
import datetime as dt
import io
import random
import re

import pytest
from django.http import QueryDict
from django.utils import translation

from breaches import charts, comparisons, insights
from breaches.filters import IncidentFilter
from breaches.models import ForensicFirm, Incident, Term
from conftest import make_incident

pytestmark = pytest.mark.django_db

# ttd, first notice, causes, card data, personal data, discovered by, firm, records
FIVE = (
    (10, "2019-05-10", ["sql_injection"], ["card_number", "expiry", "security_code"],
     ["name", "email"], "payment_processor", "Payment Card Forensics", 8),
    (40, "2019-09-01", ["sql_injection", "malware"], ["card_number", "expiry"],
     [], "payment_processor", "Payment Card Forensics", 120),
    (100, "2020-02-01", ["payment_page_tampering"], ["card_number", "security_code"],
     ["name"], "card_company", "Payment Card Forensics", 4_500),
    (200, "2020-07-01", ["payment_page_tampering"], ["card_number", "expiry", "security_code"],
     [], "self", None, 30_000),
    (400, "2021-03-01", ["web_app_vulnerability"], [],
     ["email"], "payment_processor", "LAC", 250_000),
)  # fmt: skip


def five_incidents():
    for ttd, published, causes, card, personal, discoverer, firm, records in FIVE:
        discovered = dt.date.fromisoformat(published) - dt.timedelta(days=ttd)
        make_incident(
            published_on=published,
            discovered_on=discovered.isoformat(),
            causes=causes,
            card_data=card,
            personal_data=personal,
            discovered_by=discoverer,
            forensic_firm=firm,
            forensic_investigation=firm is not None,
            records_max=records,
        )


@pytest.fixture
def five():
    five_incidents()


def stats(params=""):
    filterset = IncidentFilter(QueryDict(params), queryset=Incident.objects.all())
    found = insights.compute(insights.CHARTS, filterset)
    return {s.slug: s for s in found}


def by(rows, key, value="incidents"):
    return {r[key]: r[value] for r in rows}


def test_disclosures_per_year_count_first_notices(five):
    stat = stats()["per-year"]
    assert stat.n == 5
    assert by(stat.rows, "year") == {2019: 2, 2020: 2, 2021: 1}


def test_time_to_disclosure_has_the_median_quartiles_and_bins_worked_by_hand(five):
    stat = stats()["ttd"]
    assert stat.n == 5
    assert stat.summary == {"median": 100, "q1": 40, "q3": 200, "min": 10, "max": 400}
    # 95th percentile 360 days -> 30-day bins up to 390, then one open bin for 400.
    nonzero = {r["from_days"]: r["incidents"] for r in stat.rows if r["incidents"]}
    assert nonzero == {0: 1, 30: 1, 90: 1, 180: 1, 390: 1}
    assert stat.rows[-1]["to_days"] is None and stat.rows[0]["to_days"] == 29


def test_time_to_disclosure_per_firm_gives_a_median_only_from_three_incidents(five):
    rows = {r["key"]: r for r in stats()["ttd-by-firm"].rows}
    assert rows["payment-card-forensics"]["incidents"] == 3
    assert rows["payment-card-forensics"]["median"] == 40
    assert rows["lac"]["incidents"] == 1 and rows["lac"]["median"] is None
    assert rows[insights.NO_INVESTIGATION]["max"] == 200


def test_time_to_disclosure_per_year(five):
    rows = {r["key"]: r for r in stats()["ttd-by-year"].rows}
    assert {y: r["incidents"] for y, r in rows.items()} == {2019: 2, 2020: 2, 2021: 1}
    assert (rows[2020]["min"], rows[2020]["max"]) == (100, 200)


def test_negative_and_missing_spans_are_left_out_and_said_so(five):
    make_incident(published_on="2020-01-01", discovered_on="2020-02-01")  # a date error
    make_incident(published_on="2020-01-01", discovered_on=None)
    stat = stats()["ttd"]
    assert stat.n == 5
    # The date error fails a cross-field check: it waits for review instead of a bucket.
    assert stat.excluded == {"no_dates": 1, "negative_ttd": 0, "doubted_ttd": 1}


def test_causes_are_counted_per_year(five):
    stat = stats()["causes"]
    rows = {r["cause"]: r for r in stat.rows}
    assert stat.n == 5 and stat.summary["years"] == [2019, 2020, 2021]
    assert rows["sql_injection"]["2019"] == 2 and rows["sql_injection"]["total"] == 2
    assert rows["malware"]["2019"] == 1
    assert rows["payment_page_tampering"]["2020"] == 2
    assert rows["web_app_vulnerability"]["2021"] == 1 and rows["web_app_vulnerability"]["2019"] == 0


def test_card_data_shares_rest_on_incidents_naming_card_data(five):
    stat = stats()["card-data"]
    assert stat.n == 4 and stat.excluded == {"no_card_data": 1}
    assert by(stat.rows, "item") == {"card_number": 4, "expiry": 3, "security_code": 3}
    assert by(stat.rows, "item", "percent")["security_code"] == 75.0


def test_personal_data_items_are_counted(five):
    stat = stats()["personal-data"]
    assert stat.n == 3
    assert by(stat.rows, "item") == {"name": 2, "email": 2}
    assert by(stat.rows, "item", "percent")["email"] == 66.7


def test_discoverers_are_counted(five):
    stat = stats()["discovered-by"]
    assert by(stat.rows, "item") == {"payment_processor": 3, "card_company": 1, "self": 1}
    assert by(stat.rows, "item", "percent")["payment_processor"] == 60.0


def test_records_are_binned_by_power_of_ten(five):
    stat = stats()["records"]
    assert stat.summary["median"] == 4_500
    assert by(stat.rows, "from") == {1: 1, 10: 0, 100: 1, 1_000: 1, 10_000: 1, 100_000: 1}


def test_the_filters_change_n(five):
    assert stats("cause=sql_injection")["per-year"].n == 2
    assert stats("cause=sql_injection")["ttd"].summary["median"] == 25
    assert stats("discovered_by=payment_processor&year=2019")["card-data"].n == 2


def test_the_page_draws_every_chart_as_accessible_svg(client, five):
    response = client.get("/insights/")
    assert response.status_code == 200
    html = response.content.decode()
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, flags=re.S)
    compared = comparisons.charts_for(comparisons.DEFAULT_COMPARISON)
    assert len(svgs) == len(insights.CHARTS) + 1 + len(compared)  # and the comparison's
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "n = 5" in html and "discovered_on" in html and "first_disclosed_on" in html
    assert "Not enough data" not in html


def test_the_page_and_the_list_link_to_each_other_with_the_filters(client, five):
    causes = ["sql_injection", "web_app_vulnerability"]
    response = client.get("/insights/", {"cause": causes, "discovered_by": "payment_processor"})
    assert response.context["total"] == 3
    query = "cause=sql_injection&cause=web_app_vulnerability&discovered_by=payment_processor"
    assert response.context["list_url"] == f"/?{query}"
    assert f'href="/insights/ttd.csv?{query.replace("&", "&amp;")}"' in response.text
    listing = client.get("/", {"cause": "sql_injection"})
    assert 'href="/insights/?cause=sql_injection"' in listing.text


def test_a_tiny_or_empty_selection_says_not_enough_data(client, five):
    response = client.get("/insights/", {"cause": "payment_page_tampering"})
    figures = {f.stat.slug: f for f in response.context["figures"]}
    assert figures["ttd"].stat.n == 2
    # The cards kept with the drawing (the page shows none of them under MIN_N incidents).
    cards = response.context["figures_html"]
    ttd_card = re.search(r'<section[^>]*id="chart-ttd".*?</section>', cards, re.S)[0]
    assert "<svg" not in ttd_card and "データが足りません" in ttd_card
    assert "データが足りません" in response.text
    empty = client.get("/insights/", {"cause": "third_party"})
    assert empty.status_code == 200
    assert "<svg" not in empty.text and 'class="chart-card"' not in empty.text
    assert empty.text.count("データが足りません") == 1


def test_the_json_gives_n_the_measure_and_the_rows(client, five):
    data = client.get("/insights/ttd.json").json()
    assert data["n"] == 5 and data["summary"]["median"] == 100
    assert "discovered_on" in data["measures"] and data["enough_data"] is True
    filtered = client.get("/insights/per-year.json", {"cause": "sql_injection"}).json()
    assert filtered["n"] == 2 and filtered["filters"] == {"cause": ["sql_injection"]}
    assert filtered["rows"] == [{"year": 2019, "incidents": 2}]


def test_the_csv_has_the_table_and_n(client, five):
    response = client.get("/insights/card-data.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["item"]: r["incidents"] for r in rows}["security_code"] == "3"
    assert {r["n"] for r in rows} == {"4"}


def test_unknown_charts_formats_and_filter_values_are_refused(client, five):
    assert client.get("/insights/pie.json").status_code == 404
    assert client.get("/insights/ttd.xml").status_code == 404
    bad = client.get("/insights/ttd.json", {"cause": "teleportation"})
    assert bad.status_code == 400 and "cause" in bad.json()["parameters"]


def test_labels_are_escaped_in_the_svg_and_the_table(client, five):
    for _ in range(3):
        make_incident(forensic_firm="<b>Evil & Co</b>")
    html = client.get("/insights/").text
    assert "<b>Evil" not in html
    assert "&lt;b&gt;Evil &amp; Co&lt;/b&gt;" in html


def test_labels_follow_the_language(client, five):
    japanese = client.get("/insights/").text
    client.cookies["django_language"] = "en"
    english = client.get("/insights/").text
    assert "Security code" in english and "セキュリティコード" not in english
    assert "セキュリティコード" in japanese


def test_the_histogram_marks_the_median_where_it_lies(five):
    with translation.override("en"):
        stat = stats()["ttd"]
        svg = str(charts.draw(stat))
    assert "median 100 days" in svg
    median_x = float(re.search(r'<line x1="([\d.]+)"[^>]*stroke-dasharray', svg)[1])
    bin_x, bin_w = re.search(
        r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*>'
        r"<title>90–119 days: 1</title>",
        svg,
    ).groups()
    # Day 100 lies a third of the way into the 90–119 bin.
    assert median_x == pytest.approx(float(bin_x) + float(bin_w) / 3, abs=1)


# A few hundred varied incidents ---------------------------------------------------------------

CAUSES = ["sql_injection", "payment_page_tampering", "web_app_vulnerability", "malware", "unknown"]
CARD = ["card_number", "expiry", "security_code", "cardholder_name"]
PERSONAL = ["name", "address", "phone", "email", "birthdate", "password"]
DISCOVERERS = ["payment_processor", "card_company", "self", "police", "customer", ""]


def varied_incidents(count=300, seed=7) -> list[Incident]:
    """Incidents across 2012–2024 with gaps, date errors and missing values, made in one query."""
    rng = random.Random(seed)
    firms = [*ForensicFirm.objects.all(), None]
    rows = []
    for i in range(count):
        first = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(13 * 365))
        ttd = int(rng.lognormvariate(4.5, 0.8)) if rng.random() > 0.05 else -rng.randrange(1, 30)
        firm = rng.choice(firms)
        rows.append(
            Incident(
                organization=f"株式会社ショップ{i}",
                published_on=first,
                first_disclosed_on=first if rng.random() > 0.03 else None,
                discovered_on=first - dt.timedelta(days=ttd) if rng.random() > 0.1 else None,
                discovered_by=rng.choice(DISCOVERERS),
                forensic_firm=firm,
                forensic_investigation=firm is not None or rng.random() < 0.2,
                causes=rng.sample(CAUSES, rng.randrange(0, 3)),
                card_data=rng.sample(CARD, rng.randrange(0, 5)),
                personal_data=rng.sample(PERSONAL, rng.randrange(0, 4)),
                records_max=int(10 ** rng.uniform(0, 6)) if rng.random() > 0.1 else None,
            )
        )
    return Incident.objects.bulk_create(rows)


def test_the_page_works_on_a_few_hundred_varied_incidents(client, django_assert_max_num_queries):
    varied_incidents()
    # One statement counts for every chart and the comparison (with its savepoint, its
    # settings and their reset: 5); one for all the facet counts; the catalogue version and its
    # vocabulary (four tables, read once per version): 5; the shared cache (a read, a write and
    # its upkeep): 6. It was 31, a query or two per chart, before tallies.py.
    with django_assert_max_num_queries(17):
        response = client.get("/insights/")
    assert response.status_code == 200
    assert response.context["total"] == 300
    # Drawn once per catalogue version: asked again, the page reads them from the cache.
    with django_assert_max_num_queries(8):
        again = client.get("/insights/")
    assert again.context["total"] == 300
    assert "<svg" in response.context["figures_html"]
    assert again.context["figures_html"] == response.context["figures_html"]
    assert again.context["compare"].svg == response.context["compare"].svg != ""
    compared = comparisons.charts_for(comparisons.DEFAULT_COMPARISON)
    assert response.text.count('role="img"') == len(insights.CHARTS) + 1 + len(compared)
    for figure in response.context["figures"]:
        stat = figure.stat
        assert stat.n + sum(stat.excluded.values()) <= 300
        assert client.get(f"/insights/{stat.slug}.json").json()["n"] == stat.n
    per_year = stats()["per-year"]
    assert per_year.n + per_year.excluded["no_first_disclosed_on"] == 300
    ttd = stats()["ttd"]
    assert ttd.n + sum(ttd.excluded.values()) == 300
    assert sum(r["incidents"] for r in ttd.rows) == ttd.n


def test_past_a_few_hundred_dots_those_on_one_pixel_are_merged_and_counted():
    from breaches.charts import MAX_DOTS, merged

    few = [3, 1, 2, 2]
    assert merged(insights.Tally((v, 1) for v in few), lambda v: v) == [
        (1, 1), (2, 1), (2, 1), (3, 1)
    ]  # fmt: skip
    many = [v % 50 for v in range(MAX_DOTS * 3)]
    dots = merged(insights.Tally((v, 1) for v in many), lambda v: v * 2)
    assert len(dots) == 50
    assert sum(count for _, count in dots) == len(many)
    assert dots[0] == (0, MAX_DOTS * 3 // 50)


def test_a_strips_tooltips_are_in_the_language_of_the_page_drawn():
    """charts.day_tip keeps each day's words per language: drawn in Japanese, then in
    English, then in Japanese again, each strip says its days in its own language."""
    from breaches.charts import strips

    days = insights.Tally([(3, 2), (12, 1), (40, 1)])
    stat = insights.Stat(
        slug="ttd-by-year", title="t", measures="m", kind="strips", n=4, columns=[],
        rows=[{"key": 2020, "label": "2020", "incidents": 4, "median": 7.5}],
        points={2020: days},
    )  # fmt: skip
    drawn = {}
    for language in ("ja", "en", "ja"):
        with translation.override(language):
            drawn[language] = strips(stat)
    assert "<title>12 days</title>" in drawn["en"] and "12日" not in drawn["en"]
    assert "<title>12日</title>" in drawn["ja"] and "12 days" not in drawn["ja"]


def test_drawn_insights_follow_every_change_to_the_catalogue(client):
    first = Incident.objects.create(first_disclosed_on="2020-01-01", causes=["malware"])
    assert client.get("/insights/").context["total"] == 1
    Incident.objects.create(first_disclosed_on="2021-01-01")
    assert client.get("/insights/").context["total"] == 2
    causes = {f.stat.slug: f.stat for f in client.get("/insights/").context["figures"]}["causes"]
    assert [r["cause"] for r in causes.rows] == ["malware"]
    Incident.objects.filter(pk=first.pk).update(causes=["sql_injection"])  # no updated_at
    causes = {f.stat.slug: f.stat for f in client.get("/insights/").context["figures"]}["causes"]
    assert [r["cause"] for r in causes.rows] == ["sql_injection"]
    term = Term.objects.get(kind=Term.Kind.CAUSE, code="sql_injection")
    term.label_ja = "SQL注入（改名）"
    term.save()
    assert "SQL注入（改名）" in client.get("/insights/").text
    Incident.objects.filter(pk=first.pk).delete()
    assert client.get("/insights/").context["total"] == 1


def test_warm_insights_draws_the_unfiltered_page_into_the_shared_cache(client):
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Incident.objects.create(first_disclosed_on="2020-01-01", causes=["malware"])
    out = StringIO()
    call_command("warm_insights", stdout=out)
    assert "insights drawn for 2 page states" in out.getvalue()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/insights/").context["total"] == 1
    assert len(ctx.captured_queries) <= 8  # drawn already: no chart is computed
    with translation.override("en"), CaptureQueriesContext(connection) as ctx:
        assert client.get("/insights/?lang=en").context["total"] == 1
    assert len(ctx.captured_queries) <= 8


def seen_by_another_connection(read):
    """What `read()` gives on a connection of its own (a thread: its own connection)."""
    from threading import Thread

    from django.db import connection

    out = []

    def run():
        try:
            out.append(read())
        finally:
            connection.close()

    thread = Thread(target=run)
    thread.start()
    thread.join()
    return out[0]


@pytest.mark.django_db(transaction=True)
def test_the_catalogue_version_moves_when_its_change_can_be_read_and_not_before():
    from django.db import transaction

    from breaches.models import catalogue_version

    before = catalogue_version()
    with transaction.atomic():
        incident = Incident.objects.create(first_disclosed_on="2020-01-01")
        assert catalogue_version() != before
        # Another reader still reads the old rows: it must not see the new version either,
        # or it would keep figures drawn from the old rows under it.
        assert seen_by_another_connection(catalogue_version) == before
    after = seen_by_another_connection(catalogue_version)
    assert after == catalogue_version() != before
    # Every kind of change a page shows moves it: a field no facet reads, a label, a firm.
    changes = [
        lambda: Incident.objects.filter(pk=incident.pk).update(organization="株式会社改名"),
        lambda: Term.objects.filter(kind=Term.Kind.CAUSE).update(label_en="renamed"),
        lambda: ForensicFirm.objects.update(label_ja="改名"),
    ]
    for change in changes:
        was = catalogue_version()
        change()
        assert catalogue_version() != was


@pytest.mark.django_db(transaction=True)
def test_writers_take_the_catalogue_version_before_the_kept_counts_so_none_deadlocks():
    """One transaction holds the version (it changed a label) and then writes an incident; the
    other's first write is an incident with the same values. The version is taken before any
    kept count, so the second waits at its start instead of holding counts the first needs."""
    import threading
    import time

    from django.db import connection, transaction

    failures = []
    started = threading.Event()

    def other_writer():
        try:
            started.set()
            with transaction.atomic():
                Incident.objects.create(first_disclosed_on="2021-01-01", causes=["malware"])
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    with transaction.atomic():
        Term.objects.filter(kind=Term.Kind.CAUSE, code="malware").update(label_en="Malware")
        thread = threading.Thread(target=other_writer)
        thread.start()
        started.wait()
        time.sleep(0.5)  # the other transaction is at its first write by now
        Incident.objects.create(first_disclosed_on="2020-01-01", causes=["malware"])
    thread.join(timeout=30)
    assert not failures, failures
    assert Incident.objects.filter(causes__contains=["malware"]).count() == 2
