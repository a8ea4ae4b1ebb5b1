import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.extract.cli import extract_files


class Command(BaseCommand):
    help = "Extract the SCHEMA fields of notice files and print them (no database needed)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--format", choices=["jsonl", "evidence"], default="jsonl")

    def handle(self, *args, files, format, **options):
        missing = [str(p) for p in files if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}")
        for row in extract_files(files, evidence=format == "evidence"):
            self.stdout.write(json.dumps(row, ensure_ascii=False))
