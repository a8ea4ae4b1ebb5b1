"""Measured confidence on the incident: unverified values, cross-field checks, the queue."""

import pytest

from breaches.models import FieldReview, Incident
from conftest import make_incident

pytestmark = pytest.mark.django_db


def test_a_doubted_time_to_disclosure_goes_to_review_not_to_a_bucket():
    incident = make_incident(published_on="2020-01-01", discovered_on="2020-02-01")
    assert incident.ttd_doubtful
    assert Incident.objects.get(pk=incident.pk).ttd_days is None
    assert {"published_on", "discovered_on"} <= set(incident.review_fields)
    assert incident.checks[0]["check"] == "published_before_discovery"
    assert incident in Incident.objects.needing_review()


def test_reviewing_the_doubted_dates_accepts_them():
    incident = make_incident(published_on="2020-01-01", discovered_on="2020-02-01")
    for name in ("published_on", "discovered_on", "first_disclosed_on"):
        FieldReview.objects.create(incident=incident, field=name)
    incident.resolve()
    incident = Incident.objects.get(pk=incident.pk)
    assert not incident.ttd_doubtful and incident.checks == []
    assert incident.ttd_days == -31
    assert incident.review_fields == []


def test_records_confirmed_over_max_is_flagged():
    incident = make_incident(records_max=100, records_confirmed=300)
    assert {"records_max", "records_confirmed"} <= set(incident.unverified_fields)
    assert "records_confirmed" in incident.review_fields


def test_low_confidence_values_are_unverified_until_reviewed():
    incident = make_incident()
    disclosure = incident.disclosures.get()
    disclosure.extraction["causes"]["confidence"] = 0.4
    disclosure.save()
    incident.resolve()
    assert "causes" in incident.unverified_fields
    assert incident.confidence["causes"] == 0.4
    FieldReview.objects.create(incident=incident, field="causes")
    incident.resolve()
    assert "causes" not in incident.unverified_fields
    assert incident.confidence["causes"] == 1.0


def test_the_queue_puts_the_most_expected_errors_first():
    calm = make_incident(organization="calm")
    doubtful = make_incident(organization="doubtful", records_max=None)
    d = doubtful.disclosures.get()
    for name in ("discovered_on", "causes", "sites"):
        d.extraction[name]["confidence"] = 0.3
    d.save()
    doubtful.resolve()
    calm_d = calm.disclosures.get()
    calm_d.extraction["records_max"]["value"] = None
    calm_d.save()
    calm.resolve()
    queue = list(Incident.objects.needing_review())
    assert queue.index(doubtful) < queue.index(calm)
    assert doubtful.expected_errors > calm.expected_errors


def test_the_detail_page_marks_unverified_values_and_failed_checks(client):
    incident = make_incident(published_on="2020-01-01", discovered_on="2020-02-01")
    page = client.get(incident.get_absolute_url()).content.decode()
    assert 'class="unverified"' in page
    assert 'class="doubt"' in page


def test_the_api_lists_the_unverified_fields_until_an_editor_reviews_them(client):
    from django.urls import reverse

    incident = make_incident(published_on="2020-01-01", discovered_on="2020-02-01")
    data = client.get(reverse("breaches:api-detail", args=[incident.pk])).json()
    assert {"published_on", "discovered_on"} <= set(data["unverified_fields"])
    for name in ("published_on", "discovered_on", "first_disclosed_on"):
        FieldReview.objects.create(incident=incident, field=name)
    incident.resolve()
    data = client.get(reverse("breaches:api-detail", args=[incident.pk])).json()
    assert "published_on" not in data["unverified_fields"]
