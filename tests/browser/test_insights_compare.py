"""The comparison on the insights page and the phone's facet flow, in headless Chromium.

Screenshots go to /tmp/shots/compare-*.png and /tmp/shots/phone-facets-*.png.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

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
    assert page.locator("#compare .basis .n").text_content() == "n = 13件"
    page.locator("#compare").screenshot(path=str(SHOTS / "compare-card-1280.png"))

    with page.expect_response("**/insights/compare.json*") as answer:
        page.evaluate(
            "url => fetch(url)", page.locator("#compare .downloads a").first.get_attribute("href")
        )
    data = answer.value.json()
    medians = {r["key"]: (r["median"], r["incidents"]) for r in data["rows"]}
    assert medians["card_company"] == (160.5, 6) and medians["payment_processor"] == (30, 5)


def chart_row(page, slug, label):
    return page.locator(f"#chart-{slug} table tbody tr").filter(
        has=page.locator(f"th:text-is('{label}')")
    )


def test_the_other_charts_are_compared_side_by_side_per_group_with_n(live_server, page):
    card_company_and_processor()
    page.goto(f"{live_server.url}/insights/?by=discovered_by")
    more = page.locator("#compare-more")
    expect(more.locator("h2")).to_have_text("発覚の経緯ごとのほかのグラフ")
    slugs = more.locator(".chart-card").evaluate_all("cards => cards.map(c => c.dataset.chart)")
    # Discoverers are the grouping: their chart would only repeat it.
    assert sorted(slugs) == sorted(
        ["compare-per-year", "compare-causes", "compare-card-data", "compare-personal-data",
         "compare-records"]
    )  # fmt: skip
    for slug in slugs:
        card = page.locator(f"#chart-{slug}")
        expect(card.locator(".basis .n")).to_contain_text("n = ")
        if slug == "compare-personal-data":  # no incident names a personal data item
            expect(card.locator(".not-enough")).to_be_visible()
        else:
            expect(card.locator("svg.chart-svg[role=img]")).to_be_visible()

    causes = page.locator("#chart-compare-causes")
    expect(causes.locator("h3")).to_have_text("発覚の経緯ごとの原因")
    expect(causes.locator(".basis .n")).to_have_text("n = 13件")
    causes.locator("summary").click()
    card = chart_row(page, "compare-causes", "カード会社").locator("td")
    # Card company: 6 incidents, 2 with sql_injection (days not a multiple of 20), 4 malware.
    assert card.first.text_content() == "6"
    headers = causes.locator("thead th").all_text_contents()
    sql = headers.index("SQLインジェクション（%）") - 1
    assert card.nth(sql).text_content() == "33.3"
    assert chart_row(page, "compare-causes", "自社").locator("td").last.text_content() == "n < 5"
    expect(causes.locator("svg text", has_text="n < 5")).to_have_count(1)  # 自社, 2 incidents

    with page.expect_response("**/insights/compare-causes.json*") as answer:
        url = causes.locator(".downloads a").first.get_attribute("href")
        page.evaluate("url => fetch(url)", url)
    data = answer.value.json()
    assert data["by"] == "discovered_by" and data["n"] == 13
    card_company = next(r for r in data["rows"] if r["key"] == "card_company")
    assert (card_company["incidents"], card_company["n_sql_injection"]) == (6, 2)
    page.locator("#chart-compare-causes").screenshot(path=str(SHOTS / "compare-causes-1280.png"))

    page.select_option("#by", "cause")
    page.click(".compare-form button[type=submit]")
    page.wait_for_url("**/insights/?by=cause")
    expect(page.locator("#chart-compare-causes")).to_have_count(0)
    expect(page.locator("#chart-compare-discovered-by h3")).to_have_text(
        "原因ごとの、誰が漏えいに気づいたか"
    )


EVERY_CAUSE = [
    "unauthorized_access", "web_app_vulnerability", "sql_injection", "vulnerable_software",
    "file_upload", "payment_page_tampering", "credential_compromise", "malware", "third_party",
]  # fmt: skip


def test_the_compare_view_fits_a_phone(live_server, phone):
    card_company_and_processor()
    make_incident(discovered_by="self", causes=EVERY_CAUSE)  # a share table of nine columns
    phone.goto(f"{live_server.url}/insights/?by=discovered_by")
    chart = phone.locator("#compare svg")
    chart.scroll_into_view_if_needed()
    assert chart.bounding_box()["width"] <= 390
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # A share table wider than the phone keeps its size and scrolls inside its own box.
    causes = phone.locator("#chart-compare-causes figure")
    causes.scroll_into_view_if_needed()
    assert causes.evaluate("f => f.scrollWidth > f.clientWidth")
    assert causes.bounding_box()["width"] <= 390
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
