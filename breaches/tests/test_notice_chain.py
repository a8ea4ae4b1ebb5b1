"""The notice chain: three chains of notices we wrote (breaches/tests/chains/a, b, c) imported as
maintainers import them, and the resolution rules checked on what the catalogue then shows."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from breaches.models import Correction, Disclosure, Incident, IncidentMerge
from breaches.resolution import Notice, count_changes, labels, resolve_notices
from ingest.importer import import_paths

CHAINS = Path(__file__).parent / "chains"
pytestmark = pytest.mark.django_db


def import_files(tmp_path: Path, *names: str) -> None:
    """Copy chain files (「a/1」) into a folder and import them one by one, in this order."""
    for name in names:
        chain, number = name.split("/")
        target = tmp_path / f"{chain}-{number}.txt"
        shutil.copy(CHAINS / chain / f"{number}.txt", target)
        summary = import_paths([target])
        assert summary.failed == 0, summary.failures


def only_incident() -> Incident:
    (incident,) = Incident.objects.all()
    return incident


def history_of(client, incident):
    return client.get(incident.get_absolute_url()).context["history"]


# Counts that change -------------------------------------------------------------------------


def test_a_confirmed_count_revises_the_first_reports_count(tmp_path, client):
    import_files(tmp_path, "a/1", "a/2")
    incident = only_incident()
    assert incident.records_max == 2345
    assert count_changes(incident.count_history) == [1200, 2345]
    html = client.get(incident.get_absolute_url()).content.decode()
    assert "1,200 → 2,345" in html
    history = history_of(client, incident)
    assert [entry.label for entry in history] == ["第1報", "第2報"]
    revised = [c for c in history[1].changes if c.kind == "revised"]
    assert [(c.old, c.new) for c in revised if c.old == "1,200"] == [("1,200", "2,345")]
    count = next(c for c in revised if c.old == "1,200")
    first, second = (e.disclosure.pk for e in history)
    assert count.old_href == f"#ev-{first}-records_max-0"
    assert count.new_href == f"#ev-{second}-records_max-0"


def test_an_increased_count_and_a_retracted_cause_in_a_final_report(tmp_path, client):
    import_files(tmp_path, "b/1", "b/2")
    incident = only_incident()
    assert incident.causes == ["credential_compromise"]
    assert count_changes(incident.count_history) == [5000, 8120]
    assert incident.records_max == 8120
    history = history_of(client, incident)
    assert [entry.label for entry in history] == ["第1報", "最終報告"]
    retracted = [c for c in history[1].changes if c.kind == "retracted"]
    assert len(retracted) == 1 and retracted[0].old == "SQLインジェクション"
    final = history[1].disclosure.pk
    assert retracted[0].new_href == f"#retract-{final}-causes-sql_injection"
    html = client.get(incident.get_absolute_url()).content.decode()
    assert f'id="retract-{final}-causes-sql_injection"' in html


def test_a_confirmed_subset_and_data_items_add_up_and_a_passing_mention_adds_no_cause(
    tmp_path,
):
    import_files(tmp_path, "c/1", "c/2", "c/3")
    incident = only_incident()
    assert (incident.records_max, incident.records_confirmed) == (800, 612)
    assert incident.card_data == ["card_number", "expiry", "security_code"]
    # 「カード情報を当社サーバで保持しない決済方式へ移行」 in the resumption notice only implies
    # storage; the stated cause stays, and the generic 不正アクセス gives way to it.
    assert incident.causes == ["sql_injection"]
    confirmed = [p for p in incident.count_history if p["field"] == "records_confirmed"]
    assert [p["value"] for p in confirmed] == [612]


def test_the_api_and_csv_show_the_count_changes(tmp_path, client):
    import_files(tmp_path, "a/1", "a/2")
    incident = only_incident()
    data = client.get(f"/api/incidents/{incident.pk}/").json()
    assert data["count_changes"] == [1200, 2345]
    assert data["has_followup"] is True
    assert [p["cited"] for p in data["count_history"]] == [False, False]
    response = client.get("/incidents.csv?format=codes")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert "count_changes" in header.split(",")
    assert "1200 → 2345" in row


def test_a_revised_count_cited_by_a_follow_up_alone_is_its_history(tmp_path):
    import_files(tmp_path, "b/2")
    incident = only_incident()
    assert count_changes(incident.count_history) == [5000, 8120]
    assert incident.count_history[0]["cited"] is True


# Grouping follow-ups ------------------------------------------------------------------------


def test_a_follow_up_that_says_senpan_joins_the_incident_of_its_site(tmp_path, client):
    import_files(tmp_path, "c/1", "c/3")
    incident = only_incident()
    assert "「先般お知らせいたしました」 refers to an earlier report" in incident.grouping_reason
    assert [e.label for e in history_of(client, incident)] == ["第1報", "第2報"]


def test_a_second_report_joins_by_its_title(tmp_path):
    import_files(tmp_path, "c/1", "c/2")
    assert "「第2報」 refers to an earlier report" in only_incident().grouping_reason


def test_a_follow_up_imported_before_the_first_notice_is_joined_by_it(tmp_path, client):
    import_files(tmp_path, "a/2", "a/1")
    incident = only_incident()
    assert incident.records_max == 2345
    assert [e.label for e in history_of(client, incident)] == ["第1報", "第2報"]
    assert incident.first_disclosed_on.isoformat() == "2024-03-01"


def test_another_breach_of_the_same_organization_is_proposed_not_merged(tmp_path):
    import_files(tmp_path, "c/1")
    later = tmp_path / "c-other.txt"
    text = (CHAINS / "c" / "1.txt").read_text()
    later.write_text(
        text.replace("2025年2月14日", "2026年3月2日").replace("2024年11月8日", "2026年1月20日")
    )
    import_paths([later])
    first, second = Incident.objects.order_by("id")
    assert [c["incident"] for c in second.merge_candidates] == [first.pk]
    assert "discovered" in second.merge_candidates[0]["reason"]
    first.refresh_from_db()
    assert [c["incident"] for c in first.merge_candidates] == [second.pk]
    assert set(Incident.objects.needing_review()) >= {first, second}
    second.dismiss_candidate(first.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.merge_candidates == [] and second.merge_candidates == []


# Merge and split ----------------------------------------------------------------------------


def separate(tmp_path, *names) -> list[Incident]:
    """The chain's notices imported, then each split into its own incident."""
    import_files(tmp_path, *names)
    incident = only_incident()
    for disclosure in list(incident.disclosures.order_by("published_on"))[1:]:
        incident.split_off([disclosure])
    return list(Incident.objects.order_by("id"))


