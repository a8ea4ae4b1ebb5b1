"""`manage.py check_reliability` (`make check-reliability`): the bounded reliability battery
against a throwaway database; prints a table and exits non-zero when a check fails."""

import logging
import os
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from breaches import reliability


class Command(BaseCommand):
    help = "Filter fuzz, pathological searches, hostile files and concurrent ingest (throwaway DB)."

    def add_arguments(self, parser):
        parser.add_argument("--fuzz", type=int, default=1000, help="hostile query strings")
        parser.add_argument("--incidents", type=int, default=2000, help="generated incidents")

    def handle(self, *args, fuzz, incidents, **options):
        from breaches.management.commands.bench import Command as Bench

        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            self.stdout.write(f"throwaway database {connection.settings_dict['NAME']}")
            call_command("ingest", "seeds/", stdout=StringIO(), stderr=StringIO())
            Bench(stdout=StringIO()).generate(incidents)
            reliability.add_long_notice()
            # Pages are requested as gunicorn would serve them: under the web statement timeout.
            options = connection.settings_dict["OPTIONS"]
            command_options = options["options"]
            web_timeout = os.environ.get("DB_STATEMENT_TIMEOUT_MS", "2000")
            options["options"] = f"-c statement_timeout={web_timeout}"
            connection.close()
            logging.getLogger("django.request").setLevel(logging.ERROR)  # 400s are expected
            checks = [
                reliability.filter_fuzz(fuzz),
                reliability.pathological_searches(),
                reliability.hostile_files(),
                reliability.concurrent_ingest(),
            ]
            options["options"] = command_options
            connection.close()
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        self.stdout.write(reliability.table(checks))
        if not all(check.ok for check in checks):
            raise CommandError("a reliability check failed (see the table)")
