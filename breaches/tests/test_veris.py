"""VERIS 1.4.1: every record passes the vendored official schema and the ported rule checks."""

import io
import json
import zipfile
from io import StringIO
from itertools import zip_longest

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from breaches import veris, veris_rules
from breaches.models import Correction, FieldReview, Incident, Term
from conftest import SEEDS, make_incident

pytestmark = pytest.mark.django_db


def record_of(incident):
    incident = Incident.objects.select_related("forensic_firm").get(pk=incident.pk)
    return veris.incident_veris(incident)


def test_the_vendored_schema_is_the_official_1_4_1_merged_file():
    schema = veris.schema()
    assert schema["description"] == "VERIS Community Schema 1.4.1."
    assert "government" in schema["properties"]["victim"]["required"]
    folder = veris.SCHEMA_FILE.parent
    assert "Attribution-ShareAlike 4.0" in (folder / "LICENSE.txt").read_text()
    assert "1.4.1" in (folder / "VERSION").read_text()


def test_every_seed_incident_passes_the_schema_and_the_rule_checks():
    call_command("ingest", str(SEEDS), stdout=StringIO(), stderr=StringIO())
    incidents = Incident.objects.select_related("forensic_firm")
    assert incidents.count() >= 4
    for incident in incidents:
        record = veris.incident_veris(incident)
        assert veris.validate(record) == [], incident
        assert record["schema_version"] == "1.4.1"
        assert record["reference"]


def test_a_generated_set_covers_every_cause_and_discoverer():
    causes = list(Term.objects.filter(kind=Term.Kind.CAUSE).values_list("code", flat=True))
    discoverers = list(
        Term.objects.filter(kind=Term.Kind.DISCOVERER).values_list("code", flat=True)
    )
    assert len(causes) == 11 and len(discoverers) == 6
    cases = [([cause], by) for cause, by in zip_longest(causes, discoverers, fillvalue="self")]
    cases += [(causes, None), ([], None), (["sql_injection", "payment_page_tampering"], "police")]
    for n, (chosen, by) in enumerate(cases):
        overrides = {"card_data": []} if n == 3 else {}
        incident = make_incident(
            organization=f"会社{n}", causes=chosen, discovered_by=by, fraud_cases=n or None,
            personal_data=["name", "password"] if n % 2 else [],
            exposure_periods=[["2019-10-01", None]] if n % 3 else [], **overrides,
        )  # fmt: skip
        record = record_of(incident)
        assert veris.validate(record) == [], (chosen, by, veris.validate(record))


def test_the_cause_codes_use_the_schema_spelling():
    incident = make_incident(causes=["unknown", "third_party", "card_data_retention"])
    record = record_of(incident)
    assert record["action"] == {"unknown": {}}
    assert record["asset"]["management"] == ["External"]
    assert record["attribute"]["confidentiality"]["state"] == ["Stored"]


def test_malware_and_sql_injection_carry_what_the_rule_checks_want():
    incident = make_incident(causes=["sql_injection", "malware", "web_app_vulnerability"])
    record = record_of(incident)
    assert record["action"]["hacking"]["variety"] == ["SQLi", "Exploit vuln"]
    assert set(record["attribute"]["integrity"]["variety"]) == {
        "Software installation",
        "Repurpose",
    }
    assert record["value_chain"]["targeting"]["variety"] == ["Vulnerabilities"]
    assert veris.validate(record) == []


def test_the_rule_checks_catch_what_the_official_script_catches():
    record = record_of(make_incident(causes=["sql_injection", "malware"]))
    del record["attribute"]["integrity"]
    record["value_chain"] = {"targeting": {"variety": ["Vulnerabilities"]}}
    record["attribute"]["confidentiality"]["data"] = [{"variety": "Payment", "amount": 10**9}]
    problems = list(veris_rules.check(record))
    assert any("Software installation" in p for p in problems)
    assert any("Repurpose" in p for p in problems)
    assert any("data_total" in p for p in problems)
    assert any("child of Personal" in p for p in problems)
    assert any("value_chain development" in p for p in problems)


