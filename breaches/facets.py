"""Facet counts and the URLs that make up the list's state.

Standard faceted-search semantics: a facet's counts apply every OTHER active facet (and the
search), so selecting a value never hides its siblings. All facets are counted in one query:
one `Count(filter=...)` per value, each filter being "this value AND the other facets". A
narrowing facet (values combine with AND) applies its own selection too: its counts say what
adding the value would give.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .filters import DEFAULT_SORT, FACETS, NARROWING_FACETS, IncidentFilter, facet_q, value_q
from .models import FacetCount, Incident


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    facets: list[Facet]

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


def count_all(filterset: IncidentFilter) -> dict[str, dict[str, int]]:
    """facet -> value -> incidents with it under the other active facets, in one query; the
    unfiltered catalogue's from the kept counts."""
    if unfiltered(filterset):
        return summary_counts(filterset)
    return count_live(filterset)


def count_live(filterset: IncidentFilter) -> dict[str, dict[str, int]]:
    """count_all by counting the (filtered) incidents themselves."""
    selected = filterset.selected
    firm_ids = filterset.firm_ids
    conditions = {name: facet_q(name, selected[name], firm_ids) for name in FACETS}
    aggregates = {}
    for i, name in enumerate(FACETS):
        others = Q()
        for other in FACETS:
            if other != name or name in NARROWING_FACETS:
                others &= conditions[other]
        for j, value in enumerate(filterset.labels[name]):
            aggregates[f"f{i}_{j}"] = Count("pk", filter=value_q(name, value, firm_ids) & others)
    # `scope`: filters that are not facets (the API's date ranges) bound every count.
    scope = getattr(filterset, "scope", Q())
    base = Incident.objects.filter(filterset.search_q).filter(scope).order_by()
    row = base.aggregate(**aggregates)
    return {
        name: {value: row[f"f{i}_{j}"] for j, value in enumerate(filterset.labels[name])}
        for i, name in enumerate(FACETS)
    }


def facet_groups(filterset: IncidentFilter, path: str, keep=None) -> list[FacetGroup]:
    """Every facet with its values that match something (and those selected).

    `keep`: parameters of the page that are not filters (the insights page's `by`), kept on
    every link."""
    counts = count_all(filterset)
    params = {**state(filterset), **(keep or {})}
    groups = []
    for name in FACETS:
        chosen = filterset.selected[name]
        facets = [
            Facet(
                value=value,
                label=label,
                count=counts[name][value],
                selected=value in chosen,
                toggle_url=url_with(path, toggled(params, name, value)),
            )
            for value, label in filterset.labels[name].items()
            if counts[name][value] or value in chosen
        ]
        groups.append(FacetGroup(name, str(filterset.filters[name].label), facets))
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
