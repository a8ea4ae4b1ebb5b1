"""Facet counts: each facet counted under the OTHER active filters, all in one query."""

import pytest
from django.http import QueryDict

from breaches.facets import chips, count_all, facet_groups
from breaches.filters import IncidentFilter
from breaches.models import Incident
from conftest import make_incident

pytestmark = pytest.mark.django_db


def filtered(query: str) -> IncidentFilter:
    return IncidentFilter(QueryDict(query), queryset=Incident.objects.all())


@pytest.fixture
def incidents():
    make_incident(causes=["sql_injection"], discovered_by="police", card_data=["card_number"])
    make_incident(causes=["sql_injection", "malware"], discovered_by="customer")
    make_incident(causes=["malware"], discovered_by="police", forensic_firm="Verizon")


def test_a_facet_counts_under_the_other_filters_but_not_its_own(incidents):
    counts = count_all(filtered("cause=sql_injection&discovered_by=police"))
    # cause ignores cause=sql_injection but applies discovered_by=police
    assert counts["cause"]["sql_injection"] == 1
    assert counts["cause"]["malware"] == 1
    # discovered_by ignores itself but applies cause=sql_injection
    assert counts["discovered_by"]["police"] == 1
    assert counts["discovered_by"]["customer"] == 1


def test_counts_without_filters_cover_every_incident(incidents):
    counts = count_all(filtered(""))
    assert counts["cause"] == counts["cause"] | {"sql_injection": 2, "malware": 2}
    assert counts["forensic_firm"]["verizon"] == 1
    assert counts["forensic_firm"]["payment-card-forensics"] == 2


def test_facets_sharing_their_conditions_are_counted_in_one_query(incidents):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    filterset = filtered("cause=malware&year=2020&records=1k-10k")
    filterset.qs  # noqa: B018 -- validates and loads the labels first
    with CaptureQueriesContext(connection) as queries:
        count_all(filterset)
    counting = [q["sql"] for q in queries if "breaches_facetbitmap" in q["sql"]]
    # each selected facet under the two others, then the six others under all three: four
    # requests, one statement
    assert len(counting) == 1


def test_toggle_urls_add_and_remove_a_value_and_reset_the_page(incidents):
    groups = {g.name: g for g in facet_groups(filtered("cause=malware&page=2"), "/")}
    facets = {f.value: f for f in groups["cause"].facets}
    assert facets["malware"].selected
    assert facets["malware"].toggle_url == "/"
    assert facets["sql_injection"].toggle_url == "/?cause=malware&cause=sql_injection"


def test_values_with_no_incident_are_left_out_unless_selected(incidents):
    groups = {g.name: g for g in facet_groups(filtered("cause=file_upload"), "/")}
    values = [f.value for f in groups["cause"].facets]
    assert "file_upload" in values
    assert "third_party" not in values


def test_each_chip_removes_its_own_filter(incidents):
    found = chips(filtered("q=漏洩&cause=malware&discovered_by=police"), "/")
    urls = {c.facet: c.remove_url for c in found}
    assert urls["q"] == "/?cause=malware&discovered_by=police"
    assert urls["cause"] == "/?q=%E6%BC%8F%E6%B4%A9&discovered_by=police"
