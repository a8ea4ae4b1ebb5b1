"""The comparison on the insights page and the phone's facet flow, in headless Chromium.

Screenshots go to /tmp/shots/compare-*.png and /tmp/shots/phone-facets-*.png.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from conftest import make_incident

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SHOTS = Path("/tmp/shots")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def card_company_and_processor():
    """Card company: 100–300 days (median 160.5); payment processor: 10–50 (median 30)."""
    published = dt.date(2021, 6, 1)
    groups = {
        "card_company": (100, 120, 150, 171, 200, 300),
        "payment_processor": (10, 20, 30, 40, 50),
        "self": (5, 7),
    }
    for who, spans in groups.items():
        for days in spans:
            make_incident(
                published_on=published.isoformat(),
                discovered_on=(published - dt.timedelta(days=days)).isoformat(),
                discovered_by=who,
                causes=["sql_injection"] if days % 20 else ["malware"],
            )


def compare_row(page, label):
    return page.locator("#compare table tbody tr").filter(
        has=page.locator(f"th:text-is('{label}')")
    )


def test_the_analysts_question_is_answered_by_the_compare_view(live_server, page):
    card_company_and_processor()
    SHOTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/insights/?cause=sql_injection")
    page.select_option("#by", "discovered_by")
    page.click(".compare-form button[type=submit]")
    page.wait_for_url("**/insights/?cause=sql_injection&by=discovered_by")
    assert page.locator("#compare svg.chart-svg[role=img]").is_visible()
    # Only sql_injection (days not a multiple of 20): card company 150 and 171.
    card = compare_row(page, "カード会社").locator("td")
    assert [card.nth(i).text_content() for i in range(3)] == ["2", "160.5", "155.2"]
    assert card.nth(6).text_content() == "n < 5"
    page.screenshot(path=str(SHOTS / "compare-1280.png"), full_page=True)

    page.click("#chip-1")  # drop the cause: the comparison stays
    page.wait_for_url("**/insights/?by=discovered_by")
    card = compare_row(page, "カード会社").locator("td")
    processor = compare_row(page, "決済代行会社").locator("td")
    assert (card.nth(0).text_content(), card.nth(1).text_content()) == ("6", "160.5")
    assert (processor.nth(0).text_content(), processor.nth(1).text_content()) == ("5", "30")
    assert processor.nth(6).text_content() == ""
    assert compare_row(page, "自社").locator("td").nth(6).text_content() == "n < 5"
    assert "n = 13件" in page.locator("#compare .basis").text_content()
    page.locator("#compare").screenshot(path=str(SHOTS / "compare-card-1280.png"))

    with page.expect_response("**/insights/compare.json*") as answer:
        page.evaluate(
            "url => fetch(url)", page.locator("#compare .downloads a").first.get_attribute("href")
        )
    data = answer.value.json()
    medians = {r["key"]: (r["median"], r["incidents"]) for r in data["rows"]}
    assert medians["card_company"] == (160.5, 6) and medians["payment_processor"] == (30, 5)


def test_the_compare_view_fits_a_phone(live_server, phone):
    card_company_and_processor()
    phone.goto(f"{live_server.url}/insights/?by=discovered_by")
    chart = phone.locator("#compare svg")
    chart.scroll_into_view_if_needed()
    assert chart.bounding_box()["width"] <= 390
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert not phone.locator("[data-facets]").evaluate("d => d.open")  # closed on phones
    phone.screenshot(path=str(SHOTS / "compare-390.png"), full_page=True)
    phone.locator("#compare").screenshot(path=str(SHOTS / "compare-card-390.png"))


def test_on_a_phone_the_facets_apply_and_the_button_lands_on_the_results(live_server, phone):
    card_company_and_processor()
    phone.goto(f"{live_server.url}/")
    panel = phone.locator("[data-facets]")
    assert not panel.evaluate("d => d.open")
    panel.locator("summary").click()
    phone.click("#fv-discovered_by-card_company")
    phone.wait_for_url("**/?discovered_by=card_company")
    button = phone.locator("#show-results")
    assert button.text_content() == "6件を表示"
    assert button.is_visible()
    box = button.bounding_box()
    assert box["y"] + box["height"] <= 844  # kept in view at the bottom of the panel
    phone.screenshot(path=str(SHOTS / "phone-facets-open-390.png"))
    button.click()
    assert not panel.evaluate("d => d.open")
    heading = phone.locator("#results-heading")
    assert heading.text_content() == "6件のインシデント"
    top = heading.bounding_box()["y"]
    assert 0 <= top < 200, top
    assert phone.evaluate("document.activeElement.id") == "results"
    phone.screenshot(path=str(SHOTS / "phone-facets-results-390.png"))


def test_without_javascript_the_button_still_lands_on_the_results(live_server, browser):
    card_company_and_processor()
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    phone = context.new_page()
    try:
        phone.goto(f"{live_server.url}/?discovered_by=payment_processor")
        assert phone.locator("[data-facets]").evaluate("d => d.open") is True
        phone.click("#show-results")
        phone.wait_for_url("**/?discovered_by=payment_processor#results")
        top = phone.locator("#results-heading").bounding_box()["y"]
        assert -1 <= top < 200, top
    finally:
        context.close()
