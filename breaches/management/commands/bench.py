"""`manage.py bench` (`make bench`): a generated catalogue of 100,000 incidents (and with
--million, of 1,000,000) in a throwaway database; ingest throughput, the pages next to their
naive forms and beside Datasette's, a CSV's memory, a loopback load test, and a summary against
issue 15's targets.
Prints figures; asserts nothing. See breaches/bench/ and README "Performance"."""

import time

from django.conf import settings as django_settings
from django.core.management.base import BaseCommand

from breaches.bench import generate
from breaches.bench.run import Options, Run, throwaway_database


class Command(BaseCommand):
    help = "Benchmark import, pages and load on a generated catalogue (throwaway database)."

    def add_arguments(self, parser):
        parser.add_argument("--incidents", type=int, default=100_000, help="generated incidents")
        parser.add_argument(
            "--million", action="store_true", help="then grow to 1,000,000 incidents and again"
        )
        parser.add_argument("--repeat", type=int, default=20, help="requests per page")
        parser.add_argument(
            "--naive-repeat", type=int, default=5, help="runs of each naive form (3 at 1M)"
        )
        parser.add_argument(
            "--page-budget", type=float, default=60, help="seconds per page and side, at most"
        )
        parser.add_argument("--notices", type=int, default=100, help="notices per import set")
        parser.add_argument("--clients", type=int, default=20, help="load test client threads")
        parser.add_argument("--load-seconds", type=float, default=30, help="load test length")
        parser.add_argument(
            "--workers", type=int, default=2, help="gunicorn workers (make run's default: 2)"
        )
        parser.add_argument(
            "--pool", type=int, default=generate.POOL_SIZE, help="distinct generated notices"
        )
        parser.add_argument(
            "--no-peer", dest="peer", action="store_false", help="skip the Datasette comparison"
        )
        parser.add_argument("--database", default="bench_catalogue", help="throwaway database")
        parser.add_argument("--keep", action="store_true", help="keep the database at the end")

    def handle(self, *args, database, keep, **options):
        started = time.perf_counter()
        # The pages are timed doing their work: asked again, a page would be read from its
        # rendering (pagecache). The load test runs both ways.
        django_settings.PAGE_CACHE_SECONDS = 0
        settings = Options(**{k: options[k] for k in Options.__dataclass_fields__})
        with throwaway_database(database, keep=keep):
            self.stdout.write(f"throwaway database {database} (migrated)")
            Run(settings, self.stdout.write).all()
        minutes = (time.perf_counter() - started) / 60
        kept = f"; kept: EMBEDDED_PG_DBNAME={database} make run" if keep else " (dropped)"
        self.stdout.write(f"\nbench finished in {minutes:.1f} min{kept}")

    def generate(self, count: int) -> None:
        """`count` generated incidents in the current database (check_reliability's filler)."""
        filled = generate.fill(count, pool_size=min(generate.POOL_SIZE, max(20, count // 20)))
        self.stdout.write(f"generated {count:,} incidents in {filled.seconds:.1f} s")
