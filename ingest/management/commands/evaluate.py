import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.extract.scoring import score
from ingest.management.commands.extract import extract_rows


class Command(BaseCommand):
    help = "Extract DIR/*.txt, compare with DIR/gold.jsonl and print the SCHEMA scores."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--verbose-misses", action="store_true", help="list every miss")

    def handle(self, *args, directory, verbose_misses, **options):
        gold_path = directory / "gold.jsonl"
        if not gold_path.is_file():
            raise CommandError(f"{gold_path} not found")
        try:
            lines = gold_path.read_text("utf-8").splitlines()
            gold = [json.loads(line) for line in lines if line.strip()]
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{gold_path} is not valid JSON lines: {exc}") from None
        files = sorted(directory.glob("*.txt"))
        if not files:
            raise CommandError(f"no .txt files in {directory}")
        problems: list = []
        predictions = list(extract_rows(files, problems=problems))
        for path, reason in problems:
            self.stderr.write(f"SKIPPED {path}: {reason} (scored as a missing prediction)")
        report = score(gold, predictions)
        self.stdout.write(report.format(verbose=verbose_misses))
