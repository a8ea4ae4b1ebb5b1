"""The Content-Security-Policy (default-src 'self'; frame-ancestors 'none') breaks nothing: the
public pages and the admin load every script and stylesheet, and the admin's scripts run."""

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from conftest import make_incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    """Messages Chromium logs when the policy blocks something."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found


def test_public_pages_and_the_admin_run_under_the_policy(live_server, page, violations):
    incident = make_incident(organization="株式会社ポリシー")
    User.objects.create_superuser("editor", password="a long passphrase 1")
    for path in ("/", "/?q=カード", incident.get_absolute_url(), "/insights/"):
        response = page.goto(live_server.url + path)
        assert response.headers["content-security-policy"] == (
            "default-src 'self'; frame-ancestors 'none'"
        )

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a long passphrase 1")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + "/admin/breaches/incident/")
    page.check("#action-toggle")  # admin/js/actions.js marks every row selected
    expect(page.locator("#result_list tbody tr.selected")).to_have_count(1)
    page.goto(live_server.url + f"/admin/breaches/incident/{incident.pk}/change/")
    expect(page.locator("#incident_form")).to_be_visible()
    disclosure = incident.disclosures.get()
    page.goto(live_server.url + f"/admin/breaches/disclosure/{disclosure.pk}/change/")
    page.goto(live_server.url + "/admin/breaches/correction/")
    assert violations == []
