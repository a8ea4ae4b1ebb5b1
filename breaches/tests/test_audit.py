"""The editors' record: every write through the admin leaves one audit entry with who, when,
only the fields that changed (old → new) and the reason; the incident's page shows them."""

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from breaches.models import Correction, FieldReview, ForensicFirm, Incident, IncidentMerge, Term
from breaches.tests.test_admin import change_form_data
from breaches.tests.test_workflow import confirm_merge
from conftest import add_disclosure, make_incident

pytestmark = pytest.mark.django_db


def messages() -> list[str]:
    return list(LogEntry.objects.order_by("action_time", "id").values_list("change_message",
                                                                            flat=True))  # fmt: skip


def disclosure_form_data(client, disclosure, **changes):
    """The disclosure's change form as the editor's browser posts it, with `changes`."""
    url = reverse("admin:breaches_disclosure_change", args=[disclosure.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(exposure_periods="[]", sites="\n".join(data.get("sites", [])), **changes)
    return url, data


def test_saving_one_field_logs_exactly_one_entry_naming_that_field(admin_client, admin_user):
    incident = make_incident(records_max=1000)
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    response = admin_client.post(
        url, change_form_data(incident, records_max="1500", correction_reason="第2報で訂正")
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.user == admin_user
    assert entry.object_id == str(incident.pk)
    assert entry.change_message == "Corrected: records_max: 1000 → 1500. Reason: 第2報で訂正"


def test_saving_two_fields_logs_one_entry_per_field_and_nothing_else(admin_client):
    incident = make_incident(records_max=1000, organization="株式会社テスト")
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    admin_client.post(url, change_form_data(incident, records_max="7", organization="株式会社X"))
    assert messages() == [
        "Corrected: organization: '株式会社テスト' → '株式会社X'",
        "Corrected: records_max: 1000 → 7",
    ]


def test_saving_without_a_change_logs_nothing(admin_client):
    incident = make_incident()
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    assert admin_client.post(url, change_form_data(incident)).status_code == 302
    assert LogEntry.objects.count() == 0


def test_a_list_in_another_order_is_no_correction(admin_client):
    incident = make_incident(card_data=["card_number", "expiry"])
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    admin_client.post(url, change_form_data(incident, card_data=["expiry", "card_number"]))
    assert (Correction.objects.count(), LogEntry.objects.count()) == (0, 0)


def test_marking_a_field_reviewed_logs_the_field_and_the_user(admin_client, admin_user):
    incident = make_incident(discovered_on=None)
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    admin_client.post(url, change_form_data(incident, mark_reviewed=["discovered_on"]))
    entry = LogEntry.objects.get()
    assert (entry.user, entry.change_message) == (admin_user, "Reviewed discovered_on")
    assert FieldReview.objects.get().user == admin_user


def test_a_notice_correction_logs_only_the_changed_field_with_the_reason(admin_client):
    incident = make_incident(records_max=1000)
    disclosure = incident.disclosures.get()
    url, data = disclosure_form_data(
        admin_client, disclosure, records_max="900", correction_reason="本文の誤記"
    )
    assert admin_client.post(url, data).status_code == 302
    entry = LogEntry.objects.get()
    assert entry.object_id == str(disclosure.pk)
    assert entry.change_message == "Corrected: records_max: 1000 → 900. Reason: 本文の誤記"
    assert Correction.objects.get().basis == {"value": 1000}


def test_a_correction_keeps_the_sentence_the_editor_chose(admin_client, client):
    text = "お知らせ。\nカード会社からの報告では不正利用は12件です。\n以上。"
    incident = make_incident(text=text, fraud_cases=None)
    disclosure = incident.disclosures.get()
    start = text.index("カード会社")
    end = text.index("です。") + 3
    choice = f"{disclosure.pk}:{start}:{end}"
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    page = admin_client.get(url)
    assert choice in page.text  # offered as a supporting sentence
    admin_client.post(url, change_form_data(incident, fraud_cases="12", correction_support=choice))
    correction = Correction.objects.get()
    assert correction.support == {"disclosure": disclosure.pk, "start": start, "end": end}
    assert "「カード会社からの報告では不正利用は12件です。」" in admin_client.get(url).text
    assert f'id="support-{correction.pk}"' in client.get(incident.get_absolute_url()).text


def test_the_revert_action_logs_the_user_and_the_values_back(admin_client, admin_user):
    incident = make_incident(records_max=1000)
    incident.correct("records_max", 5, user=admin_user, reason="typo")
    correction = Correction.objects.get()
    admin_client.post(
        reverse("admin:breaches_correction_changelist"),
        {"action": "revert", "_selected_action": [correction.pk]},
    )
    assert messages()[-1] == "Reverted correction of records_max: records_max: 5 → 1000"
    assert LogEntry.objects.order_by("-id")[0].user == admin_user
    assert Incident.objects.get().records_max == 1000


def test_reverting_on_the_correction_page_logs_the_reason(admin_client, admin_user):
    incident = make_incident(records_max=1000)
    incident.correct("records_max", 5, user=admin_user)
    correction = Correction.objects.get()
    url = reverse("admin:breaches_correction_change", args=[correction.pk])
    response = admin_client.post(url, {"revert_correction": "on", "revert_reason": "第2報が正しい"})
    assert response.status_code == 302
    assert messages()[-1] == (
        "Reverted correction of records_max: records_max: 5 → 1000. Reason: 第2報が正しい"
    )
    assert LogEntry.objects.count() == 2  # the correction, the revert; no Django entry
    correction.refresh_from_db()
    assert correction.reverted_at is not None


def test_a_merge_logs_the_reason_and_who_merged(admin_client, admin_user):
    first = make_incident(organization="株式会社A")
    second = make_incident(organization="株式会社A")
    confirm_merge(admin_client, [first.pk, second.pk], reason="同じ事案")
    entry = LogEntry.objects.get()
    assert entry.user == admin_user and entry.object_id == str(first.pk)
    assert entry.change_message == f"Merged incident {second.pk}. Reason: 同じ事案"


def test_splitting_notices_off_logs_the_reason(admin_client):
    incident = make_incident()
    second = add_disclosure(incident, published_on="2020-07-01")
    admin_client.post(
        reverse("admin:breaches_disclosure_changelist"),
        {"action": "split_off", "_selected_action": [second.pk], "reason": "別の事案",
         "confirm": "yes"},
    )  # fmt: skip
    new = Incident.objects.exclude(pk=incident.pk).get()
    assert messages() == [
        f"Split notices [{second.pk}] off into incident {new.pk}. Reason: 別の事案"
    ]


def test_reextracting_logs_the_incident_and_each_changed_notice(admin_client, admin_user):
    incident = make_incident(
        text="2020年3月1日、決済代行会社から連絡を受けました。", records_max=1000
    )
    admin_client.post(
        reverse("admin:breaches_incident_changelist"),
        {"action": "reextract_incidents", "_selected_action": [incident.pk]},
    )
    assert messages() == [
        "Re-extracted; values changed",
        "Re-extracted; 1 notice(s) changed",
    ]
    assert set(LogEntry.objects.values_list("user", flat=True)) == {admin_user.pk}


def test_dismissing_a_proposed_merge_logs_the_reason(admin_client):
    first = make_incident()
    second = make_incident()
    Incident.objects.filter(pk=first.pk).update(
        merge_candidates=[{"incident": second.pk, "reason": "same organization"}]
    )
    url = reverse("admin:breaches_incident_dismiss_candidate", args=[first.pk, second.pk])
    page = admin_client.get(url)
    assert "same organization" in page.text
    assert Incident.objects.get(pk=first.pk).merge_candidates != []  # a GET changes nothing
    response = admin_client.post(url, {"reason": "別の侵害", "confirm": "yes"})
    assert response.status_code == 302
    assert Incident.objects.get(pk=first.pk).merge_candidates == []
    assert messages() == [f"Not the same breach as incident {second.pk}. Reason: 別の侵害"]


def test_undoing_a_merge_logs_the_reason(admin_client, admin_user):
    first = make_incident()
    second = make_incident()
    absorbed = second.pk
    (merge,) = first.merge([second], user=admin_user)
    url = reverse("admin:breaches_incident_undo_merge", args=[first.pk, merge.pk])
    admin_client.post(url, {"reason": "別の事案だった", "confirm": "yes"})
    assert messages()[-1] == f"Split incident {absorbed} off again. Reason: 別の事案だった"


def test_a_firm_save_logs_only_the_field_that_changed(admin_client):
    firm = ForensicFirm.objects.get(name="LAC")
    url = reverse("admin:breaches_forensicfirm_change", args=[firm.pk])
    aliases = list(firm.aliases.all())
    data = {
        "name": firm.name, "slug": firm.slug, "label_ja": "株式会社ラック（新）",
        "aliases-TOTAL_FORMS": str(len(aliases)), "aliases-INITIAL_FORMS": str(len(aliases)),
        "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for n, alias in enumerate(aliases):
        data |= {f"aliases-{n}-id": alias.pk, f"aliases-{n}-firm": firm.pk,
                 f"aliases-{n}-alias": alias.alias}  # fmt: skip
    old = firm.label_ja
    assert admin_client.post(url, data).status_code == 302
    assert messages() == [f"Changed: label_ja: {old!r} → '株式会社ラック（新）'"]


def test_a_term_label_change_logs_only_that_label(admin_client):
    term = Term.objects.get(kind="causes", code="malware")
    url = reverse("admin:breaches_term_change", args=[term.pk])
    data = {"label_ja": term.label_ja, "label_en": "Malicious software", "position": term.position}
    assert admin_client.post(url, data).status_code == 302
    assert messages() == [f"Changed: label_en: {term.label_en!r} → 'Malicious software'"]
    admin_client.post(url, data)
    assert len(messages()) == 1  # saving again changes nothing and logs nothing


def test_the_incident_page_lists_the_audit_trail_newest_first_and_every_correction(
    admin_client, admin_user
):
    incident = make_incident(records_max=1000, fraud_cases=None)
    disclosure = incident.disclosures.get()
    disclosure.correct({"records_max": 900}, user=admin_user, reason="本文の誤記")
    incident.correct("fraud_cases", 3, user=admin_user, reason="電話で確認")
    page = admin_client.get(reverse("admin:breaches_incident_change", args=[incident.pk]))
    trail = page.context["audit_entries"]
    assert [e.change_message for e in trail] == [
        "Corrected: fraud_cases: null → 3. Reason: 電話で確認",
        "Corrected: records_max: 1000 → 900. Reason: 本文の誤記",
    ]
    assert "Corrected: fraud_cases: null → 3. Reason: 電話で確認" in page.text
    rows = page.context["corrections"]
    assert {(r["correction"].field, r["old"], r["new"]) for r in rows} == {
        ("records_max", "1000", "900"),
        ("fraud_cases", "—", "3"),
    }
    assert str(disclosure) in page.text and "本文の誤記" in page.text


def test_a_correction_whose_evidence_changed_is_shown_side_by_side_until_reviewed(
    admin_client, admin_user
):
    incident = make_incident(records_max=1000)
    incident.correct("records_max", 1100, user=admin_user, reason="電話で確認")
    add_disclosure(incident, published_on="2020-08-01", records_max=1500)
    incident.refresh_from_db()
    assert "records_max" in incident.changed_evidence()
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    page = admin_client.get(url)
    assert "Needs a look" in page.text or "要確認" in page.text
    assert "<td>records_max</td><td>1000</td><td>1500</td><td>1100</td>" in page.text
    assert ("records_max", "records_max") in page.context["adminform"].form.fields[
        "mark_reviewed"
    ].choices
    admin_client.post(url, change_form_data(incident, mark_reviewed=["records_max"]))
    correction = Correction.objects.get()
    assert (correction.evidence_changed, correction.basis) == (None, {"value": 1500})
    incident.refresh_from_db()
    assert incident.records_max == 1100 and incident.changed_evidence() == {}


def test_a_merged_away_incidents_admin_page_leads_to_the_survivor(admin_client):
    first = make_incident()
    second = make_incident()
    absorbed = second.pk
    first.merge([second])
    response = admin_client.get(reverse("admin:breaches_incident_change", args=[absorbed]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:breaches_incident_change", args=[first.pk])
    assert IncidentMerge.objects.count() == 1


def test_an_incidents_trail_is_looked_up_by_object_through_an_index(admin_user):
    from django.db import connection

    from breaches import audit

    incident = make_incident()
    incident.correct("records_max", 1100, user=admin_user, reason="電話で確認")
    assert [e.change_message for e in audit.entries_for(incident)] == [
        "Corrected: records_max: 1000 → 1100. Reason: 電話で確認"
    ]
    # Every admin write adds entries: the trail of one incident must not read them all.
    entries = LogEntry.objects.filter(content_type__model="incident", object_id=str(incident.pk))
    sql, params = entries.values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "breaches_admin_log_object" in plan, plan
