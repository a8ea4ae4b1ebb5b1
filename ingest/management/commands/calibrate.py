from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ingest.extract import calibration, extract


class Command(BaseCommand):
    help = (
        "Measure each extraction rule's precision on the project's gold sets (seeds/ and "
        "ingest/tests/notices/*), print a leave-one-batch-out reliability table and write "
        "ingest/extract/calibration.json."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directories", nargs="*", type=Path, help="gold sets (default: ours)")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the estimate, keep the table"
        )

    def handle(self, *args, directories, dry_run, **options):
        dirs = directories or calibration.gold_sets(Path(settings.BASE_DIR))
        missing = [d for d in dirs if not (d / "gold.jsonl").is_file()]
        dirs = [d for d in dirs if (d / "first_run.jsonl").is_file()]
        if missing:
            raise CommandError(f"{missing[0]}/gold.jsonl not found")
        outcomes = []
        for directory in dirs:
            outcomes += calibration.measure(directory, lambda text: extract(text).to_json())
        pairs = calibration.cross_validated(outcomes)
        batches = len({o.batch for o in outcomes})
        self.stdout.write(f"{batches} batches with a recorded first run, {len(outcomes)} values")
        self.stdout.write("leave-one-batch-out estimate:")
        self.stdout.write(calibration.format_reliability(calibration.reliability(pairs)))
        if not dry_run:
            calibration.write_table(calibration.fit(outcomes))
            self.stdout.write(f"wrote {calibration.TABLE_PATH}")