def test_a_merge_labels_the_chain_once_and_does_not_move_the_first_disclosure(tmp_path, client):
    first, second = separate(tmp_path, "a/1", "a/2")
    editor = User.objects.create_user("editor")
    absorbed = second.pk
    (merge,) = first.merge([second], user=editor, reason="same breach")
    first.refresh_from_db()
    history = history_of(client, first)
    assert [e.label for e in history] == ["第1報", "第2報"]
    labels_of_changes = {c.label for c in history[1].changes}
    assert "初回公表日" not in labels_of_changes
    assert first.first_disclosed_on.isoformat() == "2024-03-01"
    assert merge.absorbed_id == absorbed


def test_a_merged_incidents_page_and_api_redirect_to_the_survivor(tmp_path, client):
    first, second = separate(tmp_path, "a/1", "a/2")
    absorbed = second.pk
    first.merge([second])
    page = client.get(f"/incidents/{absorbed}/")
    assert page.status_code == 301 and page["Location"] == f"/incidents/{first.pk}/"
    api = client.get(f"/api/incidents/{absorbed}/veris/")
    assert api.status_code == 301 and api["Location"] == f"/api/incidents/{first.pk}/veris/"


def test_splitting_a_merge_restores_the_incident_exactly(tmp_path, client):
    first, second = separate(tmp_path, "a/1", "a/2")
    editor = User.objects.create_user("editor")
    second.correct("fraud_cases", 3, user=editor, reason="stated by phone")
    second.record_review(["organization"], user=editor)
    second.refresh_from_db()
    before = (
        second.schema_values(),
        sorted(second.disclosures.values_list("pk", flat=True)),
        sorted(second.corrections.values_list("pk", flat=True)),
        sorted(second.reviews.values_list("field", flat=True)),
        second.grouping_reason,
        second.created_at,
    )
    absorbed = second.pk
    (merge,) = first.merge([second], user=editor)
    assert not Incident.objects.filter(pk=absorbed).exists()
    restored = merge.undo(user=editor)
    after = (
        restored.schema_values(),
        sorted(restored.disclosures.values_list("pk", flat=True)),
        sorted(restored.corrections.values_list("pk", flat=True)),
        sorted(restored.reviews.values_list("field", flat=True)),
        restored.grouping_reason,
        restored.created_at,
    )
    assert restored.pk == absorbed and after == before
    assert client.get(f"/incidents/{absorbed}/").status_code == 200
    first.refresh_from_db()
    assert first.disclosures.count() == 1 and "merged with" not in first.grouping_reason
    assert IncidentMerge.objects.get().split_at is not None


