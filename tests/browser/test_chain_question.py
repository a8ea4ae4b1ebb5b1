"""The analysts' question 3, "Which incidents had follow-up reports or revised counts?", answered
through the pages: the list's chain facet, its badges, the same state on the insights page, and
the comparison by follow-ups and revisions.

The incidents are the three notice chains we wrote (breaches/tests/chains: each has later
notices, two of them state another count) and three single notices, one of them revised.
"""

import re

import pytest
from playwright.sync_api import expect

from breaches.models import Incident
from conftest import ROOT, make_incident
from ingest.importer import import_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/shots"


@pytest.fixture
def chains():
    import_paths([ROOT / "breaches" / "tests" / "chains"])
    make_incident(organization="単独商店", discovered_by="self")
    make_incident(organization="単独雑貨", discovered_by="card_company")
    revised = make_incident(organization="改訂書店")
    Incident.objects.filter(pk=revised.pk).update(has_revision=True)


def names(page):
    return sorted(page.locator(".incident h3").all_text_contents())


def test_follow_ups_and_revised_counts_are_found_through_the_pages(live_server, page, chains):
    page.goto(live_server.url + "/")
    followup = page.locator("#fv-chain-followup")
    expect(followup).to_contain_text("続報・最終報告あり")
    expect(followup.locator(".count")).to_have_text("3")
    followup.click()
    expect(page).to_have_url(re.compile(r"\?chain=followup$"))
    expect(page.locator("#results-heading")).to_have_text("3件のインシデント")
    assert names(page) == ["有限会社さくら工房", "株式会社ひかり書房", "株式会社みなと珈琲"]
    expect(page.locator(".incident .badge-followup")).to_have_count(3)

    # "…or revised counts": both conditions narrow each other.
    page.locator("#fv-chain-count_changed").click()
    expect(page).to_have_url(re.compile(r"\?chain=followup&chain=count_changed$"))
    expect(page.locator("#results-heading")).to_have_text("2件のインシデント")
    assert names(page) == ["有限会社さくら工房", "株式会社みなと珈琲"]
    expect(page.locator(".incident .badge-count")).to_have_count(2)
    page.screenshot(path=f"{SHOTS}/chain-list-1280.png", full_page=True)

    # Counts revised, whatever the follow-ups: one click off.
    page.locator("#fv-chain-followup").click()
    expect(page).to_have_url(re.compile(r"\?chain=count_changed$"))
    expect(page.locator("#results-heading")).to_have_text("2件のインシデント")
    # No incident with a revised count had its text revised: that value is not offered.
    expect(page.locator("#fv-chain-revised")).to_have_count(0)
    page.locator("#fv-chain-count_changed").click()
    page.locator("#fv-chain-revised").click()
    expect(page).to_have_url(re.compile(r"\?chain=revised$"))
    expect(page.locator("#results-heading")).to_have_text("1件のインシデント")
    assert names(page) == ["改訂書店"]

    # The same state on the insights page, whose facets panel has the chain facet too.
    page.goto(live_server.url + "/?chain=followup")
    page.locator("#to-insights").click()
    expect(page).to_have_url(re.compile(r"/insights/\?chain=followup$"))
    expect(page.locator(".insights-lead")).to_contain_text("条件に合うインシデントは3件です。")
    expect(page.locator("#fv-chain-followup")).to_have_attribute("aria-current", "true")
    expect(page.locator("#fv-chain-count_changed .count")).to_have_text("2")


def test_the_insights_page_compares_by_follow_ups_and_revisions(live_server, page, chains):
    page.goto(live_server.url + "/insights/")
    page.select_option("#by", "chain")
    page.click(".compare-form button[type=submit]")
    page.wait_for_url("**/insights/?by=chain")
    expect(page.locator("#h-compare")).to_have_text("続報・改訂ごとの公表までの日数")
    card = page.locator("#chart-compare-discovered-by")
    card.locator("summary").click()
    rows = card.locator("tbody tr")
    expect(rows.locator("th")).to_have_text(
        ["続報・最終報告あり", "改訂あり", "件数の訂正あり", "続報・改訂なし"]
    )
    # Every group is under 5 incidents: each is marked.
    expect(rows.locator("td:last-child")).to_have_text(["n < 5"] * 4)
    assert rows.nth(0).locator("td").first.text_content() == "3"
    assert rows.nth(3).locator("td").first.text_content() == "2"
    page.locator("#compare-more").screenshot(path=f"{SHOTS}/chain-compare-1280.png")
