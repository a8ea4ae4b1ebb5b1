"""Shared test factories (keyword-only, no JSON fixtures) and paths."""

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SEEDS = ROOT / "seeds"


def make_incident(**overrides):
    """An incident with one disclosure; SCHEMA fields in `overrides` (ISO dates) win."""
    from breaches.models import Disclosure, Incident
    from ingest.extract.record import FIELDS
    from ingest.extract.tokens import search_terms

    text = overrides.pop(
        "text", "不正アクセスによるクレジットカード情報流出に関するお詫びとお知らせ"
    )
    source = overrides.pop("source_key", None)
    values = dict.fromkeys(FIELDS)
    values.update(
        organization="株式会社テスト",
        sites=["テストショップ"],
        published_on="2020-06-01",
        discovered_on="2020-03-01",
        discovered_by="payment_processor",
        report_stage="initial",
        forensic_investigation=True,
        forensic_firm="Payment Card Forensics",
        causes=["web_app_vulnerability"],
        card_data=["card_number", "expiry"],
        personal_data=[],
        reported_to=[],
        exposure_periods=[],
        records_max=1000,
    )
    values.update(overrides)
    values.setdefault("first_disclosed_on", None)
    incident = Incident.objects.create()
    n = Disclosure.objects.count() + 1
    disclosure = Disclosure.objects.create(
        incident=incident,
        source_key=source or f"/test/notice-{incident.pk}-{n}.txt",
        source_path=source or f"/test/notice-{incident.pk}-{n}.txt",
        text=text,
        content_hash=f"hash-{incident.pk}-{n}",
        terms=" ".join(sorted(set(search_terms(text)))),
        extraction={
            name: {"value": value, "spans": [], "confidence": 0.9} for name, value in values.items()
        },
    )
    disclosure.sync_columns()
    disclosure.save()
    incident.resolve()
    return incident


def add_disclosure(incident, text="第2報", **values):
    """A later notice of `incident`: the latest notice's values, with `values` changed."""
    from breaches.models import Disclosure
    from ingest.extract.record import FIELDS

    previous = incident.disclosures.order_by("-published_on").first().extraction
    extraction = {name: dict(previous[name]) for name in FIELDS}
    for name, value in values.items():
        extraction[name] = {"value": value, "spans": [], "confidence": 0.9}
    n = Disclosure.objects.count() + 1
    disclosure = Disclosure.objects.create(
        incident=incident, source_key=f"/t/{n}.txt", text=text, content_hash=f"h{n}",
        extraction=extraction,
    )  # fmt: skip
    disclosure.sync_columns()
    disclosure.save()
    incident.resolve()
    return disclosure


@pytest.fixture
def seeds_dir():
    return SEEDS


@pytest.fixture
def today():
    return dt.date(2026, 11, 21)


@pytest.fixture(autouse=True, scope="session")
def _jinja2_context_recorded():
    """The test client records the context of the Jinja2 templates (config/jinja2.py) as it
    does the Django templates' (response.context): Django instruments only its own engine."""
    from django.template.backends import jinja2 as backend
    from django.test.signals import template_rendered

    original = backend.Template.render

    def render(self, context=None, request=None):
        template_rendered.send(sender=self, template=self.template, context=dict(context or {}))
        return original(self, context, request)

    backend.Template.render = render
    yield
    backend.Template.render = original


@pytest.fixture(autouse=True)
def _pages_rendered_each_time(settings):
    """Tests read what a page computed (its context, its queries): each request renders it.
    The page cache has tests of its own (breaches/tests/test_pagecache.py), which turn it on."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """Each test starts with empty caches: the process's own (the front page's counts, search
    snippets; the browser tests' live server shares this process) and, for a test that reads
    the database, the shared one, a table of the database (the insights drawn)."""
    from django.core.cache import caches

    caches["default"].clear()
    caches["pages"].clear()
    from breaches import insights_views, vocabulary

    vocabulary.forget()

    insights_views.forget_drawn()
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if transactional:
        request.getfixturevalue("transactional_db")
    if transactional or marker or "db" in request.fixturenames:
        if not transactional:
            request.getfixturevalue("db")
        caches["shared"].clear()
    yield


@pytest.fixture(autouse=True)
def _unhurried_facets(settings):
    """Facet counts run against a time budget (FACET_BUDGET_MS); on a busy test machine that
    would make counts vanish at random. Tests of the budget set it themselves."""
    settings.FACET_BUDGET_MS = 60_000


def page_queries(client, url, params) -> list[str]:
    """The SQL a page runs, without the time-budget bookkeeping of the facet counts (savepoints
    and statement_timeout settings), which is per facet, not per incident."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url, params)
    bookkeeping = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "SHOW ")
    return [
        q["sql"]
        for q in captured
        if not q["sql"].startswith(bookkeeping) and "set_config('statement_timeout'" not in q["sql"]
    ]
