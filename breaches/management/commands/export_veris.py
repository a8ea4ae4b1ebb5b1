"""Write the incidents as VERIS 1.4.1 records, one JSON file per incident, into DIR."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from breaches import veris
from breaches.api import ApiFilter, dumps, problem_message, veris_records
from breaches.models import Incident


class Command(BaseCommand):
    help = "Export VERIS 1.4.1 records (the list's filters apply: --filter cause=malware)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="A filter of the list or the API (repeat it; values of one name OR together)",
        )
        parser.add_argument(
            "--check", action="store_true", help="Validate each record; fail on the first error"
        )

    def handle(self, *args, directory: Path, **options):
        count = export(directory, options["filter"], check=options["check"])
        noun = "record" if count == 1 else "records"
        self.stdout.write(f"{count} VERIS {noun} written to {directory}")


def export(directory: Path, filters: list[str], *, check: bool = False) -> int:
    query = QueryDict(mutable=True)
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep:
            raise CommandError(f"--filter {item!r}: expected NAME=VALUE")
        query.appendlist(name, value)
    filterset = ApiFilter(query, queryset=Incident.objects.shown())
    problems = filterset.problems
    problems.update({n: query.getlist(n) for n in query if n not in ApiFilter.base_filters})
    if problems:
        raise CommandError(problem_message(problems))
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, record in veris_records(filterset.qs):
        if check and (errors := veris.validate(record)):
            raise CommandError(f"{name}: {errors[0]}")
        (directory / name).write_text(dumps(record) + "\n", encoding="utf-8")
        count += 1
    return count
