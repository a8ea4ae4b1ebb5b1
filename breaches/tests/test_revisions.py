"""Revisions visible: the follow-up and revised badges, the notice-chain facet (list, API,
CSV), the changes page of a revised notice, and the feed entries that link to it."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.http import QueryDict
from django.urls import reverse

from breaches.facets import count_all
from breaches.filters import IncidentFilter
from breaches.models import Incident, Revision
from breaches.revisions import line_diff
from conftest import add_disclosure, make_incident

pytestmark = pytest.mark.django_db

A = "{http://www.w3.org/2005/Atom}"


def revise(disclosure, text: str, **values):
    """The notice's file changed: keep its text as a Revision, as the importer does, and set
    the incident's flag (resolve() may not keep it yet)."""
    Revision.objects.create(
        disclosure=disclosure, number=disclosure.revision, content_hash=disclosure.content_hash,
        text=disclosure.text, extraction=disclosure.extraction,
    )  # fmt: skip
    extraction = {name: dict(data) for name, data in disclosure.extraction.items()}
    for name, value in values.items():
        extraction[name] = {"value": value, "spans": [], "confidence": 0.9}
    disclosure.text = text
    disclosure.extraction = extraction
    disclosure.revision += 1
    disclosure.content_hash = f"{disclosure.content_hash}-r{disclosure.revision}"
    disclosure.save()
    Incident.objects.filter(pk=disclosure.incident_id).update(has_revision=True)
    return disclosure


def with_followup(incident):
    add_disclosure(incident, published_on="2020-07-01", report_stage="update")
    Incident.objects.filter(pk=incident.pk).update(has_followup=True)
    return incident


@pytest.fixture
def chain():
    """One plain incident, one with a follow-up, one revised, one both."""
    plain = make_incident(organization="株式会社プレーン")
    followup = with_followup(make_incident(organization="株式会社ゾクホウ"))
    revised = make_incident(organization="株式会社カイテイ")
    revise(revised.disclosures.get(), "改訂後の本文")
    both = with_followup(make_incident(organization="株式会社リョウホウ"))
    revise(both.disclosures.order_by("published_on").first(), "改訂後の本文")
    return {"plain": plain, "followup": followup, "revised": revised, "both": both}


def rows_of(html: str) -> dict[str, str]:
    """Each list row's markup by the incident name it shows."""
    rows = {}
    for row in html.split('<li class="incident">')[1:]:
        name = row.split("</a></h3>")[0].rsplit(">", 1)[-1]
        rows[name] = row.split("</ol>")[0]
    return rows


def test_the_list_shows_the_badges_only_on_follow_up_and_revised_incidents(client, chain):
    rows = rows_of(client.get("/").content.decode())
    assert "続報あり" not in rows["株式会社プレーン"] and "改訂あり" not in rows["株式会社プレーン"]
    assert (
        "badge-followup" in rows["株式会社ゾクホウ"] and "改訂あり" not in rows["株式会社ゾクホウ"]
    )
    assert (
        "badge-revised" in rows["株式会社カイテイ"] and "続報あり" not in rows["株式会社カイテイ"]
    )
    assert "続報あり" in rows["株式会社リョウホウ"] and "改訂あり" in rows["株式会社リョウホウ"]


def test_the_badges_are_in_english_with_the_switch(client, chain):
    html = client.get("/", {"lang": "en"}).content.decode()
    assert ">revised</li>" in html and ">follow-up</li>" in html


def test_the_detail_page_shows_the_badges_by_the_title_only_when_they_apply(client, chain):
    html = client.get(chain["both"].get_absolute_url()).content.decode()
    head = html.split('<div class="detail-grid">')[0]
    assert "続報あり" in head and "改訂あり" in head
    plain = client.get(chain["plain"].get_absolute_url()).content.decode()
    assert 'class="badges"' not in plain


