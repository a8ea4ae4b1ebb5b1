"""The HTML pages: list with facets and search, detail with evidence, languages (exports:
test_exports.py, test_feed.py)."""

import re

import pytest
from django.urls import reverse

from conftest import add_disclosure, make_incident

pytestmark = pytest.mark.django_db


def test_the_list_shows_results_and_facet_counts(client):
    make_incident(organization="株式会社エス", causes=["sql_injection"])
    make_incident(organization="株式会社エム", causes=["malware"])
    response = client.get("/", {"cause": "sql_injection"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "株式会社エス" in html and "株式会社エム" not in html
    groups = {g.name: {f.value: f.count for f in g.facets} for g in response.context["facets"]}
    assert groups["cause"] == {"sql_injection": 1, "malware": 1}


def test_an_unknown_value_is_ignored_with_a_visible_notice(client):
    make_incident(organization="株式会社エス")
    response = client.get("/", {"cause": "teleportation", "year": "19x6", "page": "zz"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "株式会社エス" in html
    assert 'class="notices"' in html and "teleportation" in html and "19x6" in html


def test_searching_漏洩_finds_漏えい_and_highlights_it(client):
    make_incident(organization="株式会社エー", text="弊社サイトにおける個人情報漏えいについて")
    make_incident(organization="株式会社ビー", text="システム障害のお知らせ")
    response = client.get("/", {"q": "漏洩"})
    html = response.content.decode()
    assert "株式会社エー" in html and "株式会社ビー" not in html
    assert "<mark>" in html
    snippet = response.context["page"].object_list[0].snippet
    assert [s.text for s in snippet.segments if s.mark] == ["漏えい"]


def test_a_snippet_escapes_the_stored_text(client):
    make_incident(text="<script>alert(1)</script>不正アクセスによる漏えい")
    html = client.get("/", {"q": "漏洩"}).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_highlighted_text_is_escaped_and_carries_every_anchor():
    from breaches.highlight import Segment, html

    pieces = [
        Segment('<b>"a"</b>'),
        Segment(
            "<i>",
            ("causes", "card_data"),
            ("ev-1-causes-0", "ev-1-card_data-2"),
            True,
            'Causes, "data"',
        ),  # fmt: skip
        Segment("&", (), (), True),
    ]
    assert html(pieces, described=True) == (
        "&lt;b&gt;&quot;a&quot;&lt;/b&gt;"
        '<mark id="ev-1-causes-0" title="Causes, &quot;data&quot;" data-fields="causes card_data">'
        '<span id="ev-1-card_data-2"></span>&lt;i&gt;</mark>'
        '<mark title="" data-fields="">&amp;</mark>'
    )
    assert html(pieces) == (
        "&lt;b&gt;&quot;a&quot;&lt;/b&gt;<mark>&lt;i&gt;</mark><mark>&amp;</mark>"
    )


def test_the_list_makes_the_same_few_queries_for_any_number_of_incidents(client):
    from breaches.filters import FACETS
    from conftest import page_queries

    params = {"q": "漏洩", "cause": "web_app_vulnerability"}
    for n in range(3):
        make_incident(organization=f"会社{n}", text="カード情報の漏えい")
    page_queries(client, "/", params)  # per-process lookups warm up first
    few = page_queries(client, "/", params)
    for n in range(12):
        make_incident(organization=f"会社B{n}", text="カード情報の漏えい")
    page_queries(client, "/", params)  # the band is counted once per catalogue version
    more = page_queries(client, "/", params)
    assert len(more) == len(few)
    # labels, firm aliases, page, count, snippets, overview band + one count per facet
    assert len(more) <= 7 + len(FACETS)


def test_a_fetch_request_gets_only_the_results_and_facets_region(client):
    make_incident()
    response = client.get("/", headers={"X-Requested-With": "fetch"})
    html = response.content.decode()
    assert 'class="layout"' in html and "<html" not in html
    assert "X-Requested-With" in response["Vary"]


def test_pages_and_sorting_keep_the_filters_in_their_urls(client):
    for n in range(25):
        make_incident(organization=f"会社{n}", records_max=n)
    response = client.get("/", {"cause": "web_app_vulnerability", "sort": "-records"})
    page_urls = [url for _label, url, _current in response.context["pages"] if url]
    assert "/?cause=web_app_vulnerability&sort=-records&page=2" in page_urls
    assert response.context["page"].object_list[0].organization == "会社24"


def test_the_detail_page_links_each_value_to_its_highlighted_evidence(client):
    text = "お知らせ\n原因はSQLインジェクションでした。件数は最大1,234件です。"
    incident = make_incident(text=text, causes=["sql_injection"], records_max=1234)
    disclosure = incident.disclosures.get()
    start = text.index("SQL")
    disclosure.extraction["causes"]["spans"] = [[start, start + len("SQLインジェクション")]]
    count = text.index("1,234")
    disclosure.extraction["records_max"]["spans"] = [[count, count + 5]]
    disclosure.save()
    html = client.get(incident.get_absolute_url()).content.decode()
    anchor = f"ev-{disclosure.pk}-causes-0"
    assert f'href="#{anchor}"' in html
    assert f'<mark id="{anchor}"' in html
    assert f'id="ev-{disclosure.pk}-records_max-0"' in html
    assert ">SQLインジェクション</mark>" in html


def test_the_detail_page_escapes_the_notice_text(client):
    incident = make_incident(text="<b>太字</b>と<img src=x onerror=alert(1)>")
    disclosure = incident.disclosures.get()
    disclosure.extraction["organization"]["spans"] = [[0, 10]]
    disclosure.save()
    html = client.get(incident.get_absolute_url()).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


def test_the_detail_page_shows_what_changed_between_disclosures(client):
    incident = make_incident(published_on="2020-06-01", records_max=1000, card_data=["card_number"])
    add_disclosure(
        incident,
        published_on="2020-07-01",
        report_stage="update",
        records_max=1500,
        card_data=["card_number", "security_code"],
    )
    response = client.get(incident.get_absolute_url())
    first, second = response.context["history"]
    assert first.changes == [] and (first.label, second.label) == ("第1報", "第2報")
    described = {(c.kind, c.old, c.new) for c in second.changes}
    assert ("revised", "1,000", "1,500") in described
    assert any(kind == "added" and "セキュリティコード" in new for kind, _old, new in described)


def test_the_timeline_lists_the_key_dates_in_order(client):
    incident = make_incident(
        exposure_periods=[["2019-10-01", "2020-02-15"]],
        discovered_on="2020-02-10",
        payment_suspended_on="2020-02-15",
        forensic_report_on="2020-05-01",
        published_on="2020-06-01",
    )
    response = client.get(incident.get_absolute_url())
    kinds = [e.kind for e in response.context["timeline"]]
    assert kinds == ["exposure", "discovery", "containment", "report", "disclosure"]
    assert "112" in response.content.decode()  # days from discovery to disclosure


def test_the_pages_are_japanese_by_default_and_switch_to_english(client):
    make_incident()
    assert "インシデント" in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/?cause=malware"})
    assert response.status_code == 302 and response["Location"] == "/?cause=malware"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "Incidents" in html


def test_a_value_revised_without_a_recorded_passage_links_to_nothing(client):
    text = "最大1,000件"
    incident = make_incident(text=text, records_max=1000)
    first = incident.disclosures.get()
    first.extraction["records_max"]["spans"] = [[2, 8]]
    first.save()
    add_disclosure(incident, published_on="2020-07-01", records_max=1500)
    rows = {r.name: r for r in client.get(incident.get_absolute_url()).context["rows"]}
    assert rows["records_max"].values == ["1,500"]
    assert rows["records_max"].href == ""


def test_the_interface_is_japanese_by_default_even_for_english_browsers(client):
    make_incident()
    page = client.get(reverse("breaches:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="ja"' in page.text
    client.cookies["django_language"] = "en"
    page = client.get(reverse("breaches:list"), HTTP_ACCEPT_LANGUAGE="ja")
    assert '<html lang="en"' in page.text


def marked_passages(html: str) -> dict[str, str]:
    """Anchor id -> the text of the <mark> it names (itself or a span opening inside it)."""
    out = {}
    for attrs, inner in re.findall(r"<mark([^>]*)>(.*?)</mark>", html, flags=re.S):
        text = re.sub(r"<[^>]+>", "", inner)
        for anchor in re.findall(r'id="([^"]+)"', attrs + inner):
            out[anchor] = text
    return out


def test_each_list_item_links_to_its_own_passage(client):
    text = "原因はSQLインジェクションとマルウェアです。\n漏えいしたのはカード番号と有効期限です。"
    incident = make_incident(
        text=text, causes=["sql_injection", "malware"], card_data=["card_number", "expiry"]
    )
    disclosure = incident.disclosures.get()

    def span(word):
        return [text.index(word), text.index(word) + len(word)]

    causes = disclosure.extraction["causes"]
    causes["spans"] = [span("SQLインジェクション")]  # the field lists only the first cause
    causes["items"] = [
        {"value": "sql_injection", "spans": [span("SQLインジェクション")]},
        {"value": "malware", "spans": [span("マルウェア")]},
    ]
    card = disclosure.extraction["card_data"]
    card["spans"] = [span("カード番号"), span("有効期限")]
    card["items"] = [
        {"value": "card_number", "spans": [span("カード番号")]},
        {"value": "expiry", "spans": []},  # no evidence of its own: the field's first span
    ]
    disclosure.save()

    response = client.get(incident.get_absolute_url())
    rows = {r.name: r for r in response.context["rows"]}
    marks = marked_passages(response.content.decode())
    passages = {
        name: [marks.get(item.href.removeprefix("#")) for item in rows[name].items]
        for name in ("causes", "card_data")
    }
    assert passages["causes"] == ["SQLインジェクション", "マルウェア"]
    assert passages["card_data"] == ["カード番号", "カード番号"]
    html = response.content.decode()
    for name in ("causes", "card_data"):
        for item in rows[name].items:
            assert f'<a href="{item.href}" aria-describedby="field-{name}">{item.text}</a>' in html


def test_a_later_notice_adds_causes_and_each_item_keeps_its_own_passage(client):
    text = "原因はマルウェアです。"
    incident = make_incident(text=text, causes=["malware"])
    first = incident.disclosures.get()
    start = text.index("マルウェア")
    first.extraction["causes"]["spans"] = [[start, start + 5]]
    first.extraction["causes"]["items"] = [{"value": "malware", "spans": [[start, start + 5]]}]
    first.save()
    add_disclosure(incident, published_on="2020-07-01", causes=["sql_injection"])
    rows = {r.name: r for r in client.get(incident.get_absolute_url()).context["rows"]}
    # Causes are the union of what the notices assert (breaches/resolution.py).
    assert rows["causes"].values == ["不正プログラム・マルウェア", "SQLインジェクション"]
    assert rows["causes"].items[0].href == f"#ev-{first.pk}-causes-0"
    assert rows["causes"].items[1].href == ""  # the later notice recorded no passage


def test_a_search_total_stops_counting_at_the_cap(client, monkeypatch):
    from breaches import paging

    monkeypatch.setattr(paging, "SEARCH_COUNT_CAP", 2)
    for n in range(3):
        make_incident(organization=f"会社{n}", text="カード情報の漏えい")
    searched = client.get("/", {"q": "漏洩"})
    assert searched.context["page"].paginator.count == 3  # cap + 1: "more than the cap"
    assert "2+件のインシデント" not in searched.text
    assert '<h2 id="results-heading">2件超のインシデント</h2>' in searched.text
    client.cookies["django_language"] = "en"
    assert '<h2 id="results-heading">2+ incidents</h2>' in client.get("/", {"q": "漏洩"}).text
    listed = client.get("/")  # no search: the exact count
    assert '<h2 id="results-heading">3 incidents</h2>' in listed.text


def test_a_search_below_the_cap_shows_the_exact_count(client, monkeypatch):
    from breaches import paging

    monkeypatch.setattr(paging, "SEARCH_COUNT_CAP", 2)
    make_incident(organization="会社エー", text="カード情報の漏えい")
    make_incident(organization="会社ビー", text="システム障害")
    client.cookies["django_language"] = "en"
    searched = client.get("/", {"q": "漏洩"})
    assert '<h2 id="results-heading">1 incident</h2>' in searched.text


def test_the_results_region_carries_the_page_title_for_the_script(client):
    make_incident()
    client.cookies["django_language"] = "en"
    response = client.get("/", {"q": "漏洩"}, headers={"X-Requested-With": "fetch"})
    assert 'data-page-title="漏洩 – Card breach disclosures"' in response.text
    page = client.get("/", {"q": "漏洩"})
    assert "<title>漏洩 – Card breach disclosures</title>" in page.text


def test_a_missing_incident_gets_a_japanese_not_found_page(client):
    response = client.get("/incidents/999999/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.text
    assert "インシデント一覧に戻る" in response.text


def test_a_common_term_is_ordered_by_the_date_index_and_a_rare_one_is_fenced(monkeypatch):
    from django.http import QueryDict

    from breaches import paging
    from breaches.filters import IncidentFilter
    from breaches.models import Incident

    monkeypatch.setattr(paging, "SEARCH_COUNT_CAP", 2)
    for n in range(3):
        make_incident(organization=f"会社{n}", text="カード情報の漏えい")
    make_incident(organization="珍しい会社", text="珍しい語のお知らせ")

    def sql(query):
        filterset = IncidentFilter(QueryDict(query), queryset=Incident.objects.all())
        paginator = paging.paginator_for(filterset, filterset.qs, 20)
        return str(paginator.object_list.query), paginator

    common, paginator = sql("q=漏洩")
    assert paginator.capped and "+ 0" not in common
    assert [i.organization for i in paginator.page(1)] != []
    rare, paginator = sql("q=珍しい")
    assert not paginator.capped and "+ 0" in rare
