"""The insights page's comparison: time to disclosure per group, worked out by hand."""

import csv
import datetime as dt
import io

import pytest
from django.http import QueryDict

from breaches import comparisons, insights
from breaches.filters import IncidentFilter
from breaches.models import Incident
from conftest import make_incident

pytestmark = pytest.mark.django_db


def disclosed(ttd, **fields):
    published = dt.date(2021, 6, 1)
    discovered = published - dt.timedelta(days=ttd) if ttd is not None else None
    return make_incident(
        published_on=published.isoformat(),
        discovered_on=discovered.isoformat() if discovered else None,
        **fields,
    )


@pytest.fixture
def analysts_question():
    """Card company: 6 incidents; payment processor: 5; the merchant itself: 1; one unnamed."""
    for days in (100, 120, 150, 171, 200, 300):
        disclosed(days, discovered_by="card_company")
    for days in (10, 20, 30, 40, 50):
        disclosed(days, discovered_by="payment_processor")
    disclosed(5, discovered_by="self")
    disclosed(60, discovered_by=None)
    # A first notice before the stated discovery: a cross-field check doubts it.
    make_incident(
        published_on="2021-01-01", discovered_on="2021-02-01", discovered_by="card_company"
    )
    disclosed(None, discovered_by="payment_processor")  # no discovery date


def compared(by, params=""):
    filterset = IncidentFilter(QueryDict(params), queryset=Incident.objects.all())
    return comparisons.comparison(comparisons.grouping(filterset, by))


def rows_of(stat):
    return {r["key"]: r for r in stat.rows}


def test_the_median_quartiles_and_n_per_discoverer_are_those_worked_by_hand(analysts_question):
    stat = compared("discovered_by")
    rows = rows_of(stat)
    # [100, 120, 150, 171, 200, 300]: median (150+171)/2; quartiles at positions 1.25 and 3.75.
    card = rows["card_company"]
    assert (card["incidents"], card["median"], card["q1"], card["q3"]) == (6, 160.5, 127.5, 192.75)
    assert (card["min"], card["max"], card["small"], card["note"]) == (100, 300, False, "")
    processor = rows["payment_processor"]
    assert (processor["incidents"], processor["median"], processor["q1"], processor["q3"]) == (
        5, 30, 20, 40,
    )  # fmt: skip
    assert processor["small"] is False
    assert rows["self"]["incidents"] == 1 and rows["self"]["small"] is True
    assert rows["self"]["note"] == "n < 5"
    assert rows[comparisons.NOT_STATED]["incidents"] == 1
    assert list(rows)[-1] == comparisons.NOT_STATED  # the group without a value comes last
    assert stat.n == 13


def test_doubted_and_undated_incidents_are_left_out_and_counted_apart(analysts_question):
    stat = compared("discovered_by")
    assert stat.excluded == {"no_dates": 1, "negative_ttd": 0, "doubted_ttd": 1}
    assert sum(r["incidents"] for r in stat.rows) == stat.n == 13


def test_an_incident_with_two_causes_is_in_both_groups_and_once_in_n():
    disclosed(10, causes=["sql_injection", "malware"])
    disclosed(30, causes=["sql_injection"])
    disclosed(50, causes=[])
    stat = compared("cause")
    rows = rows_of(stat)
    assert rows["sql_injection"]["incidents"] == 2 and rows["sql_injection"]["median"] == 20
    assert rows["malware"]["incidents"] == 1
    assert rows[comparisons.NOT_STATED]["max"] == 50
    assert stat.n == 3


def test_years_firms_and_report_stages_are_groups_too():
    make_incident(published_on="2019-03-01", discovered_on="2019-01-30", report_stage="initial")
    make_incident(published_on="2020-03-01", discovered_on="2020-01-01", report_stage="final",
                  forensic_firm="LAC")  # fmt: skip
    make_incident(published_on="2020-04-01", discovered_on="2020-03-02", forensic_firm=None,
                  forensic_investigation=False)  # fmt: skip
    years = rows_of(compared("year"))
    assert {y: r["incidents"] for y, r in years.items()} == {2019: 1, 2020: 2}
    assert years[2020]["median"] == 45  # 60 and 30 days
    firms = rows_of(compared("forensic_firm"))
    assert firms["payment-card-forensics"]["median"] == 30
    assert firms["lac"]["median"] == 60 and firms[insights.NO_INVESTIGATION]["median"] == 30
    stages = compared("report_stage")
    assert [r["key"] for r in stages.rows] == ["initial", "final"]  # vocabulary order
    assert stages.rows[0]["label"] == "第1報"


def test_the_page_has_the_selector_the_chart_and_the_table_with_n(client, analysts_question):
    html = client.get("/insights/?by=discovered_by").content.decode()
    assert '<select id="by" name="by">' in html
    assert '<option value="discovered_by" selected>' in html
    assert 'id="h-compare"' in html and 'class="chart-svg"' in html
    compare = html[html.index('id="compare"') : html.index('id="compare-more"')]
    assert '<th scope="row">カード会社</th><td>6</td><td>160.5</td>' in compare
    assert '<th scope="row">自社</th><td>1</td>' in compare
    assert compare.count("<td>n &lt; 5</td>") == 2  # the merchant itself and 記載なし
    assert "確認待ち" in compare or "review" in compare  # the doubted incident, said apart


