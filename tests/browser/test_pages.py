"""The pages as a visitor uses them: facets, search, evidence, language, on desktop and phone."""

import re

import pytest
from playwright.sync_api import expect

from conftest import make_incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def incidents():
    return [
        make_incident(
            organization="株式会社エー", causes=["sql_injection"], discovered_by="police"
        ),
        make_incident(organization="株式会社ビー", causes=["malware"], discovered_by="customer"),
        make_incident(
            organization="株式会社シー",
            causes=["sql_injection"],
            discovered_by="customer",
            text="個人情報漏えいに関するお詫びとお知らせ",
        ),
    ]


def facet(page, name, value):
    return page.locator(f"#fv-{name}-{value}")


def test_clicking_a_facet_updates_counts_results_and_url_without_a_page_load(
    live_server, page, incidents
):
    page.goto(live_server.url + "/")
    expect(page.locator("#results-heading")).to_have_text("3件のインシデント")
    expect(facet(page, "discovered_by", "customer").locator(".count")).to_have_text("2")
    page.evaluate("window.notReloaded = true")

    facet(page, "cause", "sql_injection").click()

    expect(page).to_have_url(re.compile(r"\?cause=sql_injection$"))
    expect(page.locator("#results-heading")).to_have_text("2件のインシデント")
    expect(page.locator(".incident h3")).to_have_text(["株式会社シー", "株式会社エー"])
    expect(facet(page, "discovered_by", "customer").locator(".count")).to_have_text("1")
    expect(facet(page, "cause", "sql_injection")).to_have_attribute("aria-current", "true")
    expect(page.locator(".chip").first).to_contain_text("SQLインジェクション")
    assert page.evaluate("window.notReloaded") is True

    facet(page, "cause", "malware").click()  # OR within the facet
    expect(page.locator("#results-heading")).to_have_text("3件のインシデント")
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?cause=sql_injection$"))
    expect(page.locator("#results-heading")).to_have_text("2件のインシデント")


def test_a_japanese_search_finds_a_spelling_variant_and_highlights_it(live_server, page, incidents):
    page.goto(live_server.url + "/")
    page.get_by_label("お知らせを検索").fill("漏洩")
    page.get_by_label("お知らせを検索").press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=%E6%BC%8F%E6%B4%A9$"))
    expect(page.locator(".incident h3")).to_have_text(["株式会社シー"])
    expect(page.locator(".snippet mark")).to_have_text("漏えい")


def test_the_detail_page_scrolls_to_the_highlighted_evidence(live_server, page):
    text = (
        "お知らせ\n" + "経緯の説明です。\n" * 80 + "流出した可能性のある件数は最大2,468件です。\n"
    )
    incident = make_incident(text=text, records_max=2468)
    disclosure = incident.disclosures.get()
    start = text.index("2,468件")
    disclosure.extraction["records_max"]["spans"] = [[start, start + 6]]
    disclosure.save()

    page.goto(live_server.url + incident.get_absolute_url())
    evidence = page.locator(f"#ev-{disclosure.pk}-records_max-0")
    expect(evidence).to_have_text("2,468件")
    expect(evidence).not_to_be_in_viewport()
    page.get_by_role("link", name="2,468").click()
    expect(page).to_have_url(re.compile(rf"#ev-{disclosure.pk}-records_max-0$"))
    expect(evidence).to_be_in_viewport()
    assert evidence.evaluate("e => e.tagName") == "MARK"


def test_the_language_switch_turns_the_page_english_and_back(live_server, page, incidents):
    page.goto(live_server.url + "/?cause=malware")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    facet(page, "cause", "sql_injection").click()  # the switch keeps the state the script set
    expect(page).to_have_url(re.compile(r"\?cause=malware&cause=sql_injection$"))
    page.get_by_label("言語").select_option("en")
    page.get_by_role("button", name="切り替え").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"\?cause=malware&cause=sql_injection$"))
    expect(page.locator("h1")).to_have_text("Incidents")
    expect(page.locator("#results-heading")).to_have_text("3 incidents")
    page.get_by_label("Language").select_option("ja")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("h1")).to_have_text("インシデント")