def test_the_schema_check_rejects_the_old_mistakes():
    record = record_of(make_incident())
    record["action"] = {"Unknown": {}}
    del record["victim"]["government"]
    problems = veris.validate(record)
    assert any("Unknown" in p and p.startswith("action") for p in problems)
    assert any("government" in p for p in problems)


CARD_NOTICE = "会員5,902名のうち、クレジットカード情報2,318件が漏えいした可能性があります。"


def test_the_payment_amount_comes_only_from_a_count_of_cards():
    start = CARD_NOTICE.index("2,318")
    cards = make_incident(text=CARD_NOTICE, records_max=2318)
    spans(cards, "records_max", [[start, start + 5]])
    conf = record_of(cards)["attribute"]["confidentiality"]
    assert {"variety": "Payment", "amount": 2318} in conf["data"]
    assert conf["data_total"] == 2318

    start = CARD_NOTICE.index("5,902")
    people = make_incident(text=CARD_NOTICE, records_max=5902)
    spans(people, "records_max", [[start, start + 6]])
    conf = record_of(people)["attribute"]["confidentiality"]
    assert {"variety": "Payment"} in conf["data"]  # no amount: 5,902 counts members
    assert {"variety": "Personal", "amount": 5902} in conf["data"]
    assert conf["data_total"] == 5902

    unknown = make_incident(records_max=700)  # no evidence span: amount left out
    conf = record_of(unknown)["attribute"]["confidentiality"]
    assert all("amount" not in d for d in conf["data"])


def test_data_disclosure_follows_the_notices_wording():
    hedged = make_incident(text=CARD_NOTICE)
    spans(hedged, "card_data", [[CARD_NOTICE.index("クレジット"), CARD_NOTICE.index("2,318")]])
    assert record_of(hedged)["attribute"]["confidentiality"]["data_disclosure"] == "Potentially"

    text = "お客様のクレジットカード情報が漏えいいたしました。"
    leaked = make_incident(text=text)
    spans(leaked, "card_data", [[text.index("クレジット"), text.index("が漏")]])
    assert record_of(leaked)["attribute"]["confidentiality"]["data_disclosure"] == "Yes"

    confirmed = make_incident(records_confirmed=12)
    assert record_of(confirmed)["attribute"]["confidentiality"]["data_disclosure"] == "Yes"


def spans(incident, field, value):
    disclosure = incident.disclosures.get()
    disclosure.extraction[field]["spans"] = value
    disclosure.save()


def test_dates_firm_and_review_state_go_where_the_issue_says():
    incident = make_incident(
        first_disclosed_on="2020-05-20", published_on="2020-06-01", forensic_firm="LAC",
        exposure_periods=[["2019-10-01", "2020-02-15"]], discovered_on="2020-02-10",
        payment_suspended_on="2020-02-12", source_key="https://shop.example.jp/news/1.html",
    )  # fmt: skip
    incident.disclosures.update(source_url="https://shop.example.jp/news/1.html")
    record = record_of(incident)
    assert record["plus"]["timeline"]["notification"] == {"year": 2020, "month": 5, "day": 20}
    assert record["plus"]["investigator"] == "LAC"
    assert record["plus"]["analysis_status"] == "First pass"
    assert record["timeline"]["discovery"] == {"unit": "Days", "value": 132}
    assert record["timeline"]["containment"] == {"unit": "Days", "value": 2}
    assert record["reference"] == "https://shop.example.jp/news/1.html"
    assert record["plus"]["catalogue"]["forensic_firm"] == "lac"

    incident.review_fields = []
    incident.save()
    FieldReview.objects.create(incident=incident, field="records_max")
    assert record_of(incident)["plus"]["analysis_status"] == "Reviewed"


def test_a_correction_alone_makes_a_reviewed_record():
    incident = make_incident()
    Incident.objects.filter(pk=incident.pk).update(review_fields=[])
    Correction.objects.create(incident=incident, field="records_max", new_value=5)
    assert record_of(incident)["plus"]["analysis_status"] == "Reviewed"


