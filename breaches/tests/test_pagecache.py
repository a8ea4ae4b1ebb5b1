"""The page cache (breaches/pagecache.py): a list's region and an incident's body are rendered
once per catalogue version, language and URL; any write to the catalogue shows at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from breaches.models import Correction, FirmAlias, ForensicFirm, Incident, Term
from conftest import make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 3600


def get(client, url, **headers):
    """The page without the language form's CSRF token (masked anew for each response)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return html, [q["sql"] for q in queries.captured_queries]


def test_a_list_asked_again_is_served_from_its_rendering_with_one_query(client):
    make_incident(organization="株式会社一番", causes=["malware"])
    make_incident(organization="株式会社二番", causes=["sql_injection"])
    url = "/?cause=malware"
    first, work = get(client, url)
    again, kept = get(client, url)
    assert len(work) > 5
    assert kept == ["SELECT n FROM breaches_catalogue_version WHERE id = 1"]
    assert again == first and "株式会社一番" in again and "株式会社二番" not in again
    # The results-only request of the page's script reads the same rendering.
    region, kept = get(client, url, X_Requested_With="fetch")
    assert len(kept) == 1 and "<html" not in region and region in again


def test_every_kind_of_change_shows_at_once(client):
    incident = make_incident(organization="株式会社一番", causes=["malware"])
    url = "/?cause=malware"
    assert "株式会社一番" in get(client, url)[0]
    make_incident(organization="株式会社新着", causes=["malware"])
    assert "株式会社新着" in get(client, url)[0]
    Incident.objects.filter(pk=incident.pk).update(organization="株式会社改名")
    assert "株式会社改名" in get(client, url)[0]
    Term.objects.filter(kind=Term.Kind.CAUSE, code="malware").update(label_ja="マルウェア（改名）")
    assert "マルウェア（改名）" in get(client, url)[0]


VOCABULARY_READS = tuple(f'FROM "breaches_{t}"' for t in ("term", "forensicfirm", "firmalias",
                                                           "facetbit"))  # fmt: skip


def test_the_vocabulary_is_read_once_per_version_and_anew_after_any_change(client, settings):
    """Rendered every time (page cache off), a page still reads the vocabulary tables only once
    per catalogue version (breaches.vocabulary), and a relabelled term or a new firm alias
    shows on the very next page."""
    settings.PAGE_CACHE_SECONDS = 0
    firm = ForensicFirm.objects.get(name="Payment Card Forensics")
    make_incident(organization="株式会社一番", causes=["malware"])

    def reads_vocabulary(url):
        html, sql = get(client, url)
        return html, any(read in q for q in sql for read in VOCABULARY_READS)

    assert reads_vocabulary("/?cause=malware")[1]
    for url in ("/?cause=malware", "/?q=株式会社一番", "/api/incidents/?cause=malware"):
        html, read = reads_vocabulary(url)
        assert not read and "株式会社一番" in html
    Term.objects.filter(kind=Term.Kind.CAUSE, code="malware").update(label_ja="マルウェア（改名）")
    html, read = reads_vocabulary("/?cause=malware")
    assert read and "マルウェア（改名）" in html
    assert "マルウェア（改名）" in get(client, Incident.objects.get().get_absolute_url())[0]
    # An alias an editor adds names the firm in the next search.
    assert "株式会社一番" not in get(client, "/?q=新名調査社")[0]
    FirmAlias.objects.create(firm=firm, alias="新名調査社")
    assert "株式会社一番" in get(client, "/?q=新名調査社")[0]


def test_each_language_and_url_has_its_own_rendering(client):
    make_incident(organization="株式会社一番", causes=["malware"])
    japanese = get(client, "/")[0]
    english = get(client, "/?lang=en")[0]
    assert japanese != english and 'lang="en"' in english
    assert get(client, "/")[0] == japanese
    assert get(client, "/?cause=sql_injection")[0] != japanese


def test_an_incident_page_asked_again_reads_nothing_but_the_version(client):
    incident = make_incident(organization="株式会社一番", records_max=1000)
    url = incident.get_absolute_url()
    first, work = get(client, url)
    again, kept = get(client, url)
    assert len(work) > 3 and len(kept) == 1 and again == first
    # An editor's correction shows on the next request.
    incident.correct("records_max", 2500, reason="第2報")
    assert Correction.objects.filter(incident=incident).exists()
    assert "2,500" in get(client, url)[0]


def test_a_deleted_incident_is_gone_at_once(client):
    incident = make_incident(organization="株式会社一番")
    url = incident.get_absolute_url()
    get(client, url)
    incident.delete()
    assert client.get(url).status_code == 404


def test_each_request_gets_its_own_csrf_token_around_a_kept_rendering(client):
    make_incident(organization="株式会社一番")
    get(client, "/")
    other = type(client)()
    page = other.get("/")
    assert page.status_code == 200
    token = other.cookies.get("csrftoken")
    assert token is not None  # the language form's token is made for this visitor
