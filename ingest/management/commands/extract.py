import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.extract import extract
from ingest.sources import BadDocument, read_document


def extract_rows(paths: list[Path], *, evidence: bool = False):
    """One row per file: `id` (the stem) and the SCHEMA fields; with evidence, spans too."""
    for path in paths:
        try:
            document = read_document(path)
        except BadDocument as exc:
            exc.path = path
            raise
        result = extract(document.text)
        values = result.to_json() if evidence else result.schema()
        yield {"id": path.stem, **values}


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

    def handle(self, *args, files, format, **options):
        try:
            for row in extract_rows(files, evidence=format == "evidence"):
                self.stdout.write(json.dumps(row, ensure_ascii=False))
        except BadDocument as exc:
            raise CommandError(f"{exc.path}: {exc}") from None
