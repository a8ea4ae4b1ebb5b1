"""The JSON API: same filters as the page, facets, 400 on bad values, VERIS records."""

import pytest
from django.urls import reverse

from conftest import make_incident

pytestmark = pytest.mark.django_db


def test_the_list_returns_count_results_and_facets(client):
    make_incident(organization="株式会社エス", causes=["sql_injection"], forensic_firm="Verizon")
    make_incident(organization="株式会社エム", causes=["malware"])
    data = client.get(reverse("breaches:api-list"), {"forensic_firm": "verizon"}).json()
    assert data["count"] == 1
    result = data["results"][0]
    assert result["organization"] == "株式会社エス"
    assert {"id", "url", "ttd_days", "disclosures", "causes"} <= set(result)
    firms = {f["value"]: f for f in data["facets"]["forensic_firm"]}
    assert firms["verizon"]["count"] == 1
    assert firms["payment-card-forensics"]["count"] == 1  # the facet ignores its own filter
    assert firms["verizon"]["label"] == "ベライゾン"
    assert set(data["facets"]) == {
        "cause", "forensic_firm", "card_data", "personal_data", "discovered_by", "year", "ttd",
        "records",
    }  # fmt: skip


def test_a_facet_repeated_combines_with_or(client):
    make_incident(organization="named", forensic_firm="Verizon")
    make_incident(organization="unnamed", forensic_firm=None, forensic_investigation=True)
    make_incident(organization="pcf")
    data = client.get("/api/incidents/?forensic_firm=verizon&forensic_firm=unnamed").json()
    assert {r["organization"] for r in data["results"]} == {"named", "unnamed"}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("cause=teleportation", "cause"),
        ("year=20x6", "year"),
        ("records=lots", "records"),
        ("sort=sideways", "sort"),
        ("page=abc", "page"),
        ("page=99", "page"),
    ],
)
def test_an_unknown_or_malformed_value_is_a_400_naming_the_parameter(client, query, parameter):
    make_incident()
    response = client.get(f"/api/incidents/?{query}")
    assert response.status_code == 400
    data = response.json()
    assert parameter in data["error"] and parameter in data["parameters"]


def test_the_detail_returns_one_incident(client):
    incident = make_incident(organization="株式会社エス")
    data = client.get(reverse("breaches:api-detail", args=[incident.pk])).json()
    assert data["id"] == incident.pk and data["organization"] == "株式会社エス"
    assert client.get(reverse("breaches:api-detail", args=[incident.pk + 99])).status_code == 404


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
    assert record["schema_version"].startswith("1.3.")
    assert record["incident_id"]
    assert record["action"]["hacking"]["variety"] == ["SQLi"]
    assert record["action"]["malware"]["variety"] == ["Capture app data"]
    assert record["asset"]["assets"] == [{"variety": "S - Web application"}]
    conf = record["attribute"]["confidentiality"]
    assert {d["variety"] for d in conf["data"]} == {"Payment", "Personal"}
    assert conf["data_total"] == 2500 and conf["data_disclosure"] == "Potentially"
    assert record["discovery_method"] == {"external": {"variety": ["Fraud detection"]}}
    assert record["timeline"]["incident"] == {"year": 2019, "month": 10, "day": 1}
    assert record["timeline"]["discovery"] == {"unit": "Days", "value": 132}
    assert record["victim"]["country"] == ["JP"] and record["victim"]["victim_id"] == "株式会社エス"
    plus = record["plus"]
    assert plus["forensic_firm"] == "Verizon"
    assert plus["time_to_disclosure_days"] == 112
    assert plus["dates"]["discovered_on"] == "2020-02-10"


def test_veris_codes_an_incident_with_unknown_cause_and_discoverer(client):
    incident = make_incident(causes=["unknown"], discovered_by=None, card_data=[])
    record = client.get(reverse("breaches:api-veris", args=[incident.pk])).json()
    assert record["action"] == {"Unknown": {}}
    assert record["discovery_method"] == {"unknown": True}
