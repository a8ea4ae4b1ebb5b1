"""The JSON API: same filters as the page, facets, paging, JSON errors, caching, CORS."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from breaches.models import Incident
from conftest import add_disclosure, make_incident

pytestmark = pytest.mark.django_db

LIST = "/api/incidents/"


def test_the_list_returns_count_results_and_facets(client):
    make_incident(organization="株式会社エス", causes=["sql_injection"], forensic_firm="Verizon")
    make_incident(organization="株式会社エム", causes=["malware"])
    data = client.get(reverse("breaches:api-list"), {"forensic_firm": "verizon"}).json()
    assert data["count"] == 1
    result = data["results"][0]
    assert result["organization"] == "株式会社エス"
    assert {"id", "url", "ttd_days", "disclosures", "causes", "veris_url"} <= set(result)
    firms = {f["value"]: f for f in data["facets"]["forensic_firm"]}
    assert firms["verizon"]["count"] == 1
    assert firms["payment-card-forensics"]["count"] == 1  # the facet ignores its own filter
    assert firms["verizon"]["label"] == "ベライゾン"
    assert set(data["facets"]) == {
        "cause", "forensic_firm", "card_data", "personal_data", "discovered_by", "year", "ttd",
        "records", "chain",
    }  # fmt: skip


def test_a_facet_repeated_combines_with_or(client):
    make_incident(organization="named", forensic_firm="Verizon")
    make_incident(organization="unnamed", forensic_firm=None, forensic_investigation=True)
    make_incident(organization="pcf")
    data = client.get(f"{LIST}?forensic_firm=verizon&forensic_firm=unnamed").json()
    assert {r["organization"] for r in data["results"]} == {"named", "unnamed"}


def test_a_record_carries_the_code_each_filter_takes_beside_the_label(client):
    make_incident(
        organization="株式会社エル", forensic_firm="LAC", causes=["sql_injection"],
        card_data=["card_number"], personal_data=["email"], discovered_by="card_company",
        first_disclosed_on="2020-05-01", discovered_on="2020-03-01", records_max=2500,
        reported_to=["police"], report_stage="final",
    )  # fmt: skip
    make_incident(organization="other", causes=["malware"], card_data=["expiry"])
    record = client.get(LIST, {"q": "エル"}).json()["results"][0]
    assert record["forensic_firm"] == {"code": "lac", "label": "ラック", "name": "LAC"}
    assert record["causes"] == [{"code": "sql_injection", "label": "SQLインジェクション"}]
    assert record["report_stage"] == {"code": "final", "label": "最終報告"}
    assert record["reported_to"] == [{"code": "police", "label": "警察"}]
    round_trip = {
        "forensic_firm": record["forensic_firm"]["code"],
        "cause": record["causes"][0]["code"],
        "card_data": record["card_data"][0]["code"],
        "personal_data": record["personal_data"][0]["code"],
        "discovered_by": record["discovered_by"]["code"],
        "year": record["year"]["code"],
        "ttd": record["ttd"]["code"],
        "records": record["records"]["code"],
    }
    assert round_trip["ttd"] == "31-90" and round_trip["records"] == "1k-10k"
    for name, code in round_trip.items():
        data = client.get(LIST, {name: code}).json()
        assert record["id"] in [r["id"] for r in data["results"]], name
        assert data["filters"] == {name: [code]}


def test_labels_follow_the_language_cookie(client):
    make_incident(causes=["sql_injection"])
    client.cookies["django_language"] = "en"
    record = client.get(LIST).json()["results"][0]
    assert record["causes"] == [{"code": "sql_injection", "label": "SQL injection"}]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("cause=teleportation", "cause"),
        ("year=20x6", "year"),
        ("records=lots", "records"),
        ("sort=sideways", "sort"),
        ("page=abc", "page"),
        ("page=99", "page"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("updated_since=yesterday", "updated_since"),
        ("disclosed_from=2020-13-01", "disclosed_from"),
        ("causes=malware", "causes"),
        ("format=json", "format"),
    ],
)
def test_a_bad_value_or_an_unknown_parameter_is_a_json_400_naming_it(client, query, parameter):
    make_incident()
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert parameter in data["error"] and parameter in data["parameters"]


def test_an_unknown_parameter_is_named_as_such(client):
    data = client.get(LIST, {"causes": "malware", "cause": "malware"}).json()
    assert data["parameters"] == {"causes": ["malware"]}
    assert "causes: unknown parameter" in data["error"]


def test_not_found_and_unsafe_methods_answer_json(client):
    incident = make_incident()
    response = client.get(reverse("breaches:api-detail", args=[incident.pk + 99]))
    assert response.status_code == 404
    assert response.json() == {"error": "No Incident matches the given query."}
    response = client.get("/api/no-such-thing/")
    assert response.status_code == 404 and "error" in response.json()
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(LIST)
        assert response.status_code == 405, method
        assert "not allowed" in response.json()["error"]
        assert "GET" in response["Allow"]
    response = client.post(reverse("breaches:api-veris", args=[incident.pk]))
    assert response.status_code == 405 and response["Content-Type"] == "application/json"


def test_csrf_protection_does_not_turn_a_post_into_an_html_page(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(LIST, {"a": "b"})
    assert response.status_code == 405 and response.json()["error"]


def test_pages_have_next_and_previous_and_a_bounded_size(client):
    for n in range(5):
        make_incident(organization=f"会社{n}", causes=["malware"], records_max=n + 1)
    data = client.get(LIST, {"cause": "malware", "page_size": 2, "sort": "records"}).json()
    assert data["count"] == 5 and data["pages"] == 3 and data["page_size"] == 2
    assert [r["records_max"] for r in data["results"]] == [1, 2]
    assert data["previous"] is None
    assert data["next"] == (
        "http://testserver/api/incidents/?cause=malware&sort=records&page_size=2&page=2"
    )
    second = client.get(data["next"]).json()
    assert [r["records_max"] for r in second["results"]] == [3, 4]
    assert second["previous"].endswith("page_size=2&page=1")
    last = client.get(second["next"]).json()
    assert last["next"] is None and len(last["results"]) == 1
    assert client.get(LIST).json()["page_size"] == 50


def test_applied_filters_are_echoed(client):
    make_incident()
    data = client.get(
        LIST,
        {"cause": ["malware", "sql_injection"], "q": "カード", "disclosed_from": "2020-01-01"},
    ).json()
    assert data["filters"] == {
        "q": ["カード"],
        "cause": ["malware", "sql_injection"],
        "disclosed_from": ["2020-01-01"],
    }


def test_updated_since_returns_only_what_changed(client):
    old = make_incident(organization="old")
    new = make_incident(organization="new")
    past = timezone.now() - dt.timedelta(days=30)
    Incident.objects.filter(pk=old.pk).update(updated_at=past)
    since = (past + dt.timedelta(days=1)).isoformat()
    data = client.get(LIST, {"updated_since": since}).json()
    assert [r["id"] for r in data["results"]] == [new.pk]
    assert data["filters"]["updated_since"] == [dt.datetime.fromisoformat(since).isoformat()]
    facet_total = sum(f["count"] for f in data["facets"]["ttd"])
    assert facet_total == 1  # facet counts respect the date range too


def test_a_date_range_filters_on_the_first_disclosure(client):
    make_incident(organization="2019", first_disclosed_on="2019-06-01", published_on="2019-06-01")
    make_incident(organization="2020", first_disclosed_on="2020-06-01", published_on="2020-06-01")
    make_incident(organization="2021", first_disclosed_on="2021-06-01", published_on="2021-06-01")
    data = client.get(LIST, {"disclosed_from": "2020-01-01", "disclosed_to": "2020-12-31"}).json()
    assert [r["organization"] for r in data["results"]] == ["2020"]
    data = client.get(LIST, {"disclosed_to": "2020-06-01"}).json()
    assert {r["organization"] for r in data["results"]} == {"2019", "2020"}


def test_conditional_requests_get_a_304_until_something_changes(client):
    incident = make_incident()
    first = client.get(LIST, {"cause": "web_app_vulnerability"})
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert first["Cache-Control"] == "public, max-age=60"
    again = client.get(LIST, {"cause": "web_app_vulnerability"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    since = client.get(LIST, {"cause": "web_app_vulnerability"}, HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304
    other = client.get(LIST, {"cause": "malware"}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200  # another query is another representation
    add_disclosure(incident, published_on="2020-07-01", records_max=5000)
    changed = client.get(LIST, {"cause": "web_app_vulnerability"}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    detail = reverse("breaches:api-detail", args=[incident.pk])
    tag = client.get(detail)["ETag"]
    assert client.get(detail, HTTP_IF_NONE_MATCH=tag).status_code == 304
    veris = reverse("breaches:api-veris", args=[incident.pk])
    tag = client.get(veris)["ETag"]
    assert client.get(veris, HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_get_answers_allow_any_origin(client):
    make_incident()
    response = client.get(LIST, HTTP_ORIGIN="https://analyst.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        LIST, HTTP_ORIGIN="https://analyst.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_no_local_path_is_exposed(client):
    incident = make_incident(source_key="/srv/private/notices/shop-2020.txt")
    add_disclosure(incident, published_on="2020-07-01")
    later = incident.disclosures.order_by("-id").first()
    later.source_url = "https://shop.example.jp/news/2.html"
    later.save()
    response = client.get(reverse("breaches:api-detail", args=[incident.pk]))
    sources = [d["source"] for d in response.json()["disclosures"]]
    assert sources == [None, "https://shop.example.jp/news/2.html"]
    assert "/srv/private" not in response.content.decode()
    listed = client.get(LIST).content.decode()
    assert "/srv/private" not in listed and "/t/" not in listed


def test_the_detail_returns_one_incident(client):
    incident = make_incident(organization="株式会社エス")
    data = client.get(reverse("breaches:api-detail", args=[incident.pk])).json()
    assert data["id"] == incident.pk and data["organization"] == "株式会社エス"


def test_the_list_makes_the_same_few_queries_for_any_number_of_incidents(client):
    from breaches.filters import FACETS
    from conftest import page_queries

    params = {"cause": "web_app_vulnerability"}
    for n in range(3):
        make_incident(organization=f"会社{n}")
    page_queries(client, LIST, params)  # the vocabulary of this version is read first
    few = page_queries(client, LIST, params)
    for n in range(20):
        make_incident(organization=f"会社B{n}")
    page_queries(client, LIST, params)  # and again for the new version
    more = page_queries(client, LIST, params)
    assert len(more) == len(few)
    assert len(more) <= 9 + len(FACETS)  # freshness, labels, page, count, notices + facets


def test_the_veris_record_has_the_schema_shape(client):
    incident = make_incident(
        organization="株式会社エス",
        causes=["sql_injection", "payment_page_tampering"],
        card_data=["card_number", "security_code"],
        personal_data=["name", "email"],
        records_max=2500,
        discovered_by="payment_processor",
        exposure_periods=[["2019-10-01", "2020-02-15"]],
        discovered_on="2020-02-10",
        published_on="2020-06-01",
        forensic_firm="Verizon",
    )
    record = client.get(reverse("breaches:api-veris", args=[incident.pk])).json()
    assert record["schema_version"] == "1.4.1"
    assert record["action"]["hacking"]["variety"] == ["SQLi"]
    assert record["action"]["malware"]["variety"] == ["Capture app data"]
    conf = record["attribute"]["confidentiality"]
    assert {d["variety"] for d in conf["data"]} == {"Payment", "Personal"}
    assert conf["data_total"] == 2500 and conf["data_disclosure"] == "Potentially"
    assert record["discovery_method"] == {"external": {"variety": ["Fraud detection"]}}
    assert record["victim"]["government"] == ["NA"]
    assert record["plus"]["investigator"] == "Verizon"
    assert record["plus"]["catalogue"]["time_to_disclosure_days"] == 112


def test_the_human_page_lists_the_endpoints_and_parameters(client):
    html = client.get(reverse("breaches:api")).content.decode()
    for text in ("/api/openapi.json", "/api/veris.zip", "/incidents.xlsx", "updated_since"):
        assert text in html


def test_head_answers_like_get_without_a_body(client):
    make_incident()
    response = client.head(LIST)
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == client.get(LIST)["ETag"]


def test_a_record_says_which_values_no_editor_has_checked(client):
    incident = make_incident()
    Incident.objects.filter(pk=incident.pk).update(unverified_fields=["records_max"])
    data = client.get(reverse("breaches:api-detail", args=[incident.pk])).json()
    assert data["unverified_fields"] == ["records_max"]
