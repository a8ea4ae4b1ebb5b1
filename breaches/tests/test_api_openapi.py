"""/api/openapi.json: a valid OpenAPI 3 document whose every parameter works and whose
response schemas describe what the API really answers."""

import io
import zipfile

import pytest
from django.urls import reverse
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from breaches.models import Incident
from conftest import add_disclosure, make_incident

pytestmark = pytest.mark.django_db

# A value that matches at least one incident made below, for parameters without an enum.
EXAMPLES = {
    "q": "カード",
    "forensic_firm": "lac",
    "year": "2020",
    "updated_since": "2000-01-01T00:00:00Z",
    "disclosed_from": "2020-01-01",
    "disclosed_to": "2020-12-31",
    "page": "1",
    "page_size": "5",
}
# Parameters whose enum's first value is not one the sample incident has.
PREFERRED = {
    "cause": "sql_injection",
    "card_data": "card_number",
    "personal_data": "email",
    "discovered_by": "payment_processor",
    "ttd": "91-180",
    "records": "1k-10k",
    "chain": "followup",
    "sort": "date",  # the default (-date) is not echoed
}


@pytest.fixture
def document(client):
    response = client.get(reverse("breaches:api-schema"))
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def sample():
    incident = make_incident(
        organization="株式会社カード", forensic_firm="LAC", causes=["sql_injection"],
        card_data=["card_number"], personal_data=["email"], discovered_by="payment_processor",
        first_disclosed_on="2020-06-01", published_on="2020-06-01", discovered_on="2020-03-01",
        records_max=2500, text="クレジットカード情報の漏えいについて",
    )  # fmt: skip
    # A follow-up, for the `chain` filter; the flag is set here in case resolve() did not.
    add_disclosure(incident, published_on="2020-07-01", report_stage="update")
    Incident.objects.filter(pk=incident.pk).update(has_followup=True)
    incident.refresh_from_db()
    return incident


def test_the_document_is_valid_openapi_3(document):
    validate(document)  # raises on any error
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/incidents/",
        "/api/incidents/{id}/",
        "/api/incidents/{id}/veris/",
        "/api/veris.zip",
    }


def example(parameter: dict) -> str:
    name = parameter["name"]
    if name in PREFERRED:
        return PREFERRED[name]
    if name in EXAMPLES:
        return EXAMPLES[name]
    schema = parameter["schema"]
    enum = schema.get("enum") or schema.get("items", {}).get("enum")
    return enum[0]


def test_every_documented_query_parameter_works(client, document, sample):
    tried = 0
    for path, operations in document["paths"].items():
        url = path.replace("{id}", str(sample.pk))
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] != "query":
                continue
            value = example(parameter)
            response = client.get(url, {parameter["name"]: value})
            assert response.status_code == 200, (path, parameter["name"], response.content[:300])
            if path == "/api/incidents/":
                data = response.json()
                assert data["count"] == 1, (parameter["name"], value)
                if parameter["name"] not in ("page", "page_size"):
                    assert parameter["name"] in data["filters"]
            if path == "/api/veris.zip":
                archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
                assert len(archive.namelist()) == 1, parameter["name"]
            tried += 1
    assert tried >= 2 * 13  # the list and the zip take every filter


def test_every_enum_value_is_accepted(client, document):
    for parameter in document["paths"]["/api/incidents/"]["get"]["parameters"]:
        enum = parameter["schema"].get("enum") or parameter["schema"].get("items", {}).get("enum")
        for value in enum or []:
            response = client.get("/api/incidents/", {parameter["name"]: value})
            assert response.status_code == 200, (parameter["name"], value)


def validator(document, component: str) -> OAS30Validator:
    schema = {"$ref": f"#/components/schemas/{component}", "components": document["components"]}
    return OAS30Validator(schema)


def test_the_answers_match_their_documented_schemas(client, document, sample):
    page = client.get("/api/incidents/", {"page_size": 1}).json()
    validator(document, "IncidentPage").validate(page)
    detail = client.get(reverse("breaches:api-detail", args=[sample.pk])).json()
    validator(document, "Incident").validate(detail)
    error = client.get("/api/incidents/", {"causes": "x"}).json()
    validator(document, "Error").validate(error)
    documented = document["components"]["schemas"]["Incident"]["properties"]
    assert set(detail) == set(documented)


def test_the_description_names_the_error_answers(document):
    listing = document["paths"]["/api/incidents/"]["get"]["responses"]
    assert {"200", "400", "404", "405"} <= set(listing)
