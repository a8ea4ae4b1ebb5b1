"""Datasette beside the app, on the same generated catalogue (issue 15: "ahead of Datasette on
every page of the comparison at 100k").

The catalogue goes to SQLite the way one would publish it with Datasette: one `incidents`
table with the facet columns (JSON arrays for the array facets, Datasette's `_facet_array`),
indexes on the others, and a contentless FTS5 table of each incident's search terms (the
lexemes of its search vector: the Sudachi terms our search matches). Datasette 0.65.5 runs
from a venv of its own under var/bench, never from the project's requirements, with the same
nine facets, 20 rows a page and the same sort. Each page is timed over loopback HTTP on both
sides (gunicorn serving the app, `datasette serve -i`), in turn, after one warm-up each.
"""

import http.client
import json
import math
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from django.conf import settings
from django.db import connection
from django.http import QueryDict

from breaches.api_schema import PAGE_SIZE as API_PAGE_SIZE
from breaches.filters import RECORD_BUCKETS, UNNAMED, IncidentFilter, query_terms
from breaches.models import Incident, ttd_bucket

from . import pages
from .generate import COMMON_SEARCH, RARE_SEARCH
from .load import Served, Server, free_port
from .pages import Timing

DATASETTE = "datasette==0.65.5"
HTML_PAGE_SIZE = 20  # breaches.views.PAGE_SIZE
BATCH = 2000  # rows of a few KiB of terms each: the bench process stays small
# High enough that every facet of a 100k page is counted, as the app counts all of its own:
# a facet Datasette gives up on is reported next to its timing, not silently dropped.
FACET_TIME_LIMIT_MS = 5000
SQL_TIME_LIMIT_MS = 20000
REQUEST_TIMEOUT = 120
FACETS = [{"array": "causes"}, "forensic_firm", {"array": "card_data"},
          {"array": "personal_data"}, "discovered_by", "year", "ttd", "records",
          {"array": "chain"}]  # fmt: skip
COLUMNS = (
    "id INTEGER PRIMARY KEY, organization TEXT, first_disclosed_on TEXT, year INTEGER, "
    "discovered_by TEXT, forensic_firm TEXT, records_max INTEGER, records TEXT, "
    "ttd_days INTEGER, ttd TEXT, causes TEXT, card_data TEXT, personal_data TEXT, chain TEXT"
)
INDEXES = {
    "first_disclosed_on": "first_disclosed_on DESC, id",
    "year": "year",
    "discovered_by": "discovered_by",
    "forensic_firm": "forensic_firm",
    "records": "records",
    "ttd": "ttd",
    "records_max": "records_max",
    "ttd_days": "ttd_days",
}
SELECT = """
    SELECT i.id, i.organization, i.first_disclosed_on, i.discovered_by,
           i.forensic_investigation, f.name, i.records_max, i.ttd_days, i.causes, i.card_data,
           i.personal_data, i.has_followup, i.has_revision, i.count_changed,
           coalesce(array_to_string(tsvector_to_array(i.search_vector), ' '), '')
    FROM breaches_incident i LEFT JOIN breaches_forensicfirm f ON f.id = i.forensic_firm_id
    WHERE i.id > %s ORDER BY i.id LIMIT %s
"""


class Unavailable(Exception):
    """Datasette could not be installed or started: the section is skipped, with this reason."""


def peer_dir() -> Path:
    return Path(settings.BASE_DIR, "var", "bench", "peer")


# The SQLite copy ------------------------------------------------------------------------------


