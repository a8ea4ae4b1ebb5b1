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


def test_the_phone_shows_the_band_and_the_search_help(live_server, phone, incidents):
    phone.goto(live_server.url + "/?q=" + "改ざん -続報")
    expect(phone.locator(".incident h3")).to_have_text(["一号"])
    phone.locator("#search-help summary").click()
    expect(phone.locator("#search-help")).to_contain_text("-改ざん")
    phone.screenshot(path=f"{SHOTS}-search-390.png", full_page=True)
    phone.goto(live_server.url + "/about/")
    expect(phone.locator("h1")).to_have_text("このカタログについて")
    phone.screenshot(path=f"{SHOTS}-about-390.png", full_page=True)
