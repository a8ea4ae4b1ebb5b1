"""The front page's band, /about/, the title, ?lang=, and paging past the end."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone, translation

from breaches.about import Overview
from breaches.models import FieldReview
from conftest import make_incident
from ingest.extract.fields import TABLE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_band_counts_incidents_notices_dates_and_review_shares(client):
    first = make_incident(published_on="2020-06-01")
    make_incident(published_on="2022-01-15")
    FieldReview.objects.create(incident=first, field="records_max")
    band = client.get("/").context["overview"]()
    assert (band.incidents, band.notices) == (2, 2)
    assert (str(band.first_date), str(band.last_date)) == ("2020-06-01", "2022-01-15")
    assert band.reviewed == 1 and band.values == 2 * len(TABLE)
    assert band.unverified_share == round(100 * band.unverified / band.values, 1)
    html = client.get("/").text
    assert 'id="overview"' in html and "2件のインシデント" in html


def a_big_catalogue() -> Overview:
    return Overview(
        incidents=12_345, notices=12_400, first_date=dt.date(2016, 7, 19),
        last_date=dt.date(2024, 3, 1),
        last_import=timezone.make_aware(dt.datetime(2024, 3, 2, 9, 30)),
        values=1000, unverified=242, reviewed=0,
    )  # fmt: skip


def test_the_band_writes_japanese_with_japanese_punctuation_and_english_with_english():
    band = a_big_catalogue()
    with translation.override("ja"):
        assert band.holdings == (
            "12,400件のお知らせから12,345件のインシデント、"
            "初回公表は2016年7月19日～2024年3月1日、最終取り込みは2024年3月2日 09:30。"
        )
        assert band.method.endswith(
            "確認できます。値の24.2%が未確認、0%が編集者による確認済みです。"
        )
    with translation.override("en"):
        assert band.holdings == (
            "12,345 incidents from 12,400 notices, first disclosed July 19, 2016 – "
            "March 1, 2024; last import March 2, 2024 09:30."
        )
        assert band.method.endswith(
            "24.2% of values are marked unverified, 0% were reviewed by an editor."
        )


def test_an_empty_catalogue_has_a_band_without_dates():
    band = Overview(
        incidents=0, notices=0, first_date=None, last_date=None, last_import=None,
        values=0, unverified=0, reviewed=0,
    )  # fmt: skip
    with translation.override("ja"):
        assert band.holdings == "0件のお知らせから0件のインシデント。"
    with translation.override("en"):
        assert band.holdings == "0 incidents from 0 notices."


def test_the_about_page_lists_the_time_buckets_as_a_sentence_in_each_language(client):
    html = client.get("/about/").text
    assert "絞り込みの区分は30日以内、31～90日、91～180日、181～365日、365日超、不明です。" in html
    html = client.get("/about/", {"lang": "en"}).text
    assert "The buckets of the filter are: 30 days or less, 31–90 days," in html


def test_the_about_page_defines_the_fields_and_the_header_links_analysis(client):
    html = client.get("/about/").text
    assert "発見日" in html or "discovered_on" in html
    assert '<code class="field-code" title="コード">forensic_firm</code>' in html
    assert 'id="nav-insights"' in html and ">分析<" in html


def test_lang_in_the_url_switches_the_language_for_that_link(client):
    make_incident()
    assert '<html lang="en">' in client.get("/", {"lang": "en"}).text
    assert '<html lang="ja">' in client.get("/").text
    assert client.get("/api/incidents/", {"lang": "en"}).status_code == 200


def test_the_title_names_the_filters_and_the_page(client):
    for n in range(25):
        make_incident(organization=f"会社{n}")
    html = client.get("/", {"cause": "web_app_vulnerability", "page": "2"}).text
    assert "<title>原因: アプリケーションの脆弱性 · 2ページ目 – " in html


def test_pages_link_to_their_neighbours_and_past_the_end_is_a_404_with_a_way_back(client):
    for n in range(25):
        make_incident(organization=f"会社{n}")
    first = client.get("/")
    assert 'id="page-next"' in first.text and 'id="page-previous"' not in first.text
    second = client.get("/", {"page": "2"})
    assert 'id="page-previous"' in second.text and 'href="/"' in second.text
    past = client.get("/", {"page": "99", "cause": "web_app_vulnerability"})
    assert past.status_code == 404
    assert 'id="back-link" href="/?cause=web_app_vulnerability"' in past.text


def test_a_selected_value_that_gives_nothing_stays_visible_and_dimmed(client):
    make_incident(causes=["malware"], discovered_by="police")
    html = client.get("/", {"cause": "malware", "discovered_by": "customer"}).text
    assert 'id="fv-discovered_by-customer" class="facet-value is-selected is-empty"' in html


def test_the_band_is_counted_once_per_catalogue_version_and_shows_a_write_at_once(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from breaches.about import overview

    make_incident(published_on="2020-06-01")
    assert client.get("/").context["overview"]().incidents == 1
    with CaptureQueriesContext(connection) as queries:
        assert overview().incidents == 1
    assert [q["sql"] for q in queries.captured_queries] == [
        "SELECT n FROM breaches_catalogue_version WHERE id = 1"
    ]
    # Another process finds it in the shared cache; a write is counted at once.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert overview().incidents == 1
    assert not [q for q in queries.captured_queries if "count(*)" in q["sql"]]
    make_incident(published_on="2021-06-01")
    assert client.get("/").context["overview"]().incidents == 2