def test_the_detail_page_links_a_revised_notice_to_its_changes(client, chain):
    incident = chain["both"]
    revised, later = incident.disclosures.order_by("published_on")
    html = client.get(incident.get_absolute_url()).content.decode()
    assert reverse("breaches:notice-changes", args=[incident.pk, revised.pk]) in html
    assert reverse("breaches:notice-changes", args=[incident.pk, later.pk]) not in html
    assert "改訂履歴" in html and "第2版" in html


def test_the_chain_facet_counts_follow_ups_and_revisions(chain):
    counts = count_all(IncidentFilter(QueryDict(""), queryset=Incident.objects.all()))
    assert counts["chain"] == {"followup": 2, "revised": 2, "count_changed": 0}


def test_chain_values_narrow_each_other_and_their_counts_say_what_adding_one_gives(chain):
    filterset = IncidentFilter(QueryDict("chain=followup"), queryset=Incident.objects.all())
    assert {i.organization for i in filterset.qs} == {"株式会社ゾクホウ", "株式会社リョウホウ"}
    # The facet applies its own selection: adding "revised" gives the one with both.
    assert count_all(filterset)["chain"] == {"followup": 2, "revised": 1, "count_changed": 0}
    both = IncidentFilter(
        QueryDict("chain=followup&chain=revised"), queryset=Incident.objects.all()
    )
    assert [i.organization for i in both.qs] == ["株式会社リョウホウ"]


def test_the_list_filters_by_the_chain_and_shows_the_facet_in_japanese(client, chain):
    response = client.get("/", {"chain": "revised"})
    html = response.content.decode()
    assert "株式会社カイテイ" in html and "株式会社リョウホウ" in html
    assert "株式会社ゾクホウ" not in html and "株式会社プレーン" not in html
    groups = {g.name: g for g in response.context["facets"]}
    assert groups["chain"].label == "続報・改訂"
    labels = {f.value: f.label for f in groups["chain"].facets}
    assert labels == {"followup": "続報・最終報告あり", "revised": "改訂あり"}
    assert [chip.label for chip in response.context["chips"]] == ["続報・改訂: 改訂あり"]


def test_an_unknown_chain_value_is_ignored_with_a_notice(client, chain):
    response = client.get("/", {"chain": "rewritten"})
    assert response.context["page"].paginator.count == 4
    assert "rewritten" in response.content.decode()


def test_the_api_filters_and_counts_the_chain(client, chain):
    data = client.get(reverse("breaches:api-list"), {"chain": "revised"}).json()
    assert {r["organization"] for r in data["results"]} == {
        "株式会社カイテイ",
        "株式会社リョウホウ",
    }
    assert data["filters"] == {"chain": ["revised"]}
    counts = {f["value"]: f["count"] for f in data["facets"]["chain"]}
    assert counts == {"followup": 1, "revised": 2}
    bad = client.get(reverse("breaches:api-list"), {"chain": "rewritten"})
    assert bad.status_code == 400 and "chain" in bad.json()["parameters"]


def test_the_csv_export_takes_the_chain_filter(client, chain):
    response = client.get(reverse("breaches:csv"), {"chain": ["followup", "revised"]})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    _header, *rows = csv.reader(io.StringIO(body))
    assert [row[1] for row in rows] == ["株式会社リョウホウ"]


def changes_url(disclosure) -> str:
    return reverse("breaches:notice-changes", args=[disclosure.incident_id, disclosure.pk])


SAME = ["3行目", "4行目", "5行目", "6行目", "7行目"]
OLD = "\n".join(["お詫び", "", "1行目", "2行目", "<script>alert('old')</script>", *SAME, ""])
NEW = "\n".join(["お詫び", "", "1行目", "2行目", *SAME, "<b>新しい行</b>", ""])


def test_the_changes_page_shows_deleted_and_inserted_lines_escaped(client):
    disclosure = make_incident(text=OLD).disclosures.get()
    revise(disclosure, NEW)
    response = client.get(changes_url(disclosure))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html and "<b>新しい行" not in html
    assert "<del>&lt;script&gt;alert(&#x27;old&#x27;)&lt;/script&gt;</del>" in html
    assert "<ins>&lt;b&gt;新しい行&lt;/b&gt;</ins>" in html
    assert 'class="diff-del"' in html and 'class="diff-ins"' in html
    assert html.count('class="diff-fold"') == 1  # the unchanged lines between the changes