def export(path: Path, batch: int = BATCH) -> int:
    """The current database's incidents as `path` (replaced whole); the number of rows. Reads
    `batch` incidents at a time by id, so memory stays the same at any size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        db.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            f"CREATE TABLE incidents ({COLUMNS});"
            "CREATE VIRTUAL TABLE incidents_fts USING fts5(terms, content='', "
            "tokenize='unicode61 remove_diacritics 0');"
        )
        count, last = 0, 0
        with connection.cursor() as cursor:
            while True:
                cursor.execute(SELECT, [last, batch])
                fetched = cursor.fetchall()
                if not fetched:
                    break
                rows = [sqlite_row(r) for r in fetched]
                db.executemany(f"INSERT INTO incidents VALUES ({', '.join('?' * 14)})", rows)
                db.executemany(
                    "INSERT INTO incidents_fts (rowid, terms) VALUES (?, ?)",
                    [(r[0], r[-1]) for r in fetched],
                )
                count, last = count + len(fetched), fetched[-1][0]
        for name, columns in INDEXES.items():
            db.execute(f"CREATE INDEX incidents_{name} ON incidents ({columns})")
        # What `sqlite-utils optimize` and `analyze` do before publishing.
        db.execute("INSERT INTO incidents_fts (incidents_fts) VALUES ('optimize')")
        db.execute("ANALYZE")
        db.commit()
    finally:
        db.close()
    partial.replace(path)
    return count


def sqlite_row(row: tuple) -> tuple:
    """One incident as the facets see it: codes for the buckets, JSON arrays for the lists."""
    (pk, organization, disclosed, discovered_by, investigated, firm, records, ttd, causes,
     card_data, personal_data, followup, revised, count_changed, _terms) = row  # fmt: skip
    chain = [name for name, flag in (("followup", followup), ("revised", revised),
                                     ("count_changed", count_changed)) if flag]  # fmt: skip
    return (
        pk,
        organization,
        disclosed.isoformat() if disclosed else None,
        disclosed.year if disclosed else None,
        discovered_by or None,
        firm or (UNNAMED if investigated else None),
        records,
        records_bucket(records),
        ttd,
        ttd_bucket(ttd),
        json.dumps(causes, ensure_ascii=False),
        json.dumps(card_data, ensure_ascii=False),
        json.dumps(personal_data, ensure_ascii=False),
        json.dumps(chain),
    )


def records_bucket(n: int | None) -> str:
    if n is None:
        return "unknown"
    return next(
        (code for code, low, high in RECORD_BUCKETS
         if (low is None or n >= low) and (high is None or n <= high)), "lt1k",
    )  # fmt: skip


def metadata() -> dict:
    table = {"facets": FACETS, "sort_desc": "first_disclosed_on", "size": HTML_PAGE_SIZE,
             "fts_table": "incidents_fts", "fts_pk": "id"}  # fmt: skip
    return {"databases": {"peer": {"tables": {"incidents": table}}}}


# Datasette -----------------------------------------------------------------------------------


def install(venv: Path, python: str = sys.executable) -> Path:
    """The `datasette` command of `venv`, made and pip-installed there when missing."""
    binary = venv / "bin" / "datasette"
    pinned = DATASETTE.split("==")[1]
    if binary.exists() and installed_version(venv) == pinned:
        return binary
    steps = ([python, "-m", "venv", "--clear", str(venv)],
             [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
              "--disable-pip-version-check", DATASETTE])  # fmt: skip
    for command in steps:
        try:
            subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            output = getattr(exc, "stderr", None) or str(exc)
            last = output.strip().splitlines()[-1:] or [type(exc).__name__]
            raise Unavailable(f"could not install {DATASETTE}: {last[0]}") from None
    return binary


def installed_version(venv: Path) -> str | None:
    command = [str(venv / "bin" / "python"), "-c",
               "import importlib.metadata as m; print(m.version('datasette'))"]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


class Datasette(Served):
    """`datasette serve -i` on a free loopback port; stopped on exit."""

    def __init__(self, binary: Path, database: Path):
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        meta = database.with_name("metadata.json")
        meta.write_text(json.dumps(metadata(), indent=2), encoding="utf-8")
        options = {"default_page_size": HTML_PAGE_SIZE, "facet_time_limit_ms":
                   FACET_TIME_LIMIT_MS, "sql_time_limit_ms": SQL_TIME_LIMIT_MS,
                   "suggest_facets": "off"}  # fmt: skip
        command = [str(binary), "serve", "-i", str(database), "--metadata", str(meta),
                   "--host", "127.0.0.1", "--port", str(self.port)]  # fmt: skip
        for name, value in options.items():
            command += ["--setting", name, str(value)]
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.log)
        except OSError as exc:
            raise Unavailable(f"could not start datasette: {exc}") from None

    def __enter__(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                message = f"datasette exited: {self.stderr()}"
                self.stop()
                raise Unavailable(message)
            try:
                if get(self.port, "/-/versions.json")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        message = f"datasette did not answer within 60 s: {self.stderr()}"
        self.stop()
        raise Unavailable(message)


# The comparison ------------------------------------------------------------------------------


def peer_urls(detail_id: int) -> dict[str, str | None]:
    """Datasette's page for each of pages.pages(), by key; None: it has no such page. A search
    is given the terms our search looks up (Sudachi's, which Datasette cannot make itself)."""
    common, rare = (quote(" ".join(query_terms(word))) for word in (COMMON_SEARCH, RARE_SEARCH))
    table = "/peer/incidents"
    one = "causes__arraycontains=sql_injection"
    three = ("causes__arraycontains=payment_page_tampering&"
             "card_data__arraycontains=security_code&discovered_by=card_company")  # fmt: skip
    api = f"_size={API_PAGE_SIZE}&_shape=objects"
    return {
        "list": table,
        "list1": f"{table}?{one}",
        "list3": f"{table}?{three}",
        "search": f"{table}?_search={common}",
        "rare": f"{table}?_search={rare}",
        "api": f"{table}.json?{api}",
        "api2": f"{table}.json?causes__arraycontains=malware&records=ge100k&{api}",
        "apisearch": f"{table}.json?_search={common}&{api}",
        "insights": None,  # charts of the filtered catalogue: nothing of Datasette's does that
        # Every matching row, as ours streams them; no facets or count, as ours has none. In id
        # order: streamed in date order, each of its 1,000-row pages took seconds (40 x at 100k).
        "csv": f"{table}.csv?causes__arraycontains=malware&_stream=on&_sort=id&_nofacet=1"
        "&_nocount=1",
        "detail": f"{table}/{detail_id}",
    }


@dataclass
class Compared:
    page: pages.Page
    peer_url: str | None
    ours: Timing = field(default_factory=Timing)
    peer: Timing = field(default_factory=Timing)
    status: tuple[int, int] = (0, 0)
    rows: tuple[int | None, int | None] = (None, None)  # matching incidents, ours and peer
    timed_out: list[str] = field(default_factory=list)  # facets Datasette gave up on
    uncounted: list[str] = field(default_factory=list)  # facets ours left without counts

    @property
    def ratio(self) -> float:
        """How many times faster ours is (Datasette's median over ours)."""
        if not self.peer.samples or not self.ours.samples:
            return math.nan
        return self.peer.median / self.ours.median

    @property
    def ahead(self) -> bool | None:
        """Ours answers sooner at the median and at p95; None without a Datasette page."""
        if not self.peer.samples:
            return None
        return self.ours.median < self.peer.median and self.ours.p95 < self.peer.p95


def get(port: int, path: str) -> tuple[int, float, int]:
    """Status, milliseconds and bytes of one GET, read to its end on a new connection."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        size = len(response.read())
        return response.status, (time.perf_counter() - started) * 1000, size
    finally:
        conn.close()


def compare(page: pages.Page, peer_url: str | None, ours: int, peer: int, repeat: int,
            budget: float) -> Compared:  # fmt: skip
    """One warm-up each, then the two sides in turn, which one goes first alternating, until
    `repeat` requests each or `budget` seconds a side (at least pages.MIN_SAMPLES)."""
    result = Compared(page, peer_url)
    sides = [(ours, page.url, result.ours)]
    if peer_url:
        sides.append((peer, peer_url, result.peer))
    statuses = {}
    for port, url, _timing in sides:
        get(port, url)
    for n in range(repeat):
        for port, url, timing in sides if n % 2 == 0 else sides[::-1]:
            if n >= pages.MIN_SAMPLES and sum(timing.samples) >= budget * 1000:
                continue
            status, ms, _size = get(port, url)
            timing.samples.append(ms)
            statuses[port] = status
    result.status = (statuses.get(ours, 0), statuses.get(peer, 0))
    return result


def check(result: Compared, ours: int, peer: int) -> None:
    """What the two pages hold: the incidents each side's filters match and the facets each
    left uncounted (ours within FACET_BUDGET_MS or past FACET_SEARCH_MAX, Datasette past its
    facet_time_limit_ms), from one more request to each JSON API."""
    if result.page.key in ("detail", "insights") or not result.peer_url:
        return
    query = urlsplit(result.page.url).query
    counted = IncidentFilter(QueryDict(query), queryset=Incident.objects.all()).qs.count()
    facets = result.page.key != "csv"  # neither side counts facets for a CSV
    if facets:
        params = [*parse_qsl(query), ("page_size", "1")]
        _status, data = get_json(ours, "/api/incidents/?" + urlencode(params))
        result.uncounted = [name for name, values in (data.get("facets") or {}).items()
                            if values and all(v["count"] is None for v in values)]  # fmt: skip
    params = [(k, v) for k, v in parse_qsl(urlsplit(result.peer_url).query)
              if not k.startswith("_") or k == "_search"]  # fmt: skip
    status, data = get_json(peer, "/peer/incidents.json?" + urlencode([*params, ("_size", "1")]))
    result.rows = (counted, data.get("filtered_table_rows_count") if status == 200 else None)
    if facets and status == 200:
        # The JSON leaves a timed-out facet out (only the HTML names it); an empty one is there.
        counted_there = data.get("facet_results") or {}
        result.timed_out = [name for name in facet_names() if name not in counted_there]


def facet_names() -> list[str]:
    return [f if isinstance(f, str) else next(iter(f.values())) for f in FACETS]


def get_json(port: int, path: str) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read()
        return response.status, json.loads(body) if response.status == 200 else {}
    finally:
        conn.close()


def run(detail_id: int, *, repeat: int, budget: float, write) -> list[Compared]:
    """The section: install, export, serve both, compare every page; [] when skipped."""
    try:
        started = time.perf_counter()
        binary = install(peer_dir().parent / "peer-venv")
        write(f"{DATASETTE} in var/bench/peer-venv ({time.perf_counter() - started:.0f} s)")
    except Unavailable as exc:
        write(f"Datasette comparison skipped: {exc}")
        return []
    database = peer_dir() / "peer.db"
    started = time.perf_counter()
    count = export(database)
    write(
        f"{count:,} incidents exported to SQLite ({database.stat().st_size / 2**20:,.0f} MiB, "
        f"FTS5 of the search terms) in {time.perf_counter() - started:.1f} s"
    )
    write(
        "both over loopback HTTP, one request at a time: gunicorn with 1 worker rendering "
        f"every page (page cache off); datasette "
        f"serve -i, facet_time_limit_ms={FACET_TIME_LIMIT_MS}, sql_time_limit_ms="
        f"{SQL_TIME_LIMIT_MS}, suggest_facets off, {HTML_PAGE_SIZE} rows a page "
        f"(JSON: {API_PAGE_SIZE}, as our API)"
    )
    urls = peer_urls(detail_id)
    results = []
    try:
        with Server(1) as ours, Datasette(binary, database) as peer:
            write(header())
            for page in pages.pages(detail_id):
                if page.fresh:
                    continue  # what it drops lives in the server's processes: not comparable
                page_repeat = min(repeat, 5) if page.key == "csv" else repeat
                result = compare(page, urls.get(page.key), ours.port, peer.port, page_repeat,
                                 budget)  # fmt: skip
                check(result, ours.port, peer.port)
                results.append(result)
                write(row(result))
    except Unavailable as exc:
        write(f"Datasette comparison stopped: {exc}")
        return results
    for r in results:
        write(f"  {r.page.label:26} {unquote(r.page.url)}  |  {unquote(r.peer_url or '(none)')}")
    return results


def header() -> str:
    return (
        f"{'page':26} {'n':>5} {'ours med':>8} {'ours p95':>8} {'DS med':>8} {'DS p95':>8} "
        f"{'ratio':>6} {'ahead':>5} {'status':>7} {'rows ours/DS':>15}  notes"
    )


def row(r: Compared) -> str:
    if r.peer_url is None:
        return (f"{r.page.label[:26]:26} {len(r.ours.samples):>5} {r.ours.median:8.1f} "
                f"{r.ours.p95:8.1f}  no Datasette equivalent")  # fmt: skip
    ahead = {True: "yes", False: "NO", None: "-"}[r.ahead]
    rows = "-" if r.rows[0] is None else f"{r.rows[0]:,}/{fmt_count(r.rows[1])}"
    notes = []
    if r.rows[0] is not None and r.rows[0] != r.rows[1]:
        notes.append("rows differ")
    if r.uncounted:
        notes.append(f"ours: {len(r.uncounted)} of {len(FACETS)} facets uncounted")
    if r.timed_out:
        notes.append(f"Datasette: {len(r.timed_out)} of {len(FACETS)} facets timed out")
    return (
        f"{r.page.label[:26]:26} {f'{len(r.ours.samples)}/{len(r.peer.samples)}':>5} "
        f"{r.ours.median:8.1f} {r.ours.p95:8.1f} {r.peer.median:8.1f} {r.peer.p95:8.1f} "
        f"{pages.fmt(r.ratio, 6, '.1f', 'x')} {ahead:>5} {f'{r.status[0]}/{r.status[1]}':>7} "
        f"{rows:>15}  {'; '.join(notes)}"
    )


def fmt_count(n: int | None) -> str:
    return "?" if n is None else f"{n:,}"
