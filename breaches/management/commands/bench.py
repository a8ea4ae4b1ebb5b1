"""`manage.py bench`: import throughput and page latencies on a generated catalogue.

Everything runs inside one transaction that is rolled back, so the catalogue is left as it was.
Prints figures; asserts nothing (targets are read off the output, never timed in tests).
"""

import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from breaches.models import ForensicFirm, Incident
from ingest.extract import vocab
from ingest.importer import import_paths


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark bulk import and the catalogue's pages on generated data (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=20000, help="generated incidents")
        parser.add_argument("--notices", type=int, default=100, help="notice files to import")
        parser.add_argument("--repeat", type=int, default=5, help="requests per page")

    def handle(self, *args, incidents, notices, repeat, **options):
        self.bench_parallel_import(notices)
        try:
            with transaction.atomic():
                self.bench_import(notices)
                self.generate(incidents)
                self.bench_pages(repeat)
                self.bench_long_notice_search(repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("(all benchmark data rolled back)")

    def bench_parallel_import(self, count: int) -> None:
        """--jobs 1 against --jobs 2, as dry runs: worker processes commit on their own
        connections, which the rollback of the other figures could not undo."""
        with tempfile.TemporaryDirectory() as folder:
            write_notices(Path(folder), count)
            for jobs in (1, 2):
                started = time.perf_counter()
                import_paths([Path(folder)], dry_run=True, jobs=jobs)
                seconds = time.perf_counter() - started
                self.stdout.write(
                    f"import --dry-run --jobs {jobs}: {count} notices in {seconds:.1f} s = "
                    f"{count / seconds:.1f} docs/s"
                )

    def bench_import(self, count: int) -> None:
        with tempfile.TemporaryDirectory() as folder:
            chars = write_notices(Path(folder), count)
            started = time.perf_counter()
            summary = import_paths([Path(folder)])
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        self.stdout.write(
            f"import: {count} notices ({chars:,} chars) in {seconds:.1f} s = "
            f"{count / seconds:.1f} docs/s, {chars / seconds:,.0f} chars/s; "
            f"peak RSS {peak / 2**20:.0f} MiB; {summary.line()}"
        )

    def generate(self, count: int) -> None:
        rng = random.Random(7)
        firms = list(ForensicFirm.objects.all()) + [None]
        codes = {kind: vocab.codes(kind) for kind in ("causes", "card_data", "personal_data")}
        discoverers = vocab.codes("discoverers")
        rows = []
        for n in range(count):
            discovered = rng.randrange(730000, 739000)  # ordinal days, 1999-2024
            ttd = rng.choice([None, rng.randrange(0, 800)])
            rows.append(
                Incident(
                    organization=f"株式会社ベンチ{n}",
                    sites=[f"shop{n}.example.jp"],
                    discovered_on=_date(discovered),
                    first_disclosed_on=_date(discovered + ttd) if ttd is not None else None,
                    published_on=_date(discovered + (ttd or 30)),
                    discovered_by=rng.choice(discoverers),
                    forensic_firm=rng.choice(firms),
                    forensic_investigation=rng.random() < 0.8,
                    causes=rng.sample(codes["causes"], rng.randint(1, 3)),
                    card_data=rng.sample(codes["card_data"], rng.randint(0, 4)),
                    personal_data=rng.sample(codes["personal_data"], rng.randint(0, 4)),
                    records_max=rng.choice([None, int(10 ** rng.uniform(1, 6))]),
                    report_stage=rng.choice(["initial", "update", "final"]),
                )
            )
        started = time.perf_counter()
        Incident.objects.bulk_create(rows, batch_size=2000)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE breaches_incident SET search_vector = array_to_tsvector("
                "ARRAY['クレジット', 'カード', 'クレジットカード', '不正', 'アクセス', '漏洩'])"
            )
            cursor.execute("ANALYZE breaches_incident")
        self.stdout.write(
            f"generated {count:,} incidents in {time.perf_counter() - started:.1f} s "
            f"({Incident.objects.count():,} in the catalogue)"
        )

    def bench_pages(self, repeat: int) -> None:
        client = Client(HTTP_HOST="127.0.0.1")
        pages = [
            "/",
            "/?cause=sql_injection",
            "/?forensic_firm=verizon&forensic_firm=unnamed&card_data=security_code",
            "/?q=カード",
            "/?ttd=gt365&sort=-records",
            "/api/incidents/",
            "/api/incidents/?cause=malware&year=2015",
            "/incidents.csv?cause=malware",
            "/incidents.xlsx?cause=malware",
            "/api/veris.zip?cause=malware",
            "/feed/",
            "/insights/",
        ]
        self.stdout.write(f"{'page':70} {'median ms':>9} {'max ms':>8} {'queries':>7} status")
        for url in pages:
            times = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    if response.streaming:  # a streamed export is made as it is read
                        b"".join(response.streaming_content)
                    times.append((time.perf_counter() - started) * 1000)
            self.stdout.write(
                f"{url:70} {statistics.median(times):9.1f} {max(times):8.1f} "
                f"{len(queries):7d} {response.status_code}"
            )

    def bench_long_notice_search(self, repeat: int) -> None:
        """A 2-million-character notice that a search matches only through its organisation:
        its snippet tokenises one window, not the notice (cold: nothing cached yet)."""
        from django.core.cache import cache

        from breaches.models import Disclosure

        line = "当社が運営するウェブサイトにおいて、第三者による不正アクセスを受けました。\n"
        text = line * (2_000_000 // len(line))
        incident = Incident.objects.create(organization="株式会社ペンギン堂")
        Disclosure.objects.create(
            incident=incident, source_key="/bench/long.txt", text=text, content_hash="bench-long"
        )
        incident.resolve()
        client = Client(HTTP_HOST="127.0.0.1")
        url = "/?q=ペンギン"
        for label in ("cold", "warm"):
            times = []
            for _ in range(repeat):
                if label == "cold":
                    cache.clear()
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            self.stdout.write(
                f"{url + f' ({len(text):,}-char notice, {label})':70} "
                f"{statistics.median(times):9.1f} {max(times):8.1f} {'':>7} {response.status_code}"
            )


def write_notices(folder: Path, count: int) -> int:
    """`count` distinct notice files made from the seeds; returns their characters."""
    seeds = sorted(Path(settings.BASE_DIR, "seeds").glob("*.txt"))
    chars = 0
    for n in range(count):
        text = seeds[n % len(seeds)].read_text("utf-8") + f"\n(bench copy {n})\n"
        chars += len(text)
        Path(folder, f"notice-{n:05d}.txt").write_text(text, encoding="utf-8")
    return chars


def _date(ordinal: int):
    import datetime as dt

    return dt.date.fromordinal(ordinal)
