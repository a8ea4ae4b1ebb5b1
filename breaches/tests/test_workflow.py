"""The editors' workflow: lasting corrections, merge, split, review, roles, throttling."""

from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from breaches.admin_forms import field_label
from breaches.models import (
    Correction,
    Disclosure,
    FirmAlias,
    ForensicFirm,
    Incident,
    IncidentMerge,
)
from conftest import make_incident

pytestmark = pytest.mark.django_db

NOTICE = """2022年2月1日
株式会社ワークフロー
弊社サイト「フローショップ」への不正アクセスによるお客様のクレジットカード情報流出について
2021年11月10日、決済代行会社から、カード情報流出の懸念について連絡を受けました。
第三者調査機関であるクロスチェック社による調査の結果、カード情報（3,210件）が流出した可能性があることが判明しました。
"""


def ingest(path):
    call_command("ingest", str(path), stdout=StringIO(), stderr=StringIO())


def admin_post(client, name, action, pks):
    return client.post(
        reverse(f"admin:breaches_{name}_changelist"), {"action": action, "_selected_action": pks}
    )


def confirm_merge(client, pks, *, target=None, reason=""):
    """The merge action's confirmation page, answered "Yes, merge"."""
    target = target or min(pks)
    return client.post(
        reverse("admin:breaches_incident_changelist"),
        {"action": "merge_incidents", "_selected_action": pks, "target": target,
         "previewed": target, "reason": reason, "confirm": "yes"},
    )  # fmt: skip


def user_in(group: str, username: str) -> User:
    user = User.objects.create_user(username, password="pw-12345-long", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def test_a_disclosure_correction_survives_reingest_and_reextract(tmp_path, admin_client):
    path = tmp_path / "n.txt"
    path.write_text(NOTICE, encoding="utf-8")
    ingest(path)
    disclosure = Disclosure.objects.get()
    Correction.objects.create(
        disclosure=disclosure, field="records_max", old_value=3210, new_value=3000
    )
    disclosure.incident.resolve()
    path.write_text(NOTICE.replace("2022年2月1日", "2022年2月2日"), encoding="utf-8")
    ingest(path)
    admin_post(admin_client, "disclosure", "reextract", [disclosure.pk])
    incident = Incident.objects.get()
    assert incident.records_max == 3000
    assert Disclosure.objects.get().revision == 2


def test_a_new_firm_spelling_is_used_by_the_next_reextract(tmp_path, admin_client):
    path = tmp_path / "n.txt"
    path.write_text(NOTICE, encoding="utf-8")
    ingest(path)
    # Unknown to the alias table, the firm is named as the notice writes it.
    assert Incident.objects.get().forensic_firm.name == "クロスチェック"
    FirmAlias.objects.create(firm=ForensicFirm.objects.get(name="LAC"), alias="クロスチェック社")
    disclosure = Disclosure.objects.get()
    admin_post(admin_client, "disclosure", "reextract", [disclosure.pk])
    assert Incident.objects.get().forensic_firm.name == "LAC"


def test_a_merge_keeps_both_texts_and_every_correction(admin_client):
    first = make_incident(organization="株式会社A", text="第1報の本文", records_max=10)
    second = make_incident(organization="株式会社A商店", text="第2報の本文", records_max=20,
                           published_on="2020-07-01")  # fmt: skip
    Correction.objects.create(incident=first, field="causes", new_value=["malware"])
    Correction.objects.create(disclosure=second.disclosures.get(), field="fraud_cases", new_value=5)
    confirm_merge(admin_client, [first.pk, second.pk])
    merged = Incident.objects.get()
    assert sorted(merged.disclosures.values_list("text", flat=True)) == [
        "第1報の本文",
        "第2報の本文",
    ]
    assert Correction.objects.count() == 2
    assert merged.causes == ["malware"]
    assert merged.fraud_cases == 5
    assert merged.records_max == 20
    assert f"merged with incident {second.pk}" in merged.grouping_reason


def test_a_split_undoes_a_merge():
    first = make_incident(organization="株式会社A", records_max=10)
    second = make_incident(organization="株式会社B", records_max=20, published_on="2020-07-01")
    first.merge([second])
    assert Incident.objects.count() == 1
    moved = first.disclosures.get(extraction__organization__value="株式会社B")
    split_off = first.split_off([moved])
    merged = Incident.objects.get(pk=first.pk)
    assert Incident.objects.count() == 2
    assert (merged.organization, merged.records_max) == ("株式会社A", 10)
    assert (split_off.organization, split_off.records_max) == ("株式会社B", 20)


def test_the_review_queue_lists_missing_key_fields_oldest_first_until_reviewed(admin_client):
    complete = make_incident()
    missing = make_incident(discovered_on=None, records_max=None)
    unnamed = make_incident(forensic_firm=None, forensic_investigation=True)
    queue = list(Incident.objects.needing_review())
    assert queue == [missing, unnamed]
    assert missing.review_fields == ["discovered_on", "records_max"]
    assert complete not in queue
    response = admin_client.get(reverse("admin:breaches_reviewqueue_changelist"))
    assert "discovered_on, records_max" in response.text
    admin_post(admin_client, "reviewqueue", "mark_reviewed", [missing.pk])
    assert list(Incident.objects.needing_review()) == [unnamed]


def test_a_low_confidence_value_goes_to_review():
    incident = make_incident()
    disclosure = incident.disclosures.get()
    disclosure.extraction["discovered_on"]["confidence"] = 0.2
    disclosure.save()
    incident.resolve()
    assert incident.review_fields == ["discovered_on"]


def test_an_editor_corrects_a_disclosure_field_with_the_evidence_in_view(client):
    incident = make_incident(text="2020年3月1日、決済代行会社から連絡を受けました。")
    disclosure = incident.disclosures.get()
    disclosure.extraction["discovered_on"]["spans"] = [[0, 9]]
    disclosure.save()
    client.force_login(user_in("editor", "eve"))
    url = reverse("admin:breaches_disclosure_change", args=[disclosure.pk])
    page = client.get(url)
    assert "<mark>2020年3月1日</mark>、決済代行会社から連絡を受けました" in page.text
    form = page.context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data.update(discovered_on="2020-02-28", correction_reason="本文の誤記", exposure_periods="[]")
    data["sites"] = "\n".join(data.get("sites", []))
    response = client.post(url, data)
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.disclosure, correction.field) == (disclosure, "discovered_on")
    assert (correction.old_value, correction.new_value) == ("2020-03-01", "2020-02-28")
    assert Incident.objects.get().discovered_on.isoformat() == "2020-02-28"


