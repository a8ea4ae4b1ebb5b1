import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.extract import calibration, rules
from ingest.extract.fields import FIELDS
from ingest.extract.scoring import score
from ingest.management.commands.extract import extract_rows


class Command(BaseCommand):
    help = "Extract DIR/*.txt, compare with DIR/gold.jsonl and print the SCHEMA scores."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--verbose-misses", action="store_true", help="list every miss")
        parser.add_argument(
            "--by-rule", action="store_true", help="each rule's hits and precision on DIR"
        )
        parser.add_argument(
            "--calibration",
            action="store_true",
            help="the reliability table and expected calibration error of the confidences",
        )

    def handle(self, *args, directory, verbose_misses, by_rule, **options):
        reliability = options["calibration"]
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
        evidence = list(extract_rows(files, evidence=True, problems=problems))
        for path, reason in problems:
            self.stderr.write(f"SKIPPED {path}: {reason} (scored as a missing prediction)")
        predictions = [
            {"id": row["id"], **{name: row[name]["value"] for name in FIELDS}} for row in evidence
        ]
        self.stdout.write(score(gold, predictions).format(verbose=verbose_misses))
        if by_rule or reliability:
            by_id = {row["id"]: row for row in evidence}
            outcomes = [
                o
                for g in gold
                if g["id"] in by_id
                for o in calibration.outcomes(directory.name, g, by_id[g["id"]])
            ]
        if by_rule:
            self.stdout.write(f"\n{'rule':50s} values  right  precision  matches")
            for rule, n, right in calibration.by_rule(outcomes):
                matches = _truncate(rules.describe(rule), 50)
                self.stdout.write(f"{rule:50s} {n:6d} {right:6d}  {right / n:.3f}      {matches}")
        if reliability:
            pairs = [
                (by_id[o.doc][o.field]["confidence"], o.right) for o in outcomes if o.doc in by_id
            ]
            self.stdout.write("\n" + calibration.format_reliability(calibration.reliability(pairs)))


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