# Corrections that stay honest -----------------------------------------------------------------


def test_a_correction_whose_evidence_changed_goes_back_to_the_review_queue(tmp_path, client):
    import_files(tmp_path, "b/1")
    incident = only_incident()
    editor = User.objects.create_user("editor")
    incident.correct("causes", ["sql_injection", "card_data_retention"], user=editor,
                     reason="the card company's report")  # fmt: skip
    incident.record_review(["causes"], user=editor)
    incident.refresh_from_db()
    assert "causes" not in incident.review_fields
    # A new notice says something else about the cause.
    import_files(tmp_path, "b/2")
    incident.refresh_from_db()
    correction = Correction.objects.get(field="causes")
    assert correction.evidence_changed == {
        "old": ["sql_injection"],
        "new": ["credential_compromise"],
    }
    assert "causes" in incident.review_fields and "causes" in incident.unverified_fields
    # The editor's value still stands until they decide.
    assert incident.causes == ["sql_injection", "card_data_retention"]
    incident.record_review(["causes"], user=editor)
    incident.refresh_from_db()
    correction.refresh_from_db()
    assert correction.evidence_changed is None
    assert correction.basis == {"value": ["credential_compromise"]}
    assert "causes" not in incident.review_fields


def test_a_revised_notice_text_flags_the_correction_of_that_notice(tmp_path):
    path = tmp_path / "n.txt"
    shutil.copy(CHAINS / "a" / "1.txt", path)
    import_paths([path])
    disclosure = Disclosure.objects.get()
    disclosure.correct({"records_max": 1100}, reason="typo in the notice")
    text = path.read_text().replace("最大約1,200件", "最大約1,500件")
    path.write_text(text)
    import_paths([path])
    correction = Correction.objects.get()
    assert correction.evidence_changed == {"old": 1200, "new": 1500}
    incident = only_incident()
    assert incident.records_max == 1100 and "records_max" in incident.review_fields


def test_a_corrected_value_is_marked_with_its_reason_and_supporting_passage(tmp_path, client):
    import_files(tmp_path, "a/1")
    incident = only_incident()
    disclosure = incident.disclosures.get()
    start = disclosure.text.index("SQLインジェクション")
    support = {"disclosure": disclosure.pk, "start": start, "end": start + 11}
    incident.correct("fraud_cases", 12, reason="カード会社の報告による", support=support)
    html = client.get(incident.get_absolute_url()).content.decode()
    correction = Correction.objects.get()
    assert "編集者が訂正" in html and "カード会社の報告による" in html
    assert f'href="#support-{correction.pk}"' in html
    assert f'id="support-{correction.pk}"' in html