def test_a_viewer_can_look_but_not_change(client):
    incident = make_incident(records_max=10)
    client.force_login(user_in("viewer", "vic"))
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"records_max": "99"})
    assert response.status_code == 403
    admin_post(client, "incident", "merge_incidents", [incident.pk])
    incident.refresh_from_db()
    assert incident.records_max == 10
    assert Correction.objects.count() == 0


def test_an_editor_can_merge(client):
    a = make_incident(organization="株式会社X")
    b = make_incident(organization="株式会社X")
    client.force_login(user_in("editor", "ed"))
    confirm_merge(client, [a.pk, b.pk])
    assert Incident.objects.count() == 1


def test_twelve_wrong_passwords_in_a_row_are_refused(client):
    User.objects.create_superuser("boss", password="right-password-123")
    login = reverse("admin:login")
    statuses = [
        client.post(login, {"username": "boss", "password": f"wrong-{n}"}).status_code
        for n in range(12)
    ]
    assert statuses[-1] == 429
    locked = client.post(login, {"username": "boss", "password": "right-password-123"})
    assert locked.status_code == 429


def test_an_editor_marks_one_field_reviewed_on_the_incident_page(client):
    from breaches.tests.test_admin import change_form_data

    incident = make_incident(discovered_on=None, records_max=None)
    client.force_login(user_in("editor", "rita"))
    url = reverse("admin:breaches_incident_change", args=[incident.pk])
    response = client.post(url, change_form_data(incident, mark_reviewed=["records_max"]))
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.review_fields == ["discovered_on"]
    assert Correction.objects.count() == 0


# Merge: confirmation first, then undo ---------------------------------------------------------


