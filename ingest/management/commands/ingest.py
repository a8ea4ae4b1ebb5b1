import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from ingest.importer import import_paths


class Command(BaseCommand):
    help = "Import notice files (.txt, .html) and folders of them into the catalogue."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="files or folders (default: seeds/)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="extract and report, save nothing"
        )
        parser.add_argument(
            "--jobs", type=int, default=1, help="extract in this many processes (default 1)"
        )

    def handle(self, *args, paths, dry_run, jobs, verbosity, **options):
        if jobs < 1:
            raise CommandError("--jobs must be 1 or more")
        paths = paths or [Path(settings.BASE_DIR) / "seeds"]
        show_bar = verbosity >= 1 and sys.stderr.isatty()
        try:
            summary = import_paths(
                paths, dry_run=dry_run, progress=self.progress if show_bar else None, jobs=jobs
            )
        except DatabaseError as exc:
            raise CommandError(f"database error: {str(exc).strip().splitlines()[0]}") from None
        finally:
            if show_bar:
                sys.stderr.write("\r\033[K")
        for path, reason in summary.failures:
            self.stderr.write(f"FAILED {path}: {reason}")
        prefix = "dry run: " if dry_run else ""
        self.stdout.write(f"{prefix}{summary.line()}")
        if summary.interrupted:
            raise CommandError("interrupted: the files above were imported, the rest were not")
        if summary.failed:
            raise CommandError(f"{summary.failed} file(s) could not be imported (see above)")

    def progress(self, n, total, path):
        width = 30
        done = int(width * n / total) if total else width
        bar = "#" * done + "-" * (width - done)
        sys.stderr.write(f"\r[{bar}] {n}/{total} {path.name[:40]}\033[K")
        sys.stderr.flush()
