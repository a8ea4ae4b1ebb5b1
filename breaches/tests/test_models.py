"""Incidents resolve their fields from disclosures and corrections; vocabularies are data."""

import datetime as dt

import pytest

from breaches.models import (
    Correction,
    FirmAlias,
    ForensicFirm,
    Incident,
    Term,
    organization_key,
    ttd_bucket,
)
from conftest import add_disclosure, make_incident

pytestmark = pytest.mark.django_db


def test_time_to_disclosure_is_computed_in_the_database():
    incident = make_incident(discovered_on="2020-03-01", published_on="2020-06-01")
    assert incident.first_disclosed_on == dt.date(2020, 6, 1)
    assert Incident.objects.get(pk=incident.pk).ttd_days == 92
    assert Incident.objects.filter(ttd_days__gt=90).count() == 1
    assert list(Incident.objects.order_by("ttd_days").values_list("ttd_days", flat=True)) == [92]


def test_time_to_disclosure_runs_to_the_earliest_announcement_of_any_notice():
    incident = make_incident(discovered_on="2020-03-01", published_on="2020-06-01")
    add_disclosure(
        incident, published_on="2020-09-01", first_disclosed_on="2020-05-15", report_stage="update"
    )
    incident.refresh_from_db()
    assert incident.first_disclosed_on == dt.date(2020, 5, 15)
    assert incident.ttd_days == 75


def test_the_latest_disclosure_wins_but_does_not_blank_earlier_values():
    incident = make_incident(records_max=1000, forensic_firm="Verizon")
    add_disclosure(incident, published_on="2020-09-01", records_max=2500, forensic_firm=None)
    incident.refresh_from_db()
    assert incident.records_max == 2500
    assert incident.forensic_firm.name == "Verizon"
    assert incident.published_on == dt.date(2020, 9, 1)


def test_an_incident_correction_wins_over_every_disclosure():
    incident = make_incident(records_max=1000)
    Correction.objects.create(incident=incident, field="records_max", old_value=1000, new_value=7)
    incident.resolve()
    add_disclosure(incident, published_on="2020-09-01", records_max=2500)
    incident.refresh_from_db()
    assert incident.records_max == 7


def test_a_reverted_correction_no_longer_applies():
    incident = make_incident(causes=["sql_injection"])
    correction = Correction.objects.create(
        incident=incident, field="causes", old_value=["sql_injection"], new_value=["malware"]
    )
    incident.resolve()
    assert incident.causes == ["malware"]
    correction.reverted_at = dt.datetime.now(dt.UTC)
    correction.save()
    incident.resolve()
    assert incident.causes == ["sql_injection"]


def test_a_disclosure_correction_applies_to_that_notice():
    incident = make_incident(discovered_on="2020-03-01")
    disclosure = incident.disclosures.get()
    Correction.objects.create(
        disclosure=disclosure, field="discovered_on", old_value="2020-03-01", new_value="2020-02-20"
    )
    incident.resolve()
    assert incident.discovered_on == dt.date(2020, 2, 20)


def test_an_incidents_corrections_are_its_own_and_its_notices_found_through_indexes():
    from django.db import connection

    incident = make_incident()
    other = make_incident(organization="株式会社ほか")
    later = add_disclosure(incident, published_on="2020-09-01")
    own = Correction.objects.create(incident=incident, field="records_max", new_value=7)
    of_notice = Correction.objects.create(disclosure=later, field="causes", new_value=["malware"])
    Correction.objects.create(incident=other, field="records_max", new_value=9)
    Correction.objects.create(disclosure=other.disclosures.get(), field="causes", new_value=[])
    reverted = Correction.objects.create(
        disclosure=incident.disclosures.earliest("id"), field="card_data", new_value=[],
        reverted_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    assert set(incident.all_corrections()) == {own, of_notice, reverted}
    assert incident.active_corrections() == [own, of_notice]
    assert incident.verified_fields() == {"records_max", "causes"}
    # Every incident page, resolution and admin page reads them: by index lookups alone, with
    # no scan of every correction (or of every notice, to join them) however many editors
    # have made. With scans and hashing discouraged, every table read has an index condition.
    Correction.objects.bulk_create(
        Correction(incident=other, field="records_max", new_value=n) for n in range(3000)
    )
    sql, params = incident.all_corrections().active().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE breaches_correction")
        for setting in ("enable_seqscan", "enable_hashjoin", "enable_mergejoin"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    scans, nodes = [], [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        nodes += node.get("Plans", [])
        if node.get("Relation Name") in ("breaches_correction", "breaches_disclosure"):
            condition = node.get("Index Cond") or node.get("Recheck Cond")
            scans.append((node["Relation Name"], node["Node Type"], condition))
    assert scans and all(condition for _table, _type, condition in scans), scans


def test_a_correction_names_exactly_one_target():
    from django.db import IntegrityError

    incident = make_incident()
    with pytest.raises(IntegrityError):
        Correction.objects.create(
            incident=incident, disclosure=incident.disclosures.get(), field="records_max"
        )


def test_vocabularies_are_seeded_with_japanese_and_english_labels():
    cause = Term.objects.get(kind="causes", code="sql_injection")
    assert (cause.label_ja, cause.label_en) == ("SQLインジェクション", "SQL injection")
    assert Term.objects.filter(kind="card_data").count() == 4
    assert FirmAlias.objects.get(alias="PCF社").firm.name == "Payment Card Forensics"
    assert FirmAlias.objects.get(alias="ベライゾン").firm.slug == "verizon"


def test_the_alias_table_includes_aliases_editors_add():
    firm = ForensicFirm.objects.get(name="LAC")
    FirmAlias.objects.create(firm=firm, alias="ラック・セキュリティ")
    assert FirmAlias.table()["ラック・セキュリティ"] == "LAC"


def test_a_firm_the_extractor_names_for_the_first_time_is_created_once():
    first = ForensicFirm.for_name("Example Forensics")
    assert ForensicFirm.for_name("Example Forensics") == first
    assert first.slug == "example-forensics"
    assert ForensicFirm.for_name("株式会社調査").slug.startswith("firm-")


@pytest.mark.parametrize(
    "days, bucket",
    [(None, "unknown"), (0, "le30"), (30, "le30"), (31, "31-90"), (180, "91-180"),
     (365, "181-365"), (366, "gt365")],
)  # fmt: skip
def test_time_to_disclosure_buckets(days, bucket):
    assert ttd_bucket(days) == bucket


def test_organization_key_folds_legal_forms_and_width():
    assert organization_key("株式会社 ＡＢＣ") == organization_key("ABC株式会社") == "abc"


def test_search_finds_incidents_by_normalised_sudachi_terms():
    from ingest.extract.tokens import search_terms

    leak = make_incident(text="お客様の個人情報漏えいのおそれ")
    make_incident(text="システム障害のお知らせ")
    assert list(Incident.objects.search(search_terms("漏洩"))) == [leak]
    assert Incident.objects.search(search_terms("障害")).count() == 1