def test_the_merge_action_asks_first_and_shows_the_fields_that_would_change(admin_client):
    first = make_incident(organization="株式会社A", records_max=10)
    second = make_incident(organization="株式会社A", records_max=20, published_on="2020-07-01")
    page = admin_post(admin_client, "incident", "merge_incidents", [first.pk, second.pk])
    assert page.status_code == 200
    assert "admin/breaches/merge_confirmation.html" in [t.name for t in page.templates]
    assert page.context["target"] == first  # the oldest survives by default
    changes = {label: (values, after) for label, values, after in page.context["changes"]}
    assert changes[str(field_label("records_max"))] == (["10", "20"], "20")
    assert str(field_label("organization")) not in changes
    assert '<tr class="merge-change"><th scope="row">' in page.text
    # Nothing was written: the preview ran in a savepoint that was rolled back.
    assert Incident.objects.count() == 2
    assert (IncidentMerge.objects.count(), LogEntry.objects.count()) == (0, 0)
    first.refresh_from_db()
    assert first.records_max == 10 and first.disclosures.count() == 1


def test_only_the_confirmation_merges_and_its_message_links_the_survivor(admin_client):
    first = make_incident()
    second = make_incident()
    response = confirm_merge(admin_client, [first.pk, second.pk], reason="同じ事案")
    assert response.status_code == 302
    assert list(Incident.objects.all()) == [first]
    merge = IncidentMerge.objects.get()
    assert (merge.absorbed_id, merge.reason) == (second.pk, "同じ事案")
    shown = [str(m) for m in response.wsgi_request._messages]
    link = reverse("admin:breaches_incident_change", args=[first.pk])
    assert any(f'href="{link}"' in m for m in shown), shown


def test_choosing_another_survivor_shows_its_changes_before_merging(admin_client):
    first = make_incident(records_max=10)
    second = make_incident(records_max=20, published_on="2020-07-01")
    data = {"action": "merge_incidents", "_selected_action": [first.pk, second.pk],
            "target": second.pk, "previewed": first.pk, "confirm": "yes"}  # fmt: skip
    page = admin_client.post(reverse("admin:breaches_incident_changelist"), data)
    assert page.status_code == 200 and page.context["target"] == second
    assert page.context["repreview"] is True
    assert Incident.objects.count() == 2
    confirm_merge(admin_client, [first.pk, second.pk], target=second.pk)
    assert list(Incident.objects.values_list("pk", flat=True)) == [second.pk]


def test_a_merge_is_split_off_again_from_the_incident_page(admin_client, client):
    first = make_incident(organization="株式会社A", records_max=10)
    second = make_incident(organization="株式会社B", records_max=20, published_on="2020-07-01")
    absorbed = second.pk
    confirm_merge(admin_client, [first.pk, absorbed])
    page = admin_client.get(reverse("admin:breaches_incident_change", args=[first.pk]))
    ((merge, split_url),) = page.context["merges"]
    assert split_url in page.text
    assert admin_client.get(split_url).status_code == 200  # the confirmation
    assert Incident.objects.count() == 1
    response = admin_client.post(split_url, {"reason": "別の事案", "confirm": "yes"})
    assert response["Location"] == reverse("admin:breaches_incident_change", args=[absorbed])
    restored = Incident.objects.get(pk=absorbed)
    assert (restored.organization, restored.records_max) == ("株式会社B", 20)
    assert Incident.objects.get(pk=first.pk).records_max == 10
    assert client.get(f"/incidents/{absorbed}/").status_code == 200
    merge.refresh_from_db()
    assert merge.split_at is not None


def test_the_review_queue_proposes_a_merge_with_its_reason(admin_client):
    first = make_incident(organization="株式会社C")
    second = make_incident(organization="株式会社C", discovered_on="2021-01-01")
    reason = "same organization, discovered 10 months apart"
    Incident.objects.filter(pk=second.pk).update(
        merge_candidates=[{"incident": first.pk, "reason": reason}]
    )
    queue = admin_client.get(reverse("admin:breaches_reviewqueue_changelist"))
    assert reason in queue.text
    merge_url = reverse("admin:breaches_incident_merge") + f"?ids={second.pk}&amp;ids={first.pk}"
    assert merge_url in queue.text
    dismiss = reverse("admin:breaches_incident_dismiss_candidate", args=[second.pk, first.pk])
    assert dismiss in queue.text
    confirmation = admin_client.get(merge_url.replace("&amp;", "&"))
    assert confirmation.status_code == 200 and confirmation.context["target"] == first
    assert Incident.objects.count() == 2
    incident_page = admin_client.get(reverse("admin:breaches_incident_change", args=[second.pk]))
    assert reason in incident_page.text and dismiss in incident_page.text