def test_the_filters_drive_the_comparison_and_the_facets_keep_by(client, analysts_question):
    response = client.get("/insights/?by=cause&discovered_by=card_company")
    html = response.content.decode()
    assert "n = 6件" in html[html.index('id="compare"') :]
    assert 'id="fv-discovered_by-card_company"' in html  # the facets panel
    # A facet value stays on this page and keeps the comparison.
    toggle = "/insights/?discovered_by=card_company&amp;by=cause&amp;cause=web_app_vulnerability"
    assert f'id="fv-cause-web_app_vulnerability" class="facet-value" href="{toggle}"' in html
    assert 'href="/insights/compare.csv?discovered_by=card_company&amp;by=cause"' in html
    assert (
        'id="show-results" href="#results"' in html and "7件を表示" in html
    )  # the doubted one too


def test_the_json_and_csv_give_the_groups_and_the_csv_is_guarded(client, analysts_question):
    data = client.get("/insights/compare.json?by=discovered_by&year=2021").json()
    assert data["by"] == "discovered_by" and data["min_n_per_group"] == 5
    assert data["filters"] == {"year": ["2021"]}
    card = next(r for r in data["rows"] if r["key"] == "card_company")
    assert (card["median"], card["incidents"], card["small"]) == (160.5, 6, False)
    assert data["left_out"]["doubted_ttd"] == 1
    disclosed(15, forensic_firm="=HYPERLINK(1)")
    response = client.get("/insights/compare.csv?by=forensic_firm")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["n"] for r in rows} == {"14"}
    assert "'=HYPERLINK(1)" in {r["label"] for r in rows}


def test_an_unknown_comparison_is_a_400_for_data_and_a_notice_on_the_page(client):
    for days in (15, 25, 35):
        disclosed(days)
    response = client.get("/insights/compare.json?by=colour")
    assert response.status_code == 400 and "colour" in response.json()["error"]
    assert client.get("/insights/compare.xml?by=cause").status_code == 404
    html = client.get("/insights/?by=colour").content.decode()
    assert "不明な比較の軸「colour」は無視しました。" in html
    assert '<option value="discovered_by" selected>' in html


def test_the_list_has_the_show_results_button_with_the_count(client, analysts_question):
    html = client.get("/?discovered_by=card_company").content.decode()
    assert 'id="show-results" href="#results" data-show-results data-no-swap>7件を表示</a>' in html


# The other charts per group ---------------------------------------------------------------------


def per_group(slug, by, params=""):
    filterset = IncidentFilter(QueryDict(params), queryset=Incident.objects.all())
    total = filterset.qs.count()
    grouping = comparisons.grouping(filterset, by)
    [stat] = comparisons.compute([slug], grouping, filterset.labels, total)
    return stat


@pytest.fixture
def card_data_by_discoverer():
    """Card company: 3 incidents, 2 naming card data; payment processor: 5, all naming some."""
    make_incident(discovered_by="card_company", card_data=["card_number", "security_code"])
    make_incident(discovered_by="card_company", card_data=["card_number"])
    make_incident(discovered_by="card_company", card_data=[])
    for n in range(5):
        card = ["card_number", "expiry", "security_code"] if n < 2 else ["card_number"]
        make_incident(discovered_by="payment_processor", card_data=card)


def test_card_data_shares_per_discoverer_are_those_worked_by_hand(card_data_by_discoverer):
    stat = per_group("compare-card-data", "discovered_by")
    rows = rows_of(stat)
    card, processor = rows["card_company"], rows["payment_processor"]
    assert [r["key"] for r in stat.rows] == ["payment_processor", "card_company"]  # vocabulary
    assert (card["incidents"], card["n_security_code"], card["pct_security_code"]) == (2, 1, 50.0)
    assert (card["pct_card_number"], card["pct_expiry"]) == (100.0, 0.0)
    assert (card["small"], card["note"]) == (True, "n < 5")
    assert (processor["incidents"], processor["pct_security_code"]) == (5, 40.0)
    assert (processor["small"], processor["note"]) == (False, "")
    assert stat.n == 7 and stat.excluded == {"no_card_data": 1}
    # Items in vocabulary order, those no incident names left out.
    assert [i["item"] for i in stat.summary["items"]] == ["card_number", "expiry", "security_code"]


def test_an_incident_in_two_groups_counts_in_each_and_once_in_n():
    make_incident(causes=["sql_injection", "malware"], card_data=["security_code"])
    make_incident(causes=["sql_injection"], card_data=["card_number"])
    make_incident(causes=[], card_data=["card_number"])
    stat = per_group("compare-card-data", "cause")
    rows = rows_of(stat)
    assert rows["sql_injection"]["incidents"] == 2 and rows["sql_injection"]["pct_security_code"]
    assert rows["malware"]["incidents"] == 1 and rows["malware"]["pct_security_code"] == 100.0
    assert rows[comparisons.NOT_STATED]["label"] == "記載なし"
    assert stat.n == 3


