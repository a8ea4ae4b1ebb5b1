"""One bench run, section by section, in a throwaway database; each section prints as it
ends and adds its rows to the summary."""

import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import unquote

from django.core.cache import cache
from django.db import connection
from django.test import Client

from breaches.models import Disclosure, Incident
from config import heap

from . import generate, ingest, load, memory, naive, pages, peer, summary

MILLION = 1_000_000


@dataclass(frozen=True)
class Options:
    incidents: int = 100_000
    million: bool = False
    repeat: int = 20
    naive_repeat: int = 5
    page_budget: float = 60  # seconds of requests per page and side
    notices: int = 100
    clients: int = 20
    load_seconds: float = 30
    workers: int = 2  # config/gunicorn.py's default, as `make run` serves
    pool: int = generate.POOL_SIZE
    peer: bool = True  # Datasette beside the app (peer.py), at the base scale


@dataclass
class Run:
    options: Options
    write: Callable[[str], None]
    rows: list[summary.Row] = field(default_factory=list)
    generated: tuple[int, int] = (0, 0)  # first and last generated id

    def section(self, title: str) -> None:
        self.write(f"\n== {title}")

    def all(self) -> None:
        options = self.options
        base = scale(options.incidents)
        self.generate(options.incidents)
        self.ingest()
        self.pages(base, million=False)
        if options.peer:
            self.peer(base)
        self.long_notice_search()
        self.csv_memory()
        self.load(base, target=True)
        if options.million:
            self.generate(MILLION - Incident.objects.count())
            self.pages("1M", million=True)
            self.load("1M", target=False)
        self.section("Summary")
        self.write(summary.table(self.rows))

    def generate(self, count: int) -> None:
        filled = generate.fill(count, pool_size=self.options.pool)
        first = self.generated[0] or filled.first_id
        self.generated = (first, filled.last_id)
        total = Incident.objects.count()
        phases = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in filled.phases.items())
        self.section(f"Generated catalogue: {total:,} incidents")
        self.write(f"{count:,} incidents generated in {filled.seconds:.0f} s ({phases})")
        for line in catalogue_facts():
            self.write(line)

    def ingest(self) -> None:
        count = self.options.notices
        self.section(f"Ingest: {count} notices a set, into the generated catalogue")
        figures = ingest.run(count)
        for line in figures.lines():
            self.write(line)
        self.rows += summary.ingest_rows(figures)

    def pages(self, label: str, *, million: bool) -> None:
        repeat, naive_repeat = self.options.repeat, self.options.naive_repeat
        if million:  # a naive page takes seconds there
            naive_repeat = min(naive_repeat, 3)
        self.section(
            f"Pages at {Incident.objects.count():,} incidents (n: app/naive requests after one "
            f"warm-up each, at most {self.options.page_budget:.0f} s a side; each request "
            "renders its page, no page cache; ms)"
        )
        detail = self.detail_id()
        vocabulary = naive.Vocabulary()
        # Timed as a served process runs (config/wsgi.py): what it holds by now frozen out of
        # the garbage collector's reach, for the app and the naive forms alike.
        heap.settle()
        results = []
        self.write(pages.header())
        for page in pages.pages(detail):
            # The CSV of a cause reads thousands of rows a request: fewer of them.
            page_repeat = min(repeat, 5) if page.key == "csv" else repeat
            budget = self.options.page_budget
            results.append(pages.measure(page, page_repeat, naive_repeat, vocabulary, budget))
            self.write(pages.row(results[-1]))
        for r in results:
            self.write(f"  {r.page.label:26} {unquote(r.page.url)}")
        self.rows += summary.page_rows(results, label, million)

    def detail_id(self) -> int:
        """The incident page timed: the first generated incident with a follow-up notice."""
        return (
            Incident.objects.filter(has_followup=True, pk__range=self.generated)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        ) or self.generated[0]

    def peer(self, label: str) -> None:
        options = self.options
        self.section(f"Datasette beside the app at {Incident.objects.count():,} incidents (ms)")
        results = peer.run(self.detail_id(), repeat=options.repeat, budget=options.page_budget,
                           write=self.write)  # fmt: skip
        self.rows += summary.peer_rows(results, label)

    def long_notice_search(self) -> None:
        """A 2-million-character notice that a search matches only through its organisation:
        its snippet tokenises one window, not the notice (cold: nothing cached)."""
        self.section("Long notice search")
        line = "当社が運営するウェブサイトにおいて、第三者による不正アクセスを受けました。\n"
        text = line * (2_000_000 // len(line))
        incident = Incident.objects.create(organization="株式会社ペンギン堂")
        Disclosure.objects.create(incident=incident, source_key="/bench/long.txt", text=text,
                                  content_hash="bench-long")  # fmt: skip
        incident.resolve()
        client = Client(HTTP_HOST="127.0.0.1")
        url = "/?q=ペンギン"
        for label in ("cold", "warm"):
            times = []
            for _ in range(max(2, self.options.repeat // 4)):
                if label == "cold":
                    cache.clear()
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            self.write(
                f"{url} ({len(text):,}-character notice, {label}): median "
                f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms, "
                f"HTTP {response.status_code}"
            )

    def csv_memory(self) -> None:
        self.section("CSV export memory (the whole catalogue, a process of its own)")
        figures = memory.measure("/incidents.csv")
        self.write(
            f"{figures['rows']:,} rows, {figures['bytes'] / 2**20:,.0f} MiB in "
            f"{figures['seconds']:.1f} s; peak RSS {figures['peak_mib']:.0f} MiB "
            f"(after imports and a first request: {figures['baseline_mib']:.0f} MiB); "
            f"HTTP {figures['status']}"
        )
        self.rows.append(summary.memory_row(figures))

    def load(self, label: str, *, target: bool) -> None:
        """Twice: each request rendering its page, then as `make run` serves (the page cache
        on: a list or incident asked for again is read from its rendering)."""
        options = self.options
        self.section(f"Load test at {Incident.objects.count():,} incidents (loopback gunicorn)")
        for page_cache in (False, True):
            result = load.run(*self.generated, clients=options.clients,
                              seconds=options.load_seconds, workers=options.workers,
                              page_cache=page_cache)  # fmt: skip
            for line in result.lines():
                self.write(line)
            self.rows.append(summary.load_row(result, label, target and page_cache))


def scale(count: int) -> str:
    if count >= MILLION and count % MILLION == 0:
        return f"{count // MILLION}M"
    if count >= 1000 and count % 1000 == 0:
        return f"{count // 1000}k"
    return str(count)


def catalogue_facts() -> list[str]:
    """What the pages read: sizes, lexemes, how many incidents each search term matches."""
    from breaches.filters import query_terms

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), avg(length(text)), sum(pg_column_size(text)) FROM breaches_disclosure"
        )
        notices, chars, stored = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), avg(length(search_vector)) FROM breaches_incident "
            "WHERE search_vector IS NOT NULL"
        )
        incidents, lexemes = cursor.fetchone()
        matches = []
        for word in (generate.COMMON_SEARCH, generate.RARE_SEARCH):
            query = " & ".join(f"'{t}'" for t in query_terms(word))
            cursor.execute(
                "SELECT count(*) FROM breaches_incident WHERE search_vector @@ %s::tsquery", [query]
            )
            n = cursor.fetchone()[0]
            matches.append(f"{word} {n:,} ({100 * n / max(1, incidents):.2f}%)")
        cursor.execute(
            "SELECT pg_total_relation_size('breaches_incident'), "
            "pg_total_relation_size('breaches_disclosure'), "
            "coalesce((SELECT pg_relation_size(indexrelid) FROM pg_index "
            "WHERE indexrelid = 'incident_search'::regclass), 0)"
        )
        incident_bytes, disclosure_bytes, search_bytes = cursor.fetchone()
    mib = 2**20
    return [
        f"{notices:,} notices of {chars or 0:,.0f} characters on average "
        f"({(stored or 0) / max(1, notices) / 1024:.1f} KiB stored); search vectors of "
        f"{lexemes or 0:,.0f} lexemes on average",
        "incidents matching " + ", ".join(matches),
        f"tables with indexes and TOAST: incidents {incident_bytes / mib:,.0f} MiB (search "
        f"index {search_bytes / mib:,.0f} MiB), notices {disclosure_bytes / mib:,.0f} MiB",
    ]


@contextmanager
def throwaway_database(name: str, *, keep: bool = False):
    """A database of its own, migrated, that this process's connection uses until the end;
    dropped then unless `keep`."""
    creation = connection.creation
    if name == connection.settings_dict["NAME"]:
        raise ValueError(f"{name} is the database in use, not a throwaway one")
    test = connection.settings_dict["TEST"]
    saved = test.get("NAME")
    # The name to go back to (create_test_db returns the new one).
    old_name = connection.settings_dict["NAME"]
    test["NAME"] = name
    drop(name)
    try:
        creation.create_test_db(verbosity=0, autoclobber=True)
    finally:
        test["NAME"] = saved
    try:
        yield name
    finally:
        # keepdb: the names go back; the database goes below, whoever is still connected.
        creation.destroy_test_db(old_name, verbosity=0, keepdb=True)
        if not keep:
            drop(name)


def drop(name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None