def test_on_a_phone_the_filters_fold_away_and_still_work(live_server, phone, incidents):
    phone.goto(live_server.url + "/")
    filters = phone.locator("[data-facets]")
    expect(filters).not_to_have_attribute("open", "")
    phone.get_by_text("絞り込み", exact=True).click()
    facet(phone, "cause", "malware").click()
    expect(phone).to_have_url(re.compile(r"\?cause=malware$"))
    expect(phone.locator(".incident h3")).to_have_text(["株式会社ビー"])
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_the_skip_link_is_the_first_stop_for_the_keyboard(live_server, page, incidents):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_a_facet_is_reached_with_tab_and_toggled_with_space(live_server, page, incidents):
    page.goto(live_server.url + "/")
    page.evaluate("window.notReloaded = true")
    page.locator("#q").focus()
    target = facet(page, "cause", "malware")
    for _ in range(12):  # search button, the filter toggle, then the facet values in order
        page.keyboard.press("Tab")
        if target.evaluate("e => e === document.activeElement"):
            break
    expect(target).to_be_focused()
    scrolled = page.evaluate("window.scrollY")

    page.keyboard.press("Space")

    expect(page).to_have_url(re.compile(r"\?cause=malware$"))
    expect(page.locator(".incident h3")).to_have_text(["株式会社ビー"])
    expect(target).to_have_attribute("aria-current", "true")
    expect(target).to_be_focused()  # the new link with the same id, not the page
    assert page.evaluate("window.scrollY") == scrolled  # Space did not scroll the page
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".incident h3")).to_have_count(3)
    expect(target).to_be_focused()
    assert page.evaluate("window.notReloaded") is True


def test_after_a_swap_the_title_and_the_announced_count_follow(live_server, page, incidents):
    page.goto(live_server.url + "/")
    status = page.locator("#results-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("")
    page.get_by_label("お知らせを検索").fill("漏洩")
    page.get_by_label("お知らせを検索").press("Enter")
    expect(page).to_have_title("漏洩 – クレジットカード情報漏えい公表事案")
    expect(status).to_have_text("1件のインシデント")
    facet(page, "cause", "sql_injection").click()
    expect(page).to_have_url(re.compile(r"\?q=.*&cause=sql_injection$"))
    page.locator(".chip").first.click()  # remove the search
    expect(page).to_have_url(re.compile(r"\?cause=sql_injection$"))
    expect(page).to_have_title("原因: SQLインジェクション – クレジットカード情報漏えい公表事案")
    expect(status).to_have_text("2件のインシデント")


def test_a_revised_notice_leads_from_its_badge_to_its_coloured_changes(live_server, page):
    from breaches.models import Incident, Revision

    lines = [f"経緯の説明 {n}。" for n in range(12)]
    incident = make_incident(organization="株式会社カイテイ", text="\n".join(lines))
    disclosure = incident.disclosures.get()
    Revision.objects.create(
        disclosure=disclosure, number=1, content_hash="old", text=disclosure.text,
        extraction=disclosure.extraction,
    )  # fmt: skip
    lines[6] += "件数は最大2,468件です。"
    lines[9] = "全く別の一文"
    disclosure.text, disclosure.revision = "\n".join(lines), 2
    disclosure.save()
    Incident.objects.filter(pk=incident.pk).update(has_revision=True)

    page.goto(live_server.url + "/")
    expect(page.locator(".incident .badge-revised")).to_have_text("改訂あり")
    page.get_by_role("link", name="株式会社カイテイ").click()
    expect(page.locator("h1 + .badges .badge-revised")).to_be_visible()
    page.get_by_role("link", name="改訂履歴").click()
    expect(page.locator("h1")).to_have_text("改訂履歴")
    inserted = page.locator(".diff-edit ins")
    expect(inserted).to_have_text("件数は最大2,468件です。")
    expect(page.locator(".diff-del del")).to_have_text("経緯の説明 9。")
    assert inserted.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(204, 245, 216)"
    fold = page.locator(".diff-fold").first
    expect(fold.locator(".diff-same").first).not_to_be_visible()
    fold.locator("summary").click()
    expect(fold.locator(".diff-same").first).to_be_visible()
