import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from ingest.formats.errors import BadDocument
from ingest.importer import import_paths
from ingest.sources import as_sources, read_url_list


def sources_from(paths: list[str], urls_file: Path | None) -> list[Path | str]:
    try:
        return as_sources(paths) + (read_url_list(urls_file) if urls_file else [])
    except BadDocument as exc:
        raise CommandError(str(exc)) from None


def shard_from(value: str | None) -> tuple[int, int] | None:
    """`--shard i/N` as (i, N), 0 <= i < N."""
    if value is None:
        return None
    index, slash, count = value.partition("/")
    if slash and index.isdigit() and count.isdigit() and int(index) < int(count):
        return int(index), int(count)
    raise CommandError(
        f"--shard must be i/N with 0 <= i < N (0/3, 1/3 and 2/3 split the files in three), "
        f"not {value!r}"
    )


class Command(BaseCommand):
    help = (
        "Import notices into the catalogue: files and folders (.txt, .html, .pdf, .eml, .docx, "
        "any Japanese encoding or UTF-16) and http(s) URLs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="files, folders or http(s) URLs (default: seeds/)"
        )
        parser.add_argument(
            "--urls", type=Path, metavar="FILE", help="a file of URLs to fetch, one per line"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="import text that looks like no notice or mis-decoded (flagged for review)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="extract and report, save nothing"
        )
        parser.add_argument(
            "--jobs", type=int, default=1, help="extract in this many processes (default 1)"
        )
        parser.add_argument(
            "--shard",
            metavar="i/N",
            help="import only part i (0 to N-1) of N of the files, split by a hash of each "
            "file's path: N commands, on N machines, share one import",
        )

    def handle(self, *args, paths, urls, force, dry_run, jobs, shard, verbosity, **options):
        if jobs < 1:
            raise CommandError("--jobs must be 1 or more")
        part = shard_from(shard)
        sources = sources_from(paths, urls)
        if not sources and urls is None:
            sources = [Path(settings.BASE_DIR) / "seeds"]
        show_bar = verbosity >= 1 and sys.stderr.isatty()
        try:
            summary = import_paths(
                sources,
                dry_run=dry_run,
                progress=self.progress if show_bar else None,
                jobs=jobs,
                force=force,
                shard=part,
            )
        except DatabaseError as exc:
            raise CommandError(f"database error: {str(exc).strip().splitlines()[0]}") from None
        finally:
            if show_bar:
                sys.stderr.write("\r\033[K")
        if verbosity >= 2:
            for source, reason in summary.skips:
                self.stdout.write(f"SKIPPED {source}: {reason}")
        for source, reason in summary.failures:
            self.stderr.write(f"FAILED {source}: {reason}")
        prefix = ("dry run: " if dry_run else "") + (f"shard {shard}: " if part else "")
        self.stdout.write(f"{prefix}{summary.line()}")
        if summary.interrupted:
            raise CommandError("interrupted: the files above were imported, the rest were not")
        if summary.failed:
            raise CommandError(f"{summary.failed} file(s) could not be imported (see above)")

    def progress(self, n, total, source):
        width = 30
        done = int(width * n / total) if total else width
        bar = "#" * done + "-" * (width - done)
        name = str(source).rstrip("/").rsplit("/", 1)[-1]
        sys.stderr.write(f"\r[{bar}] {n}/{total} {name[:40]}\033[K")
        sys.stderr.flush()
