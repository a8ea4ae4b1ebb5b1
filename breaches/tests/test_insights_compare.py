"""The insights page's comparison: time to disclosure per group, worked out by hand."""

import csv
import datetime as dt
import io

import pytest
from django.http import QueryDict

from breaches import insights
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
    from breaches.insights_views import group_labels

    return insights.comparison(filterset.qs, by, group_labels(by, filterset.labels))


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
    assert rows[insights.NOT_STATED]["incidents"] == 1
    assert list(rows)[-1] == insights.NOT_STATED  # the group without a value comes last
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
    assert rows[insights.NOT_STATED]["max"] == 50
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
    compare = html[html.index('id="compare"') : html.index('<div class="charts">')]
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
