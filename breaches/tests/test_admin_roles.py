"""Roles: a viewer sees every admin page read-only and every write is refused, whatever way it is
tried (an action, a change form, a confirmation page); the same requests by an editor do write,
so each refusal is the role's and not a broken request."""

from dataclasses import dataclass

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.urls import reverse

from breaches.admin_forms import DisclosureForm
from breaches.models import (
    Correction,
    Disclosure,
    FieldReview,
    FirmAlias,
    ForensicFirm,
    Incident,
    IncidentMerge,
    Revision,
    Term,
)
from breaches.tests.test_admin import change_form_data
from conftest import add_disclosure, make_incident

pytestmark = pytest.mark.django_db

NOTICE = """2022年2月1日
株式会社ロール
弊社サイト「ロールショップ」への不正アクセスによるお客様のクレジットカード情報流出について
2021年11月10日、決済代行会社から、カード情報流出の懸念について連絡を受けました。
"""


def user_in(group: str, username: str) -> User:
    user = User.objects.create_user(username, is_staff=True)  # force_login needs no password
    user.groups.add(Group.objects.get(name=group))
    return user


@dataclass
class World:
    a: Incident  # two notices, a correction, a proposed merge with b
    b: Incident
    survivor: Incident  # absorbed another incident: the merge can be undone
    merge: IncidentMerge
    notice: Disclosure  # a's second notice
    correction: Correction
    firm: ForensicFirm
    term: Term
    revision: Revision


@pytest.fixture
def world():
    editor = User.objects.create_user("setup")
    a = make_incident(organization="株式会社A", records_max=10, text=NOTICE)
    notice = add_disclosure(a, published_on="2020-08-01")
    b = make_incident(organization="株式会社A", records_max=20, discovered_on="2021-01-01")
    Incident.objects.filter(pk=a.pk).update(merge_candidates=[{"incident": b.pk, "reason": "r"}])
    Incident.objects.filter(pk=b.pk).update(merge_candidates=[{"incident": a.pk, "reason": "r"}])
    survivor = make_incident(organization="株式会社S")
    (merge,) = survivor.merge([make_incident(organization="株式会社T")], user=editor)
    a = Incident.objects.get(pk=a.pk)
    correction = a.correct("fraud_cases", 3, user=editor, reason="set up")
    revision = Revision.objects.create(disclosure=notice, number=1, content_hash="x", text="前の版")
    return World(
        a=a, b=Incident.objects.get(pk=b.pk), survivor=survivor, merge=merge, notice=notice,
        correction=correction, firm=ForensicFirm.objects.get(name="LAC"),
        term=Term.objects.get(kind="causes", code="malware"), revision=revision,
    )  # fmt: skip


def state() -> dict:
    """Everything an admin write could change."""
    return {
        "incidents": list(Incident.objects.order_by("pk").values()),
        "disclosures": list(Disclosure.objects.order_by("pk").values()),
        "corrections": list(Correction.objects.order_by("pk").values()),
        "reviews": list(FieldReview.objects.order_by("pk").values()),
        "merges": list(IncidentMerge.objects.order_by("pk").values()),
        "firms": list(ForensicFirm.objects.order_by("pk").values()),
        "aliases": list(FirmAlias.objects.order_by("pk").values()),
        "terms": list(Term.objects.order_by("pk").values()),
        "revisions": list(Revision.objects.order_by("pk").values()),
        "log": list(LogEntry.objects.order_by("pk").values()),
    }


def action(client, model, name, pks, **extra):
    url = reverse(f"admin:breaches_{model}_changelist")
    return client.post(url, {"action": name, "_selected_action": pks, **extra})


def disclosure_data(disclosure, **changes) -> dict:
    form = DisclosureForm(instance=disclosure)
    data = {k: v for k, v in form.initial.items() if k in form.fields and v not in (None, False)}
    data.update(exposure_periods="[]", sites="\n".join(data.get("sites", [])), **changes)
    return data


