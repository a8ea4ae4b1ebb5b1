"""Vocabulary search, query syntax and the front page band, through the browser."""

import re

import pytest
from playwright.sync_api import expect

from conftest import make_incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/issue13-shots"


@pytest.fixture
def incidents():
    make_incident(organization="一号", text="第2報 不正アクセスにより改ざんされました。")
    make_incident(
        organization="二号", text="第1報 SQLインジェクションです。", forensic_firm="Verizon"
    )
    make_incident(organization="三号", text="続報 改ざんとSQL。", forensic_firm="LAC")


def search(page, q):
    page.get_by_label("お知らせを検索").fill(q)
    page.get_by_role("button", name="検索", exact=True).click()


def test_the_firm_question_phrase_exclusion_and_or_through_the_page(live_server, page, incidents):
    page.goto(live_server.url + "/")
    expect(page.locator("#overview")).to_contain_text("3件のインシデント")
    expect(page.locator("#nav-insights")).to_have_text("分析")
    page.screenshot(path=f"{SHOTS}-front-1280.png", full_page=True)

    search(page, "PCF社")
    expect(page.locator(".incident h3")).to_have_text(["一号"])
    expect(page.locator("#understood")).to_contain_text(
        "調査会社: ペイメントカードフォレンジックス"
    )
    page.screenshot(path=f"{SHOTS}-vocab-1280.png", full_page=True)
    page.locator("#search-literally").click()
    expect(page).to_have_url(re.compile(r"literal=1"))
    expect(page.locator("#results-heading")).to_have_text("0件のインシデント")

    page.goto(live_server.url + "/")
    search(page, "第2報")
    expect(page.locator(".incident h3")).to_have_text(["一号"])
    search(page, "改ざん -続報")
    expect(page.locator(".incident h3")).to_have_text(["一号"])
    page.goto(live_server.url + "/?q=改ざん+OR+SQL")
    expect(page.locator("#results-heading")).to_have_text("3件のインシデント")
    expect(page.locator("#understood")).to_contain_text(
        "「改ざん」 または 「SQL」".replace("「", "“").replace("」", "”")
    )
    expect(page).to_have_title(re.compile(r"^改ざん OR SQL – "))


SERVER_COUNT = """url => fetch(url).then(r => r.text()).then(html =>
  new DOMParser().parseFromString(html, "text/html")
    .querySelector("#results-heading").textContent)"""


def heading_and_servers_count(page, url):
    """The count the page shows, and the one the server gives for `url` loaded afresh."""
    return page.locator("#results-heading").text_content(), page.evaluate(SERVER_COUNT, url)


def test_typing_or_after_a_search_widens_it_and_shows_the_servers_count(
    live_server, page, incidents
):
    page.goto(live_server.url + "/")
    page.locator("#q").click()
    page.keyboard.type("改ざん")
    page.keyboard.press("Enter")
    expect(page.locator("#results-heading")).to_have_text("2件のインシデント")
    # The box kept the focus across the in-place load; typing goes on where the caret was (it
    # used to land at the start: "OR SQL改ざん", one word and a leading OR, 1 incident).
    expect(page.locator("#q")).to_be_focused()
    page.keyboard.type(" OR SQL")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=%E6%94%B9%E3%81%96%E3%82%93\+OR\+SQL$"))
    shown, server = heading_and_servers_count(page, "/?q=改ざん+OR+SQL")
    assert shown == server == "3件のインシデント"
    expect(page.locator("#understood")).to_contain_text("“改ざん” または “SQL”")
    expect(page.locator("#q")).to_have_value("改ざん OR SQL")


def test_a_search_typed_while_the_previous_one_loads_is_the_one_submitted(
    live_server, page, incidents
):
    page.goto(live_server.url + "/")
    held = []  # the first search's request, answered only once the next one is typed
    page.route("**/?q=*", lambda route: route.continue_() if held else held.append(route))
    page.locator("#q").fill("第2報")
    with page.expect_request("**/?q=*"):
        page.locator("#q").press("Enter")
    page.locator("#q").fill("改ざん OR SQL")
    held[0].continue_()
    expect(page).to_have_url(re.compile(r"\?q=%E7%AC%AC2%E5%A0%B1$"))  # its answer arrived
    expect(page.locator("#results-heading")).to_have_text("1件のインシデント")
    # It used to put 第2報 back in the box, so that Enter searched 第2報 again.
    expect(page.locator("#q")).to_have_value("改ざん OR SQL")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=%E6%94%B9%E3%81%96%E3%82%93\+OR\+SQL$"))
    shown, server = heading_and_servers_count(page, page.url)
    assert shown == server == "3件のインシデント"
    expect(page.locator("#understood")).to_contain_text("“改ざん” または “SQL”")


def test_the_phone_shows_the_band_and_the_search_help(live_server, phone, incidents):
    phone.goto(live_server.url + "/?q=" + "改ざん -続報")
    expect(phone.locator(".incident h3")).to_have_text(["一号"])
    phone.locator("#search-help summary").click()
    expect(phone.locator("#search-help")).to_contain_text("-改ざん")
    phone.screenshot(path=f"{SHOTS}-search-390.png", full_page=True)
    phone.goto(live_server.url + "/about/")
    expect(phone.locator("h1")).to_have_text("このカタログについて")
    phone.screenshot(path=f"{SHOTS}-about-390.png", full_page=True)


def test_the_about_pages_fields_read_on_a_phone_label_and_code_above_the_meaning(
    live_server, phone
):
    phone.goto(live_server.url + "/about/")
    field = phone.locator("#field-first_disclosed_on")
    label, code, meaning = (
        field.locator(part).bounding_box() for part in (".field-label", ".field-code", "dd")
    )
    assert label["height"] < 30  # 初回公表日 on one line (it used to break every two characters)
    assert code["y"] + code["height"] <= meaning["y"] + 1  # the meaning below, full width
    assert meaning["width"] > 300
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    field.screenshot(path="/tmp/shots/about-field-390.png")