def test_an_edited_line_marks_only_the_words_that_changed(client):
    disclosure = make_incident(text="件数は最大1,000件です。\n").disclosures.get()
    revise(disclosure, "件数は最大1,500件です。\n")
    html = client.get(changes_url(disclosure)).content.decode()
    assert "件数は最大<del>1,000</del><ins>1,500</ins>件です。" in html


def test_the_changes_page_lists_the_extracted_values_that_changed(client):
    incident = make_incident(text="最大1,000件", records_max=1000, causes=["sql_injection"])
    disclosure = incident.disclosures.get()
    revise(disclosure, "最大1,500件", records_max=1500)
    response = client.get(changes_url(disclosure))
    (step,) = response.context["steps"]
    assert [(c.label, c.old, c.new) for c in step.values] == [("件数（最大）", "1,000", "1,500")]
    assert "<del>1,000</del>" in response.content.decode()


def test_each_step_of_a_twice_revised_notice_has_its_own_section(client):
    disclosure = make_incident(text="第1版").disclosures.get()
    revise(disclosure, "第2版")
    revise(disclosure, "第3版")
    response = client.get(changes_url(disclosure))
    steps = response.context["steps"]
    assert [(s.old.number, s.new.number, s.current) for s in steps] == [
        (1, 2, False),
        (2, 3, True),
    ]
    html = response.content.decode()
    assert 'id="r2"' in html and 'id="r3"' in html and "（現在の本文）" in html


def test_the_changes_page_never_shows_a_server_path(client):
    incident = make_incident(source_key="/srv/notices/shop-2020.txt")
    disclosure = incident.disclosures.get()
    revise(disclosure, "改訂後の本文")
    assert "/srv/notices" not in client.get(changes_url(disclosure)).content.decode()


def test_the_changes_page_is_the_sites_404_for_a_notice_of_another_incident(client):
    disclosure = make_incident().disclosures.get()
    revise(disclosure, "改訂後の本文")
    other = make_incident()
    url = reverse("breaches:notice-changes", args=[other.pk, disclosure.pk])
    response = client.get(url)
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()


def test_the_changes_page_is_a_404_for_a_notice_never_revised(client):
    disclosure = make_incident().disclosures.get()
    assert client.get(changes_url(disclosure)).status_code == 404


def test_unchanged_lines_fold_away_beyond_the_context_of_a_change():
    old = "\n".join(f"行{n}" for n in range(20))
    new = old.replace("行10", "行十")
    rows = line_diff(old, new)
    kinds = [row.kind for row in rows]
    assert kinds == ["fold", "same", "same", "edit", "same", "same", "fold"]
    assert len(rows[0].lines) == 8 and len(rows[-1].lines) == 7


def test_the_feed_entry_of_a_revision_links_to_its_changes_page(client):
    disclosure = make_incident(text="第1版の本文").disclosures.get()
    revise(disclosure, "第2版の本文")
    revise(disclosure, "第3版の本文")
    feed = ET.fromstring(client.get("/feed/").content)
    links = {
        entry.find(f"{A}id").text.rsplit("/", 1)[-1]: (
            entry.find(f"{A}link[@rel='alternate']").get("href"),
            entry.find(f"{A}summary").text,
        )
        for entry in feed.findall(f"{A}entry")
    }
    assert links["r2"][0] == f"http://testserver{changes_url(disclosure)}#r2"
    assert links["r3"][0] == f"http://testserver{changes_url(disclosure)}#r3"
    # Each revision's summary opens its own text, not the one it replaced.
    assert "第2版の本文" in links["r2"][1] and "第3版の本文" in links["r3"][1]
    assert client.get(links["r2"][0].split("#")[0]).status_code == 200
