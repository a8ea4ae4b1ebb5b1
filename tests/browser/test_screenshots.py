"""The main pages at 1280 and 390 px, saved to /tmp/shots/ for people to look at.

The catalogue holds the seed notices, the notice chains of breaches/tests/chains and 300 varied
incidents; each page must fit a phone's width without the page itself scrolling sideways (a
wide chart or table scrolls inside its own box).
"""

from pathlib import Path

import pytest

from breaches.models import Incident
from breaches.tests.test_insights import varied_incidents
from conftest import ROOT, SEEDS
from ingest.importer import import_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
WIDTHS = {"1280": (1280, 900), "390": (390, 844)}


@pytest.fixture
def catalogue():
    import_paths([SEEDS, ROOT / "breaches" / "tests" / "chains"])
    varied = varied_incidents()
    # Some of the generated incidents had follow-ups and revised counts, for `by=chain`.
    Incident.objects.filter(pk__in=[i.pk for i in varied[::7]]).update(has_followup=True)
    Incident.objects.filter(pk__in=[i.pk for i in varied[::21]]).update(count_changed=True)
    return Incident.objects.filter(organization__startswith="株式会社ショップ").first()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_main_pages_fit_the_screen_and_are_saved_for_review(live_server, browser, catalogue,
                                                                 width):  # fmt: skip
    SHOTS.mkdir(exist_ok=True)
    w, h = WIDTHS[width]
    context = browser.new_context(locale="ja-JP", viewport={"width": w, "height": h})
    page = context.new_page()
    pages = {
        "list": "/",
        "detail": catalogue.get_absolute_url(),
        "chain-detail": Incident.objects.filter(has_followup=True)
        .exclude(organization__startswith="株式会社ショップ")
        .first()
        .get_absolute_url(),
        "insights-by-discoverer": "/insights/?by=discovered_by",
        "insights-by-chain": "/insights/?by=chain",
        "about": "/about/",
    }
    try:
        for name, url in pages.items():
            page.goto(live_server.url + url)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}"
    finally:
        context.close()
