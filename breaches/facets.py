"""Facet counts and the URLs that make up the list's state.

Standard faceted-search semantics: a facet's counts apply every OTHER active facet (and the
search), so selecting a value never hides its siblings. All facets are counted in one query:
one `Count(filter=...)` per value, each filter being "this value AND the other facets". A
narrowing facet (values combine with AND) applies its own selection too: its counts say what
adding the value would give.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from . import bitmaps, narrow
from .filters import DEFAULT_SORT, FACETS, NARROWING_FACETS, IncidentFilter
from .models import FacetCount


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int | None  # None: not counted within the time budget
    selected: bool
    toggle_url: str


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    facets: list[Facet]
    unavailable: bool = False  # its counts took longer than the time budget

    @property
    def active(self) -> int:
        return sum(f.selected for f in self.facets)


@dataclass(frozen=True)
class Chip:
    facet: str
    label: str
    remove_url: str


def state(filterset: IncidentFilter) -> dict[str, list[str]]:
    """The valid parameters of the list, as the URL carries them (page left out)."""
    params = {"q": [filterset.search_text]} if filterset.search_text else {}
    if filterset.search_text and filterset.literal_search:
        params["literal"] = ["1"]
    for name, values in filterset.selected.items():
        if values:
            params[name] = values
    if filterset.active_sort != DEFAULT_SORT:
        params["sort"] = [filterset.active_sort]
    return params


def url_with(path: str, params: dict[str, list[str]]) -> str:
    query = urlencode([(k, v) for k, values in params.items() for v in values])
    return f"{path}?{query}" if query else path


def toggled(params: dict[str, list[str]], name: str, value: str) -> dict[str, list[str]]:
    values = params.get(name, [])
    new = [v for v in values if v != value] if value in values else [*values, value]
    return {**params, name: new}


def unfiltered(filterset: IncidentFilter) -> bool:
    """No facet, search or other filter narrows the catalogue."""
    scope = getattr(filterset, "scope", Q())
    return not filterset.searching and not any(filterset.selected.values()) and scope == Q()


def summary_counts(filterset: IncidentFilter) -> dict[str, dict[str, int]]:
    """The unfiltered counts, read from the counts the database keeps (FacetCount)."""
    table = FacetCount.table()

    def key(name, value):
        if name == "forensic_firm" and value in filterset.firm_ids:
            return (name, str(filterset.firm_ids[value]))
        return (name, value)

    return {
        name: {value: table.get(key(name, value), 0) for value in filterset.labels[name]}
        for name in FACETS
    }


def count_all(filterset: IncidentFilter) -> dict[str, dict[str, int] | None]:
    """facet -> value -> incidents with it under the other active facets, in one query; the
    unfiltered catalogue's from the kept counts."""
    if unfiltered(filterset):
        return summary_counts(filterset)
    return count_live(filterset)


def count_live(
    filterset: IncidentFilter, budget_ms: int | None = None
) -> dict[str, dict[str, int] | None]:
    """count_all by counting the (filtered) incidents themselves, within the time budget
    (FACET_BUDGET_MS): a facet whose count would take longer is None ("count unavailable")
    and the page still renders, as Datasette does.

    Facets counted under the same conditions share one query: every facet without a
    selection is counted under all the selections, so a page with k selected facets runs at
    most k + 1 queries, not one per facet. A facet whose conditions select nothing (its own
    values, with no search or other filter) reads the kept counts. A search that matches
    more than FACET_SEARCH_MAX incidents has its facets uncounted."""
    budget_ms = settings.FACET_BUDGET_MS if budget_ms is None else budget_ms
    deadline = time.monotonic() + budget_ms / 1000
    selected = filterset.selected
    firm_ids = filterset.firm_ids
    # `scope`: filters that are not facets (the API's date ranges) bound every count, as the
    # search does: both are read as the ids they select.
    scope = getattr(filterset, "scope", Q())
    narrowed = filterset.searching or scope != Q()
    # The facets each count applies, and the facets counted under them.
    shared: dict[frozenset[str], list[str]] = {}
    for name in FACETS:
        applied = frozenset(
            other
            for other in FACETS
            if selected[other] and (other != name or name in NARROWING_FACETS)
        )
        shared.setdefault(applied, []).append(name)
    # The incidents under every selection are counted with the facets counted under them:
    # the list's total (narrow.total) then costs no query of its own.
    everything = frozenset(name for name in FACETS if selected[name])
    out: dict[str, dict[str, int] | None] = {}
    if narrowed:
        bits = narrow.Bits(filterset)
        conditions = {n: narrow.facet_sql(n, selected[n], bits, firm_ids) for n in FACETS}
    on_bitmaps = []  # (names, keys, counting_total, bitmaps.Request)
    with Budget(deadline) as budget:
        within = None
        if narrowed:
            within = narrow.matches(filterset)
            most = settings.FACET_SEARCH_MAX
            if filterset.searching and budget.run(lambda: narrow.more_than(within, most)):
                # A search matching most of the catalogue: counting its facets would read
                # nearly every row, so they are not counted (FIELD-NOTES: a common term).
                return dict.fromkeys(FACETS)
        for applied, names in shared.items():
            if not applied and not narrowed:
                kept = summary_counts(filterset)
                out.update({name: kept[name] for name in names})
                continue
            keys = [(name, value) for name in names for value in filterset.labels[name]]
            # The incidents under every selection (and the search) are the list's total.
            counting_total = applied == everything
            if narrowed:
                # A search's or the API's matches: counted on their narrow rows.
                aggregates = [narrow.value_sql(n, v, bits, firm_ids) for n, v in keys]
                if counting_total:
                    aggregates.append(narrow.EVERY_ROW)
                where = narrow.both([conditions[other] for other in applied])
                row = budget.run(lambda: narrow.counts(aggregates, where, within))  # noqa: B023
            else:
                # Facets alone: ANDed bitmaps, whatever the selections' breadth; every group
                # of the page in one statement, below.
                wanted = [bitmaps.key(n, v, firm_ids) for n, v in keys]
                if counting_total:
                    wanted.append(bitmaps.EVERY_INCIDENT)
                chosen = bitmaps.groups({other: selected[other] for other in applied}, firm_ids)
                on_bitmaps.append((names, keys, counting_total, (wanted, chosen)))
                continue
            take(filterset, out, names, keys, counting_total, row)
        if on_bitmaps:
            rows = budget.run(lambda: bitmaps.counts([r[-1] for r in on_bitmaps]))
            for n, (names, keys, counting_total, _request) in enumerate(on_bitmaps):
                take(filterset, out, names, keys, counting_total, None if rows is None else rows[n])
    return {name: out[name] for name in FACETS}


