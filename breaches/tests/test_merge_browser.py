"""An editor merges two incidents in the admin as a browser does it: select both, choose the
merge action, read the confirmation with the fields that change, confirm; the absorbed
incident's public page then answers 301 to the survivor's."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from conftest import make_incident
from tests.browser.conftest import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    # As tests/browser/conftest.py, but for this module only: a session-wide second Playwright
    # would still run when tests/browser starts its own in the same thread.
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def violations(page):
    """Messages Chromium logs when the Content-Security-Policy blocks something."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: found.append(f"page error: {error}"))
    return found


def log_in_as_editor(page, live_server):
    editor = User.objects.create_user("edna", password="a long passphrase 2", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "edna")
    page.fill("#id_password", "a long passphrase 2")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_an_editor_merges_two_incidents_after_seeing_what_changes(live_server, page, violations):
    older = make_incident(organization="株式会社ブラウザ", records_max=100)
    newer = make_incident(
        organization="株式会社ブラウザ", records_max=250, published_on="2020-09-01"
    )
    log_in_as_editor(page, live_server)

    page.goto(live_server.url + "/admin/breaches/incident/")
    page.check(f"input.action-select[value='{older.pk}']")
    page.check(f"input.action-select[value='{newer.pk}']")
    page.select_option("select[name=action]", "merge_incidents")
    page.click("button[name=index]")

    # The confirmation: the oldest survives, and the count it will take is shown (the
    # survivor's value, the other's, the value after the merge).
    expect(page.locator("body.merge-confirmation")).to_be_visible()
    expect(page.locator(f"input[name=target][value='{older.pk}']")).to_be_checked()
    change = page.locator("#merge-changes tr.merge-change", has_text="件数（最大）")
    expect(change.locator("td")).to_have_text(["100", "250", "250"])
    page.fill("textarea[name=reason]", "同じ事案の第1報と第2報")
    page.click("input[name=confirm]")

    link = page.locator(f".messagelist a[href='/admin/breaches/incident/{older.pk}/change/']")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("#audit-trail")).to_contain_text("同じ事案の第1報と第2報")
    expect(page.locator("#merges")).to_contain_text(f"#{newer.pk}")

    response = page.goto(live_server.url + f"/incidents/{newer.pk}/")
    assert response.status == 200
    assert re.search(rf"/incidents/{older.pk}/$", page.url), page.url
    redirect = response.request.redirected_from
    assert redirect is not None and redirect.url.endswith(f"/incidents/{newer.pk}/")
    assert redirect.response().status == 301
    assert violations == []