def firm_data(firm, **changes) -> dict:
    aliases = list(firm.aliases.order_by("pk"))
    data = {
        "name": firm.name, "slug": firm.slug, "label_ja": firm.label_ja,
        "aliases-TOTAL_FORMS": str(len(aliases) + 1), "aliases-INITIAL_FORMS": str(len(aliases)),
        "aliases-MIN_NUM_FORMS": "0", "aliases-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for n, alias in enumerate(aliases):
        data |= {f"aliases-{n}-id": alias.pk, f"aliases-{n}-firm": firm.pk,
                 f"aliases-{n}-alias": alias.alias}  # fmt: skip
    data[f"aliases-{len(aliases)}-alias"] = "ラック新表記"  # a new alias
    data.update(changes)
    return data


def merge_confirm(w):
    return {"target": w.a.pk, "previewed": w.a.pk, "reason": "x", "confirm": "yes"}


def merge_view_url(w):
    return reverse("admin:breaches_incident_merge") + f"?ids={w.a.pk}&ids={w.b.pk}"


def dismiss_url(w):
    return reverse("admin:breaches_incident_dismiss_candidate", args=[w.a.pk, w.b.pk])


def undo_url(w):
    return reverse("admin:breaches_incident_undo_merge", args=[w.survivor.pk, w.merge.pk])


def change_url(model, obj):
    return reverse(f"admin:breaches_{model}_change", args=[obj.pk])


# name -> (request, whether an editor's same request writes)
ATTEMPTS = {
    "incident merge action": (
        lambda c, w: action(c, "incident", "merge_incidents", [w.a.pk, w.b.pk], **merge_confirm(w)),
        True,
    ),
    "incident merge action, first step": (
        lambda c, w: action(c, "incident", "merge_incidents", [w.a.pk, w.b.pk]), False,
    ),
    "incident re-extract action": (
        lambda c, w: action(c, "incident", "reextract_incidents", [w.a.pk]), True,
    ),
    "disclosure re-extract action": (
        lambda c, w: action(c, "disclosure", "reextract", [w.a.disclosures.first().pk]), True,
    ),
    "disclosure split action": (
        lambda c, w: action(c, "disclosure", "split_off", [w.notice.pk], confirm="yes"), True,
    ),
    "correction revert action": (
        lambda c, w: action(c, "correction", "revert", [w.correction.pk]), True,
    ),
    "review queue mark reviewed action": (
        lambda c, w: action(c, "reviewqueue", "mark_reviewed", [w.a.pk, w.b.pk]), True,
    ),
    "review queue merge action": (
        lambda c, w: action(c, "reviewqueue", "merge_incidents", [w.a.pk, w.b.pk],
                            **merge_confirm(w)), True,
    ),
    "merge confirmation page": (lambda c, w: c.get(merge_view_url(w)), False),
    "merge confirmation page, confirmed": (
        lambda c, w: c.post(merge_view_url(w), merge_confirm(w)), True,
    ),
    "dismiss candidate page": (lambda c, w: c.get(dismiss_url(w)), False),
    "dismiss candidate, confirmed": (
        lambda c, w: c.post(dismiss_url(w), {"reason": "x", "confirm": "yes"}), True,
    ),
    "split a merge off again page": (lambda c, w: c.get(undo_url(w)), False),
    "split a merge off again, confirmed": (
        lambda c, w: c.post(undo_url(w), {"reason": "x", "confirm": "yes"}), True,
    ),
    "incident change form": (
        lambda c, w: c.post(change_url("incident", w.a), change_form_data(
            w.a, records_max="99")), True,
    ),
    "incident mark reviewed on its page": (
        lambda c, w: c.post(change_url("incident", w.b), change_form_data(
            w.b, mark_reviewed=list(w.b.review_fields))), True,
    ),
    "disclosure change form": (
        lambda c, w: c.post(change_url("disclosure", w.notice),
                            disclosure_data(w.notice, records_max="77")), True,
    ),
    "correction change form (revert)": (
        lambda c, w: c.post(change_url("correction", w.correction),
                            {"revert_correction": "on", "revert_reason": "x"}), True,
    ),
    "firm change form with a new alias": (
        lambda c, w: c.post(change_url("forensicfirm", w.firm), firm_data(w.firm, label_ja="X")),
        True,
    ),
    "firm add form": (
        lambda c, w: c.post(reverse("admin:breaches_forensicfirm_add"), {
            "name": "New Firm", "slug": "new-firm", "label_ja": "新社",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
        }), True,
    ),
    "term change form": (
        lambda c, w: c.post(change_url("term", w.term), {
            "label_ja": "改", "label_en": "Changed", "position": w.term.position,
        }), True,
    ),
    "earlier text change form": (
        lambda c, w: c.post(change_url("revision", w.revision), {"text": "改"}), False,
    ),
    "incident delete": (
        lambda c, w: c.post(reverse("admin:breaches_incident_delete", args=[w.b.pk]),
                            {"post": "yes"}), False,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", ATTEMPTS)
def test_a_viewer_is_refused_every_write(client, world, name):
    attempt, _ = ATTEMPTS[name]
    client.force_login(user_in("viewer", "vic"))
    before = state()
    response = attempt(client, world)
    # Refused outright, or shown the list again (which offers a viewer no action); never a
    # confirmation page.
    templates = [t.name for t in response.templates]
    assert response.status_code in (302, 403) or "admin/change_list.html" in templates
    assert not any("confirm" in (name or "") for name in templates)
    assert state() == before


@pytest.mark.parametrize("name", [n for n, (_, writes) in ATTEMPTS.items() if writes])
def test_the_same_request_by_an_editor_writes(client, world, name):
    attempt, _ = ATTEMPTS[name]
    client.force_login(user_in("editor", "ed"))
    before = state()
    response = attempt(client, world)
    assert response.status_code == 302, response.status_code
    assert state() != before


def test_a_viewer_is_offered_no_action_and_no_button(client, world):
    client.force_login(user_in("viewer", "vic"))
    for model in ("incident", "disclosure", "correction", "reviewqueue"):
        page = client.get(reverse(f"admin:breaches_{model}_changelist"))
        assert page.status_code == 200
        assert page.context["action_form"] is None, model
    queue = client.get(reverse("admin:breaches_reviewqueue_changelist"))
    assert dismiss_url(world) not in queue.text
    assert f"#{world.b.pk}" in queue.text  # the proposal itself is visible
    page = client.get(change_url("incident", world.survivor))
    assert page.status_code == 200
    assert page.context["can_change"] is False
    assert undo_url(world) not in page.text
    assert 'name="_save"' not in page.text
    page = client.get(change_url("incident", world.a))
    assert dismiss_url(world) not in page.text
    assert 'name="_save"' not in page.text
    page = client.get(change_url("correction", world.correction))
    assert 'name="revert_correction"' not in page.text and 'name="_save"' not in page.text