def take(filterset, out: dict, names, keys, counting_total: bool, row: list[int] | None) -> None:
    """The counts of `keys` (facets `names`) from `row`, None when it was not counted; the
    total, when it was counted last, in `filterset.narrow_total`."""
    if row is not None and counting_total:
        row = list(row)
        filterset.narrow_total = row.pop()
    for name in names:
        out[name] = None if row is None else {}
    if row is not None:
        for (name, value), count in zip(keys, row, strict=True):
            out[name][value] = count


class Budget:
    """Queries that share a deadline: each runs under a statement_timeout of the time left and
    gives None when cancelled (or when no time is left), leaving the transaction usable."""

    def __init__(self, deadline: float):
        self.deadline = deadline

    def __enter__(self):
        # A transaction of our own ends our SET LOCAL; inside an enclosing one (a test's, a
        # command's), it would outlive us: the value before is put back.
        self.before = None
        enclosed = connection.in_atomic_block
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        if enclosed:
            with connection.cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                self.before = cursor.fetchone()[0]
        return self

    def __exit__(self, *exc):
        if exc[0] is None and self.before is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [self.before])
        return self.atomic.__exit__(*exc)

    def run(self, query):
        ms = int((self.deadline - time.monotonic()) * 1000)
        if ms <= 0:
            return None
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{ms}ms"])
                return query()
        except OperationalError as exc:
            if exc.__cause__.__class__.__name__ != "QueryCanceled":
                raise
            return None


def within(ms: int, query):
    """The query's result, or None when it would take more than `ms` milliseconds."""
    with Budget(time.monotonic() + ms / 1000) as budget:
        return budget.run(query)


def facet_groups(filterset: IncidentFilter, path: str, keep=None) -> list[FacetGroup]:
    """Every facet with its values that match something (and those selected).

    `keep`: parameters of the page that are not filters (the insights page's `by`), kept on
    every link."""
    counts = count_all(filterset)
    if any(group is None for group in counts.values()):
        # Facets counted too slowly still offer the values the catalogue has, without counts.
        whole = summary_counts(filterset)
    params = {**state(filterset), **(keep or {})}
    groups = []
    for name in FACETS:
        chosen = filterset.selected[name]
        known = counts[name]
        facets = [
            Facet(
                value=value,
                label=label,
                count=None if known is None else known[value],
                selected=value in chosen,
                toggle_url=url_with(path, toggled(params, name, value)),
            )
            for value, label in filterset.labels[name].items()
            if (known[value] if known is not None else whole[name][value]) or value in chosen
        ]
        group = FacetGroup(name, str(filterset.filters[name].label), facets, known is None)
        groups.append(group)
    return groups


def chips(filterset: IncidentFilter, path: str, keep=None) -> list[Chip]:
    """The active filters, each with the URL that removes it (`keep` as for facet_groups)."""
    params = {**state(filterset), **(keep or {})}
    out = []
    if filterset.search_text:
        label = f"{filterset.filters['q'].label}: {filterset.search_text}"
        out.append(Chip("q", label, url_with(path, {**params, "q": []})))
    for name, values in filterset.selected.items():
        title = filterset.filters[name].label
        for value in values:
            label = f"{title}: {filterset.labels[name][value]}"
            out.append(Chip(name, label, url_with(path, toggled(params, name, value))))
    return out


@dataclass(frozen=True)
class Reading:
    """How the search was understood: the vocabulary it named and the syntax it used."""

    concepts: list[str]
    parts: list[str]
    literal_url: str
    vocabulary_url: str


def describe(item) -> str:
    if item.negated:
        return _("without “%(text)s”") % {"text": item.text}
    if item.phrase:
        return _("the phrase “%(text)s”") % {"text": item.text}
    return f"“{item.text}”"


def interpretation(filterset: IncidentFilter, path: str) -> Reading | None:
    """The search as the list reads it, with the URL that reads it the other way."""
    query = filterset.query
    if not query.clauses:
        return None
    params = state(filterset)
    concepts = []
    for concept in query.concepts:
        title = filterset.filters[concept.facet].label
        concepts.append(f"{title}: {concept.label}")
    parts = []
    if query.has_syntax:
        parts = [_(" or ").join(describe(item) for item in clause) for clause in query.clauses]
    literal_url = vocabulary_url = ""
    if concepts:
        literal_url = url_with(path, {**params, "literal": ["1"]})
    if filterset.literal_search:
        vocabulary_url = url_with(path, {**params, "literal": []})
    if not (concepts or parts or vocabulary_url):
        return None
    return Reading(list(dict.fromkeys(concepts)), parts, literal_url, vocabulary_url)
