"""The Atom feed: RFC 4287's MUSTs, checked one by one and by a feed parser."""

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from breaches.models import Disclosure, Revision
from conftest import add_disclosure, make_incident

pytestmark = pytest.mark.django_db

A = "{http://www.w3.org/2005/Atom}"
FEED = "/feed/"


def atom(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)


def children(element, name):
    return element.findall(f"{A}{name}")


def is_rfc3339(text: str) -> bool:
    return dt.datetime.fromisoformat(text).tzinfo is not None and "T" in text


def test_the_feed_honours_the_filters(client):
    make_incident(organization="株式会社エス", causes=["sql_injection"])
    make_incident(organization="株式会社エム", causes=["malware"])
    xml = client.get(FEED, {"cause": "sql_injection"}).content.decode()
    assert "<feed" in xml and "株式会社エス" in xml and "株式会社エム" not in xml


def test_every_rfc_4287_must_holds(client):
    incident = make_incident(organization="株式会社エス", published_on="2020-06-01")
    add_disclosure(incident, published_on="2020-07-01", report_stage="final")
    make_incident(organization="株式会社エム", published_on=None)
    feed = atom(client.get(FEED))
    # 4.1.1: exactly one id, title, updated; an author unless every entry has one.
    for name in ("id", "title", "updated"):
        assert len(children(feed, name)) == 1, name
    assert is_rfc3339(children(feed, "updated")[0].text)
    assert children(feed, "author")[0].find(f"{A}name").text
    # 4.1.1: at most one alternate link per type and hreflang; a self link (SHOULD).
    links = {link.get("rel"): link.get("href") for link in children(feed, "link")}
    assert links["self"] == "http://testserver/feed/" and links["alternate"]
    entries = children(feed, "entry")
    assert len(entries) == 3
    ids = [e.find(f"{A}id").text for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        # 4.1.2: exactly one id (an IRI), title, updated; content or an alternate link.
        for name in ("id", "title", "updated"):
            assert len(children(entry, name)) == 1, name
        assert entry.find(f"{A}id").text.startswith("tag:testserver,2026:notice/")
        assert is_rfc3339(entry.find(f"{A}updated").text)
        assert any(link.get("rel") == "alternate" for link in children(entry, "link"))
        assert len(children(entry, "published")) <= 1
        summary = entry.find(f"{A}summary")
        assert summary.get("type") == "text"


def test_a_feed_parser_reads_it_without_error(client):
    incident = make_incident(organization="株式会社エス", published_on="2020-06-01")
    add_disclosure(incident, published_on="2020-07-01")
    parsed = feedparser.parse(client.get(FEED, {"cause": "web_app_vulnerability"}).content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.author
    assert len(parsed.entries) == 2
    for entry in parsed.entries:
        assert entry.id.startswith("tag:") and entry.link and entry.updated_parsed


def test_the_self_link_keeps_the_filters(client):
    make_incident(causes=["malware"], card_data=["security_code"])
    feed = atom(client.get(FEED, {"card_data": "security_code", "cause": "malware"}))
    links = {link.get("rel"): link.get("href") for link in children(feed, "link")}
    assert links["self"] == "http://testserver/feed/?cause=malware&card_data=security_code"
    assert links["alternate"] == "http://testserver/?cause=malware&card_data=security_code"
    assert feed.find(f"{A}id").text == links["self"]


def test_published_is_the_notices_date_and_undated_notices_come_last(client):
    make_incident(organization="undated", published_on=None)
    make_incident(organization="old", published_on="2019-03-01")
    make_incident(organization="new", published_on="2021-05-10")
    entries = children(atom(client.get(FEED)), "entry")
    titles = [e.find(f"{A}title").text for e in entries]
    assert [t.split()[0] for t in titles] == ["new", "old", "undated"]
    assert entries[0].find(f"{A}published").text == "2021-05-10T00:00:00+09:00"
    assert entries[2].find(f"{A}published") is None


def test_entry_ids_survive_a_reimport(client):
    make_incident(source_key="/data/notices/shop-2020.txt")
    first = children(atom(client.get(FEED)), "entry")[0].find(f"{A}id").text
    Disclosure.objects.all().delete()  # the catalogue is rebuilt from the same files elsewhere
    make_incident(source_key="/elsewhere/notices/shop-2020.txt")
    again = children(atom(client.get(FEED)), "entry")[0].find(f"{A}id").text
    assert first == again
    assert "/data/" not in client.get(FEED).content.decode()


def test_a_revised_notice_gets_an_entry_of_its_own(client):
    incident = make_incident(organization="株式会社エス", text="第1版の本文")
    disclosure = incident.disclosures.get()
    Revision.objects.create(
        disclosure=disclosure, number=1, content_hash="old", text="第1版の本文",
        created_at=timezone.now(),
    )  # fmt: skip
    disclosure.revision = 2
    disclosure.text = "第2版の本文"
    disclosure.save()
    entries = children(atom(client.get(FEED)), "entry")
    assert len(entries) == 2
    revised = entries[0]  # the revision is newer than the notice's own date
    assert revised.find(f"{A}id").text.endswith("/r2")
    assert "第2版の本文" in revised.find(f"{A}summary").text
    assert revised.find(f"{A}published").text


def test_summaries_are_plain_text_never_notice_html(client):
    make_incident(text="<script>alert(1)</script>お詫び\x07")
    response = client.get(FEED)
    body = response.content.decode()
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    summary = children(children(atom(response), "entry")[0], "summary")[0]
    assert summary.get("type") == "text" and "\x07" not in summary.text


def test_a_conditional_request_gets_a_304(client):
    incident = make_incident()
    first = client.get(FEED)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    since = client.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    add_disclosure(incident, published_on="2020-08-01")
    assert client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_bad_filter_or_method_is_refused(client):
    assert client.get(FEED, {"ttd": "soon"}).status_code == 400
    assert client.get(FEED, {"causes": "malware"}).status_code == 400
    assert client.post(FEED).status_code == 405


def test_the_list_links_to_the_filtered_feed(client):
    make_incident()
    html = client.get(reverse("breaches:list"), {"cause": "malware"}).content.decode()
    assert "/feed/?cause=malware" in html
