"""`manage.py warm_insights`: draw the unfiltered insights page (each language, each
comparison) for the current catalogue version, into the shared cache, so that no visitor
waits for them after an import. `make run` runs it after ingesting; run it after imports."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import RequestFactory
from django.utils import translation

from breaches import comparisons
from breaches.insights_views import kept_drawn
from breaches.views import filtered


class Command(BaseCommand):
    help = "Draw the unfiltered insights of the current catalogue into the shared cache."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all-comparisons",
            action="store_true",
            help="every comparison, not only the default one",
        )

    def handle(self, *args, all_comparisons, **options):
        started = time.perf_counter()
        comparing = (
            list(comparisons.COMPARISONS) if all_comparisons else [comparisons.DEFAULT_COMPARISON]
        )
        request = RequestFactory().get("/insights/")
        drawn = 0
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for by in comparing:
                    kept_drawn(filtered(request), by, {})
                    drawn += 1
        seconds = time.perf_counter() - started
        self.stdout.write(f"insights drawn for {drawn} page states in {seconds:.1f} s")