def test_the_reference_is_never_empty(client):
    incident = make_incident()
    assert record_of(incident)["reference"].startswith("breach-catalogue incident")
    record = client.get(reverse("breaches:api-veris", args=[incident.pk])).json()
    assert record["reference"] == f"http://testserver/incidents/{incident.pk}/"
    assert veris.validate(record) == []  # as served, catalogue URL included


def test_the_bulk_zip_has_one_valid_record_per_filtered_incident(client):
    sqli = make_incident(organization="エス", causes=["sql_injection"])
    make_incident(organization="エム", causes=["malware"])
    response = client.get(reverse("breaches:veris-zip"), {"cause": "sql_injection"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert names == [f"{veris.veris_id(sqli)}.json"]
    record = json.loads(archive.read(names[0]))
    assert record["victim"]["victim_id"] == "エス" and veris.validate(record) == []


def test_the_bulk_zip_refuses_unknown_parameters(client):
    response = client.get(reverse("breaches:veris-zip"), {"causes": "malware"})
    assert response.status_code == 400
    assert "causes" in response.json()["parameters"]


def test_export_veris_writes_one_file_per_filtered_incident(tmp_path):
    make_incident(organization="エス", causes=["sql_injection"])
    make_incident(organization="エム", causes=["malware"])
    out = StringIO()
    call_command("export_veris", str(tmp_path), "--filter", "cause=malware", stdout=out)
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1 and "1 VERIS record" in out.getvalue()
    record = json.loads(files[0].read_text(encoding="utf-8"))
    assert record["victim"]["victim_id"] == "エム" and veris.validate(record) == []


def test_export_veris_names_a_bad_filter(tmp_path):
    with pytest.raises(CommandError, match="cause"):
        call_command("export_veris", str(tmp_path), "--filter", "cause=teleport", stdout=StringIO())
    with pytest.raises(CommandError, match="causes"):
        call_command("export_veris", str(tmp_path), "--filter", "causes=malware", stdout=StringIO())


def test_a_misread_year_does_not_break_the_schema():
    incident = make_incident(exposure_periods=[["1900-01-01", None]], discovered_on="2060-01-01")
    record = record_of(incident)
    assert record["timeline"]["incident"] == {"year": 2020}
    assert veris.validate(record) == []


def test_random_combinations_all_validate():
    import random

    pick = random.Random(12)
    vocab = {
        kind: list(Term.objects.filter(kind=kind).values_list("code", flat=True))
        for kind in (Term.Kind.CAUSE, Term.Kind.CARD_DATA, Term.Kind.PERSONAL_DATA)
    }
    discoverers = [
        None,
        *Term.objects.filter(kind=Term.Kind.DISCOVERER).values_list("code", flat=True),
    ]
    for n in range(40):
        some = lambda kind: pick.sample(vocab[kind], pick.randint(0, 3))  # noqa: E731
        count = pick.choice([None, 1, 950, 120_000])
        incident = make_incident(
            organization=pick.choice(["", f"会社{n}"]), sites=pick.choice([[], ["shop"]]),
            causes=some(Term.Kind.CAUSE), card_data=some(Term.Kind.CARD_DATA),
            personal_data=some(Term.Kind.PERSONAL_DATA), discovered_by=pick.choice(discoverers),
            records_max=count, records_confirmed=pick.choice([None, 1]) if count else None,
            fraud_cases=pick.choice([None, 3]), forensic_firm=pick.choice([None, "LAC"]),
            forensic_investigation=pick.choice([True, False]),
            discovered_on=pick.choice([None, "2019-02-03"]),
            payment_suspended_on=pick.choice([None, "2019-01-01", "2019-03-01"]),
            exposure_periods=pick.choice([[], [[None, "2019-01-31"]], [["2018-05-01", None]]]),
        )  # fmt: skip
        record = record_of(incident)
        assert veris.validate(record) == [], (n, veris.validate(record))