# The resolution rules, one by one -----------------------------------------------------------


def notice(pk, published, values, confidence=0.95, stage="initial", **extra):
    return Notice(pk, published, stage, values, dict.fromkeys(values, confidence), **extra)


def test_a_low_confidence_later_value_does_not_override_a_confident_one():
    resolved = resolve_notices([
        notice(1, "2024-01-01", {"discovered_on": "2023-12-01"}, 0.95),
        notice(2, "2024-02-01", {"discovered_on": "2023-11-11"}, 0.4, "update"),
    ])  # fmt: skip
    assert resolved.values["discovered_on"] == "2023-12-01"
    assert resolved.changes[2] == []


def test_a_low_confidence_value_fills_a_field_nobody_stated():
    resolved = resolve_notices([
        notice(1, "2024-01-01", {"records_max": None}),
        notice(2, "2024-02-01", {"records_max": 300}, 0.4, "update"),
    ])  # fmt: skip
    assert resolved.values["records_max"] == 300


def test_a_later_confident_value_revises_and_the_first_disclosure_is_the_earliest():
    resolved = resolve_notices([
        notice(2, "2024-02-01", {"records_max": 300, "first_disclosed_on": "2024-01-01"},
               stage="update"),
        notice(1, "2024-01-01", {"records_max": 200}),
    ])  # fmt: skip
    assert resolved.values["records_max"] == 300
    assert resolved.values["first_disclosed_on"] == "2024-01-01"
    assert [c.field for c in resolved.changes[2]] == ["records_max"]


def test_list_fields_are_the_union_minus_what_is_retracted():
    resolved = resolve_notices([
        notice(1, "2024-01-01", {"causes": ["sql_injection"], "card_data": ["card_number"]}),
        notice(2, "2024-02-01", {"causes": ["malware"], "card_data": ["expiry"]}, stage="update"),
        notice(3, "2024-03-01", {"causes": []}, stage="final",
               retracted={"causes": ["sql_injection"]}),
    ])  # fmt: skip
    assert resolved.values["causes"] == ["malware"]
    assert resolved.values["card_data"] == ["card_number", "expiry"]
    assert [c.kind for c in resolved.changes[3]] == ["retracted"]


def test_labels_number_the_chain_and_start_at_two_without_the_first_notice():
    chain = [notice(7, "2024-02-01", {}, stage="update"), notice(9, "2024-03-01", {})]
    assert labels(chain) == {7: 2, 9: 3}
    assert labels([notice(1, "2024-01-01", {}), notice(2, "2024-05-01", {}, stage="final")]) == {
        1: 1,
        2: 0,
    }


def test_the_ingest_command_still_imports_the_chains(tmp_path):
    for path in sorted(CHAINS.glob("*/*.txt")):
        shutil.copy(path, tmp_path / f"{path.parent.name}-{path.name}")
    call_command("ingest", str(tmp_path), stdout=StringIO())
    assert Incident.objects.count() == 3
    assert sorted(Incident.objects.values_list("has_followup", flat=True)) == [True] * 3


def test_the_chain_facet_finds_incidents_whose_count_was_revised(tmp_path, client):
    import_files(tmp_path, "a/1", "a/2", "c/1", "c/2")
    revised = Incident.objects.get(organization__contains="みなと")
    assert revised.count_changed
    page = client.get("/?chain=count_changed")
    assert [i.pk for i in page.context["page"].object_list] == [revised.pk]
    assert "件数の訂正あり" in page.content.decode()
    api = client.get("/api/incidents/?chain=count_changed").json()
    assert [row["id"] for row in api["results"]] == [revised.pk]
