"""The insights page in headless Chromium: charts visible with titles, filters carried to the list.

Uses the `page` (1280 px) and `phone` (390 px) fixtures of tests/browser/conftest.py. Screenshots
go to /tmp/shots/insights-*.png for a person to look at.
"""

import os
from pathlib import Path

import pytest

from breaches.tests.test_insights import varied_incidents

# Playwright's sync API runs an event loop in this thread; the ORM calls here are not async.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SHOTS = Path("/tmp/shots")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_charts_render_and_the_list_link_keeps_the_filters(live_server, page):
    varied_incidents()
    SHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/insights/?cause=sql_injection")
    charts = page.locator("svg.chart-svg[role=img]")
    assert charts.count() >= 6
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.is_visible()
        assert chart.locator(":scope > title").text_content().strip()
        assert chart.locator(":scope > desc").text_content().strip()
        box = chart.bounding_box()
        assert box["width"] > 300 and box["height"] > 100
    page.screenshot(path=str(SHOTS / "insights-1280.png"), full_page=True)

    page.click("#to-list")
    page.wait_for_url("**/?cause=sql_injection")
    assert page.locator("#fv-cause-sql_injection[aria-current=true]").count() == 1
    page.locator(".results-head").screenshot(path=str(SHOTS / "insights-list-link.png"))
    page.click("#to-insights")
    page.wait_for_url("**/insights/?cause=sql_injection")
    assert page.locator("svg.chart-svg").count() == charts.count()


def test_the_charts_fit_a_phone(live_server, phone):
    varied_incidents()
    SHOTS.mkdir(exist_ok=True)
    phone.goto(f"{live_server.url}/insights/")
    chart = phone.locator("#chart-card-data svg")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    assert chart.bounding_box()["width"] <= 390
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    phone.locator("#chart-records details summary").click()
    assert phone.locator("#chart-records table").is_visible()
    phone.screenshot(path=str(SHOTS / "insights-390.png"), full_page=True)
    phone.mouse.move(0, 0)  # no hover highlight in the pictures
    for slug in ("ttd", "ttd-by-firm", "causes", "card-data", "records"):
        phone.locator(f"#chart-{slug}").screenshot(path=str(SHOTS / f"insights-390-{slug}.png"))


def test_an_empty_selection_says_not_enough_data_instead_of_drawing(live_server, page):
    varied_incidents()
    page.goto(f"{live_server.url}/insights/?cause=third_party")  # the generator never uses it
    assert page.locator("svg.chart-svg").count() == 0
    assert page.locator(".chart-card").count() == 0
    assert page.locator(".not-enough").count() == 1
    assert page.locator(".not-enough").first.is_visible()
    page.screenshot(path=str(SHOTS / "insights-empty-1280.png"))
