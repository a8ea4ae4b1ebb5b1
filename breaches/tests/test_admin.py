"""Editors correct extracted fields in the admin; each edit is kept as a correction."""

import pytest
from django.urls import reverse

from breaches.models import Correction, Incident
from conftest import make_incident

pytestmark = pytest.mark.django_db


def change_form_data(incident, **changes):
    values = incident.schema_values()
    data = {
        "organization": values["organization"] or "",
        "sites": "\n".join(values["sites"]),
        "report_stage": values["report_stage"] or "",
        "published_on": values["published_on"] or "",
        "first_disclosed_on": values["first_disclosed_on"] or "",
        "discovered_on": values["discovered_on"] or "",
        "discovered_by": values["discovered_by"] or "",
        "forensic_report_on": values["forensic_report_on"] or "",
        "payment_suspended_on": values["payment_suspended_on"] or "",
        "forensic_firm": incident.forensic_firm_id or "",
        "causes": values["causes"],
        "card_data": values["card_data"],
        "personal_data": values["personal_data"],
        "reported_to": values["reported_to"],
        "records_max": values["records_max"] if values["records_max"] is not None else "",
        "records_confirmed": "",
        "fraud_cases": "",
        "exposure_periods": "[]",
        "correction_reason": "",
        # inline management forms
        "disclosures-TOTAL_FORMS": "0", "disclosures-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
    }  # fmt: skip
    if values["forensic_investigation"]:
        data["forensic_investigation"] = "on"
    data.update(changes)
    return data


def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("admin:breaches_incident_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_admin_lists_and_searches_incidents(admin_client):
    make_incident(organization="株式会社みつける")
    make_incident(organization="株式会社ほか")
    url = reverse("admin:breaches_incident_changelist")
    response = admin_client.get(url, {"q": "みつける"})
    assert response.status_code == 200
    assert "株式会社みつける" in response.text
    assert "株式会社ほか" not in response.text
    assert admin_client.get(url, {"report_stage": "initial"}).status_code == 200


def test_editing_a_field_records_who_when_old_and_new(admin_client, admin_user):
    incident = make_incident(records_max=1000)
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    response = admin_client.post(
        url, change_form_data(incident, records_max="1500", correction_reason="第2報で訂正")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    correction = Correction.objects.get()
    assert (correction.field, correction.old_value, correction.new_value) == (
        "records_max",
        1000,
        1500,
    )
    assert correction.user == admin_user
    assert correction.reason == "第2報で訂正"
    assert Incident.objects.get().records_max == 1500


def test_saving_without_changes_records_no_correction(admin_client):
    incident = make_incident()
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    admin_client.post(url, change_form_data(incident))
    assert Correction.objects.count() == 0


def test_a_list_field_correction_is_kept(admin_client):
    incident = make_incident(card_data=["card_number"])
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    admin_client.post(url, change_form_data(incident, card_data=["card_number", "security_code"]))
    incident.refresh_from_db()
    assert incident.card_data == ["card_number", "security_code"]
    assert Correction.objects.get().field == "card_data"


def test_a_bad_exposure_period_is_a_form_error_not_a_crash(admin_client):
    incident = make_incident()
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    response = admin_client.post(url, change_form_data(incident, exposure_periods='"x"'))
    assert response.status_code == 200
    assert "exposure_periods" in response.context["adminform"].form.errors
    assert Correction.objects.count() == 0


def test_reverting_a_correction_restores_the_extracted_value(admin_client):
    incident = make_incident(records_max=1000)
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    admin_client.post(url, change_form_data(incident, records_max="5"))
    correction = Correction.objects.get()
    admin_client.post(
        reverse("admin:breaches_correction_changelist"),
        {"action": "revert", "_selected_action": [correction.pk]},
    )
    incident.refresh_from_db()
    assert incident.records_max == 1000
    assert Correction.objects.get().reverted_at is not None


def test_the_disclosure_page_shows_extracted_fields_with_evidence(admin_client):
    incident = make_incident(text="流出件数は1,000件です。")
    disclosure = incident.disclosures.get()
    disclosure.extraction["records_max"]["spans"] = [[5, 11]]
    disclosure.save()
    response = admin_client.get(reverse("admin:breaches_disclosure_change", args=[disclosure.pk]))
    assert response.status_code == 200
    assert "1,000件" in response.text
    assert "records_max" in response.text


def test_the_incident_page_shows_each_value_with_its_evidence(admin_client):
    incident = make_incident(text="2020年3月1日、決済代行会社から連絡を受けました。")
    disclosure = incident.disclosures.get()
    disclosure.extraction["discovered_on"]["spans"] = [[0, 9]]
    disclosure.extraction["discovered_on"]["confidence"] = 0.8
    disclosure.save()
    page = admin_client.get(reverse("admin:breaches_incident_change", args=[incident.pk]))
    assert "<mark>2020年3月1日</mark>、決済代行会社から連絡を受けました" in page.text
    assert "<td>0.8</td>" in page.text