def test_records_fall_in_the_filters_buckets_with_each_groups_median():
    for records in (10, 500, 2_000, 50_000, 200_000):
        make_incident(discovered_by="card_company", records_max=records)
    make_incident(discovered_by="self", records_max=None)
    stat = per_group("compare-records", "discovered_by")
    card = rows_of(stat)["card_company"]
    assert {k: card[f"n_{k}"] for k in ("lt1k", "1k-10k", "10k-100k", "ge100k")} == {
        "lt1k": 2, "1k-10k": 1, "10k-100k": 1, "ge100k": 1,
    }  # fmt: skip
    assert card["pct_lt1k"] == 40.0 and card["median"] == 2_000
    assert "self" not in rows_of(stat)  # no record count: left out, not an empty group
    assert stat.excluded == {"no_records": 1}


def test_disclosures_per_year_per_group_count_each_year():
    make_incident(published_on="2019-05-01", report_stage="initial")
    make_incident(published_on="2021-05-01", report_stage="initial")
    make_incident(published_on="2021-07-01", report_stage="final")
    stat = per_group("compare-per-year", "report_stage")
    assert stat.summary["years"] == [2019, 2020, 2021]
    initial, final = stat.rows
    assert (initial["label"], initial["2019"], initial["2020"], initial["2021"]) == (
        "第1報", 1, 0, 1,
    )  # fmt: skip
    assert (final["label"], final["incidents"], final["2021"]) == ("最終報告", 1, 1)


def test_follow_ups_and_revised_counts_are_groups_of_their_own():
    followed = make_incident(discovered_by="card_company")
    both = make_incident(discovered_by="card_company")
    make_incident(discovered_by="self")
    Incident.objects.filter(pk=followed.pk).update(has_followup=True)
    Incident.objects.filter(pk=both.pk).update(has_followup=True, count_changed=True)
    stat = per_group("compare-discovered-by", "chain")
    rows = rows_of(stat)
    assert [r["key"] for r in stat.rows] == ["followup", "count_changed", comparisons.NOT_STATED]
    assert rows["followup"]["incidents"] == 2 and rows["count_changed"]["incidents"] == 1
    assert rows[comparisons.NOT_STATED]["label"] == "続報・改訂なし"
    assert rows[comparisons.NOT_STATED]["pct_self"] == 100.0
    assert stat.n == 3
    ttd = compared("chain")
    assert {r["key"]: r["incidents"] for r in ttd.rows}["followup"] == 2


def test_a_comparison_leaves_out_the_chart_of_its_own_grouping():
    assert "compare-causes" not in comparisons.charts_for("cause")
    assert "compare-per-year" not in comparisons.charts_for("year")
    assert "compare-discovered-by" not in comparisons.charts_for("discovered_by")
    assert len(comparisons.charts_for("forensic_firm")) == len(comparisons.COMPARE_CHARTS)


def test_the_page_shows_each_chart_per_group_with_n_and_its_data_links(
    client, card_data_by_discoverer
):
    html = client.get("/insights/?by=discovered_by").text
    more = html[html.index('id="compare-more"') :]
    assert "発覚の経緯ごとのほかのグラフ" in more
    card = more[more.index('id="chart-compare-card-data"') :]
    card = card[: card.index("</section>")]
    assert "発覚の経緯ごとの流出したカード情報" in card and "n = 7件" in card
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg natural" role="img"' in card
    assert ">n &lt; 5</text>" in card  # the card company's 2
    assert '<th scope="row">カード会社</th><td>2</td><td>100</td>' in card
    assert 'href="/insights/compare-card-data.csv?by=discovered_by"' in card
    assert "除外：カード情報の項目の記載なし：1件。" in card
    assert 'id="chart-compare-discovered-by"' not in html  # by discoverer: it would repeat


def test_each_chart_per_group_is_served_as_json_and_csv(client, card_data_by_discoverer):
    data = client.get("/insights/compare-card-data.json?by=discovered_by").json()
    assert (data["chart"], data["by"], data["n"], data["min_n_per_group"]) == (
        "compare-card-data", "discovered_by", 7, 5,
    )  # fmt: skip
    card = next(r for r in data["rows"] if r["key"] == "card_company")
    assert (card["incidents"], card["pct_security_code"], card["small"]) == (2, 50.0, True)
    response = client.get("/insights/compare-card-data.csv?by=discovered_by&discovered_by=self")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == []  # no incident: the header only
    response = client.get("/insights/compare-records.csv?by=discovered_by")
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["key", "label", "incidents"] and header[-1] == "n"
    assert {"pct_1k-10k", "n_1k-10k", "median", "small", "note"} <= set(header)
    assert client.get("/insights/compare-records.json?by=colour").status_code == 400
    assert client.get("/insights/compare-records.xml?by=year").status_code == 404
