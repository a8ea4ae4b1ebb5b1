"""The front page's band, /about/, the title, ?lang=, and paging past the end."""

import pytest
from django.core.cache import cache

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


def test_the_about_page_defines_the_fields_and_the_header_links_analysis(client):
    html = client.get("/about/").text
    assert "発見日" in html or "discovered_on" in html
    assert "<code>forensic_firm</code>" in html
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
