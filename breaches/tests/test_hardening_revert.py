"""Reverting a correction shows the restored value at once, on the notice as on the incident."""

import datetime as dt

import pytest
from django.urls import reverse

from breaches.models import Correction, Disclosure, Incident
from conftest import make_incident

pytestmark = pytest.mark.django_db


def correct_disclosure(disclosure, field, new_value):
    """What the disclosure admin does when an editor saves a corrected field."""
    old = disclosure.effective_values()[field]
    Correction.objects.create(disclosure=disclosure, field=field, old_value=old,
                              new_value=new_value)  # fmt: skip
    disclosure.sync_columns()
    disclosure.save()
    disclosure.incident.resolve()


def revert_all(admin_client):
    return admin_client.post(
        reverse("admin:breaches_correction_changelist"),
        {
            "action": "revert",
            "_selected_action": list(Correction.objects.values_list("pk", flat=True)),
        },
    )


def shown_dates(client, incident) -> str:
    return client.get(incident.get_absolute_url()).content.decode()


def test_reverting_a_notices_date_correction_restores_the_date_on_the_public_page(
    admin_client, client
):
    incident = make_incident(published_on="2020-06-01", report_stage="initial")
    disclosure = incident.disclosures.get()
    correct_disclosure(disclosure, "published_on", "2020-07-15")
    correct_disclosure(Disclosure.objects.get(), "report_stage", "final")
    assert Disclosure.objects.get().published_on == dt.date(2020, 7, 15)
    assert "2020年7月15日" in shown_dates(client, incident)

    response = revert_all(admin_client)
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert (disclosure.published_on, disclosure.report_stage) == (dt.date(2020, 6, 1), "initial")
    incident = Incident.objects.get()
    assert incident.published_on == dt.date(2020, 6, 1)
    page = shown_dates(client, incident)
    assert "2020年6月1日" in page
    assert "2020年7月15日" not in page
    api = client.get(f"/api/incidents/{incident.pk}/").json()
    assert "2020-07-15" not in str(api)


def test_the_revert_message_counts_corrections_not_incidents(admin_client):
    incident = make_incident(records_max=1000)
    for value in (5, 6):
        Correction.objects.create(incident=incident, field="records_max", old_value=1000,
                                  new_value=value)  # fmt: skip
    response = revert_all(admin_client)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("2" in m for m in messages), messages
    assert Incident.objects.get().records_max == 1000
