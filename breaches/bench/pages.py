"""The pages issue 15 times, each through the real view (django.test.Client in this process)
and beside it its naive form (naive.py) in the same run: median and p95 of each after one
warm-up, the SQL time and query count of the page, and the ratio naive / app of the medians."""

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from django.db import connection
from django.test import Client

from . import naive
from .generate import COMMON_SEARCH, RARE_SEARCH

MIN_SAMPLES = 3


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    url: str
    naive: Callable[[naive.Request], int] | None
    target_100k: float | None = None  # p95 ms
    target_1m: float | None = None
    gain: bool = False  # at 1M: app at least 10x faster than naive
    # Called before each timed request (untimed): what the page keeps between requests of its
    # own, besides the page cache, is dropped, so that every request does the page's work.
    fresh: Callable[[], None] | None = None


def undrawn() -> None:
    """Forget every kept insights drawing, this process's and the shared cache's
    (insights_views.kept_drawn), as after a write or for a filter state not asked for yet."""
    from django.core.cache import caches

    from breaches import insights_views

    insights_views.forget_drawn()
    caches["shared"].clear()


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)  # ms

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


@dataclass
class Measured:
    page: Page
    app: Timing
    naive: Timing
    sql_ms: float = 0.0  # median SQL time of one app request
    queries: int = 0
    status: int = 0
    size: int = 0  # bytes of the last answer

    @property
    def ratio(self) -> float:
        if not self.naive.samples or not self.app.samples:
            return math.nan
        return self.naive.median / self.app.median


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (the p95 of 20 samples is the 19th)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def pages(detail_id: int) -> list[Page]:
    common, rare = quote(COMMON_SEARCH), quote(RARE_SEARCH)
    facets3 = "cause=payment_page_tampering&card_data=security_code&discovered_by=card_company"
    return [
        Page("list", "list, unfiltered", "/", naive.list_page, 100, 150, True),
        Page("list1", "list, one facet", "/?cause=sql_injection", naive.list_page, 100, 300, True),
        Page("list3", "list, three facets", f"/?{facets3}", naive.list_page, 100, 300, True),
        Page(
            "search",
            "search, common term",
            f"/?q={common}",
            naive.list_page,
            100,
            300,
            True,
        ),
        Page("rare", "search, rare term", f"/?q={rare}", naive.list_page, 100),
        Page("api", "API list", "/api/incidents/", naive.api_list, 100, 150, True),
        Page(
            "api2",
            "API, two facets",
            "/api/incidents/?cause=malware&records=ge100k",
            naive.api_list,
            100,
            300,
            True,
        ),
        Page(
            "apisearch",
            "API, search common term",
            f"/api/incidents/?q={common}",
            naive.api_list,
            100,
            300,
            True,
        ),
        # As served after an import: `warm_insights` draws the unfiltered page, and a filter
        # state asked for again is read from its drawing (insights_views.kept_drawn).
        Page("insights", "insights, drawn before", "/insights/", naive.insights, 100, 500, True),
        # A filter state asked for the first time since the last write: drawn on request.
        Page(
            "insights_new",
            "insights, new filter",
            "/insights/?cause=malware",
            naive.insights,
            100,
            500,
            True,
            fresh=undrawn,
        ),  # fmt: skip
        Page("csv", "CSV, one cause", "/incidents.csv?cause=malware", naive.csv_export),
        Page(
            "detail",
            "incident page",
            f"/incidents/{detail_id}/",
            lambda request: naive.detail(detail_id),
            100,
        ),
    ]


class SqlTimer:
    """An execute_wrapper: the queries of one request and their time."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.seconds += time.perf_counter() - started


def get(client: Client, url: str):
    """The response, read to its end (a streamed CSV is made as it is read)."""
    response = client.get(url)
    if getattr(response, "streaming", False):
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response, size


def measure(
    page: Page, repeat: int, naive_repeat: int, vocabulary: naive.Vocabulary, budget: float = 60
) -> Measured:
    """One warm-up of each, then the app and the naive form in turn, so that whatever else
    the machine does falls on both. Either side stops early, after at least MIN_SAMPLES, once
    it has taken `budget` seconds: a slow page cannot hold the run for long."""
    client = Client(HTTP_HOST="127.0.0.1")
    request = naive.Request(page.url, vocabulary)
    result = Measured(page, Timing(), Timing())
    fresh = page.fresh or (lambda: None)
    fresh()
    get(client, page.url)
    if page.naive and naive_repeat:
        page.naive(request)
    sql = []
    for n in range(max(repeat, naive_repeat)):
        if n < repeat and (n < MIN_SAMPLES or sum(result.app.samples) < budget * 1000):
            fresh()
            timer = SqlTimer()
            with connection.execute_wrapper(timer):
                started = time.perf_counter()
                response, result.size = get(client, page.url)
                result.app.samples.append((time.perf_counter() - started) * 1000)
            sql.append(timer.seconds * 1000)
            result.queries, result.status = timer.queries, response.status_code
        naive_spent = sum(result.naive.samples)
        if page.naive and n < naive_repeat and (n < MIN_SAMPLES or naive_spent < budget * 1000):
            started = time.perf_counter()
            page.naive(request)
            result.naive.samples.append((time.perf_counter() - started) * 1000)
    result.sql_ms = statistics.median(sql) if sql else 0.0
    return result


def header() -> str:
    return (
        f"{'page':26} {'n':>5} {'app med':>8} {'app p95':>8} {'SQL ms':>7} {'queries':>7} "
        f"{'naive med':>9} {'naive p95':>9} {'ratio':>6} {'status':>6} {'KiB':>7}"
    )


def row(r: Measured) -> str:
    return (
        f"{r.page.label[:26]:26} {f'{len(r.app.samples)}/{len(r.naive.samples)}':>5} "
        f"{r.app.median:8.1f} {r.app.p95:8.1f} {r.sql_ms:7.1f} "
        f"{r.queries:7d} {fmt(r.naive.median, 9)} {fmt(r.naive.p95, 9)} "
        f"{fmt(r.ratio, 6, '.1f', 'x')} {r.status:6d} {r.size / 1024:7.0f}"
    )


def fmt(value: float, width: int, spec: str = ".1f", suffix: str = "") -> str:
    text = "-" if math.isnan(value) else f"{value:{spec}}{suffix}"
    return f"{text:>{width}}"
