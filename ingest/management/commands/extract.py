import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.extract import extract
from ingest.sources import BadDocument, read_document


def extract_rows(paths: list[Path], *, evidence: bool = False, problems: list | None = None):
    """One row per file: `id` (the stem) and the SCHEMA fields; with evidence, spans too.

    A file that cannot be read or extracted is added to `problems` as (path, reason) and left
    out, so one bad file never costs the rows of the others.
    """
    for path in paths:
        try:
            result = extract(read_document(path).text)
        except BadDocument as exc:
            reason = str(exc)
        except Exception as exc:  # noqa: BLE001 - reported per file, the others still extract
            reason = f"internal error: {type(exc).__name__}: {exc}".splitlines()[0]
        else:
            values = result.to_json() if evidence else result.schema()
            yield {"id": path.stem, **values}
            continue
        if problems is None:
            raise CommandError(f"{path}: {reason}")
        problems.append((path, reason))


class Command(BaseCommand):
    help = "Extract the SCHEMA fields of notice files and print them (no database needed)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--format",
            choices=["jsonl", "evidence"],
            default="jsonl",
            help="jsonl: SCHEMA values; evidence: value, spans and confidence per field",
        )
        parser.add_argument(
            "--strict", action="store_true", help="exit non-zero when any file fails"
        )

    def handle(self, *args, files, format, strict, **options):
        problems: list[tuple[Path, str]] = []
        written = 0
        for row in extract_rows(files, evidence=format == "evidence", problems=problems):
            self.stdout.write(json.dumps(row, ensure_ascii=False))
            written += 1
        for path, reason in problems:
            self.stderr.write(f"SKIPPED {path}: {reason}")
        if problems and (strict or not written):
            raise CommandError(f"{len(problems)} of {len(files)} file(s) could not be extracted")
