"""The closing table: every figure of the run next to the target issue 15 sets for it."""

import math
from dataclasses import dataclass

from .ingest import IngestFigures
from .load import LoadResult
from .pages import Measured, percentile

GAIN = 10  # at 1M, each page at least this many times faster than its naive form
LOAD_RATE, LOAD_P95 = 40, 500  # 20 clients at 100k: req/s, ms
INGEST_SHARE, JOBS2_GAIN, NOOP_RATE = 0.6, 1.7, 500


@dataclass(frozen=True)
class Row:
    what: str
    naive: str
    app: str
    ratio: str
    target: str
    met: bool | None  # None: reported, no target

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT MET", None: ""}[self.met]


def ms_pair(median: float, p95: float) -> str:
    if math.isnan(median):
        return "-"
    return f"{median:,.0f} / {p95:,.0f}"


def page_rows(results: list[Measured], scale: str, million: bool) -> list[Row]:
    rows = []
    for r in results:
        ratio = "-" if math.isnan(r.ratio) else f"{r.ratio:,.1f}x"
        limit = r.page.target_1m if million else r.page.target_100k
        targets, met = [], None
        if limit is not None:
            targets.append(f"p95 <= {limit:.0f} ms")
            met = r.app.p95 <= limit
        if million and r.page.gain:
            targets.append(f">= {GAIN}x")
            met = (met is not False) and not math.isnan(r.ratio) and r.ratio >= GAIN
        naive_ms, app_ms = ms_pair(r.naive.median, r.naive.p95), ms_pair(r.app.median, r.app.p95)
        goal = ", ".join(targets)
        rows.append(Row(f"{r.page.label} @{scale}", naive_ms, app_ms, ratio, goal, met))
    return rows


def load_row(load: LoadResult, scale: str, target: bool) -> Row:
    every = load.all_ms
    p50, p95 = percentile(every, 50), percentile(every, 95)
    figure = f"{load.per_second:.1f} req/s, {p50:,.0f} / {p95:,.0f} ms, {len(load.errors)} err"
    met = None
    if target:
        met = load.per_second >= LOAD_RATE and p95 <= LOAD_P95 and not load.errors
    goal = f">= {LOAD_RATE} req/s, p95 <= {LOAD_P95} ms, 0 errors" if target else ""
    cache = "page cache on" if load.page_cache else "rendering each time"
    return Row(f"load, {load.clients} clients @{scale} ({cache})", "", figure, "", goal, met)


def ingest_rows(figures: IngestFigures) -> list[Row]:
    share = figures.jobs1.per_second / figures.extract.per_second
    gain = figures.jobs2.per_second / figures.jobs1.per_second
    return [
        Row("ingest --jobs 1 vs extract()", f"{figures.extract.per_second:.1f} docs/s",
            f"{figures.jobs1.per_second:.1f} docs/s", f"{share:.0%}",
            f">= {INGEST_SHARE:.0%} of extract()", share >= INGEST_SHARE),
        Row("ingest --jobs 2 vs --jobs 1", f"{figures.jobs1.per_second:.1f} docs/s",
            f"{figures.jobs2.per_second:.1f} docs/s", f"{gain:.2f}x", f">= {JOBS2_GAIN}x",
            gain >= JOBS2_GAIN),
        Row("ingest again, nothing to do", "", f"{figures.noop.per_second:,.0f} docs/s", "",
            f">= {NOOP_RATE} docs/s", figures.noop.per_second >= NOOP_RATE),
    ]  # fmt: skip


def memory_row(memory: dict) -> Row:
    figure = (f"peak {memory['peak_mib']:.0f} MiB (baseline {memory['baseline_mib']:.0f}), "
              f"{memory['seconds']:.1f} s")  # fmt: skip
    return Row(f"CSV of {memory['rows']:,} rows, peak RSS", "", figure, "", "reported", None)


def table(rows: list[Row]) -> str:
    head = Row("what", "naive med / p95 ms", "app med / p95 ms", "ratio", "target", None)
    widths = [max(len(getattr(r, name)) for r in [head, *rows])
              for name in ("what", "naive", "app", "ratio", "target")]  # fmt: skip
    lines = []
    for row in [head, *rows]:
        cells = [row.what, row.naive, row.app, row.ratio, row.target]
        text = " | ".join(c.ljust(w) if i in (0, 4) else c.rjust(w)
                          for i, (c, w) in enumerate(zip(cells, widths, strict=True)))  # fmt: skip
        lines.append(f"{text} | {row.verdict if row is not head else 'verdict'}")
        if row is head:
            lines.append("-" * len(lines[0]))
    met = sum(r.met is True for r in rows)
    judged = sum(r.met is not None for r in rows)
    lines.append(f"{met} of {judged} targets met")
    return "\n".join(lines)


def peer_rows(results: list, scale: str) -> list[Row]:
    """Each page beside Datasette's (peer.Compared): ahead when ours is faster at the median
    and at p95. Datasette's figures stand in the naive column."""
    rows = []
    for r in results:
        ours = ms_pair(r.ours.median, r.ours.p95)
        what = f"{r.page.label} @{scale} vs Datasette"
        if r.peer_url is None:
            rows.append(Row(what, "-", ours, "", "no Datasette equivalent", None))
            continue
        peer = f"Datasette {ms_pair(r.peer.median, r.peer.p95)}"
        ratio = "-" if math.isnan(r.ratio) else f"{r.ratio:,.1f}x"
        target = "ahead of Datasette (median, p95)"
        if r.uncounted:  # a like-for-like page counts the same facets on both sides
            target += f"; ours left {len(r.uncounted)} facets uncounted"
        if r.timed_out:
            target += f"; Datasette timed out on {len(r.timed_out)}"
        rows.append(Row(what, peer, ours, ratio, target, r.ahead))
    return rows
