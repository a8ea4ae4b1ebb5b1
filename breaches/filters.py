"""The catalogue's filters: one FilterSet for the HTML list, the API, the CSV and the feed.

Each facet turns its selected values into one `Q` (`facet_q`), so the facet counts in
`facets.py` can combine "this value" with "the other active facets" inside one aggregate.
Values of one facet combine with OR, except in a narrowing facet (`chain`), where each value
is one more condition.
"""

import datetime as dt
import operator
from functools import cached_property, reduce

import django_filters
from django.db.models import DateField, F, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import vocabulary
from .models import TTD_BUCKETS, Term

UNNAMED = "unnamed"
FIRST_YEAR = 1990

# (code, low, high) for records_max, like TTD_BUCKETS; `high` inclusive.
RECORD_BUCKETS = (
    ("lt1k", None, 999),
    ("1k-10k", 1_000, 9_999),
    ("10k-100k", 10_000, 99_999),
    ("ge100k", 100_000, None),
)
RECORD_LABELS = {
    "lt1k": _("fewer than 1,000"),
    "1k-10k": _("1,000–9,999"),
    "10k-100k": _("10,000–99,999"),
    "ge100k": _("100,000 or more"),
    "unknown": _("unknown"),
}
TTD_LABELS = {
    "le30": _("30 days or less"),
    "31-90": _("31–90 days"),
    "91-180": _("91–180 days"),
    "181-365": _("181–365 days"),
    "gt365": _("more than 365 days"),
    "unknown": _("unknown"),
}
# The notice chain, flags kept on the incident: a later notice or a revised notice text.
CHAIN_COLUMNS = {
    "followup": "has_followup",
    "revised": "has_revision",
    "count_changed": "count_changed",
}
CHAIN_LABELS = {
    "followup": _("has a follow-up or final report"),
    "revised": _("revised"),
    "count_changed": _("count revised"),
}
SORTS = {
    "-date": _("Newest disclosure first"),
    "date": _("Oldest disclosure first"),
    "ttd": _("Fastest disclosure first"),
    "-ttd": _("Slowest disclosure first"),
    "-records": _("Most records first"),
    "records": _("Fewest records first"),
}
DEFAULT_SORT = "-date"
SORT_COLUMNS = {"date": "first_disclosed_on", "ttd": "ttd_days", "records": "records_max"}

# Facet parameter -> Term kind, for the fixed vocabularies stored on the incident.
TERM_FACETS = {
    "cause": Term.Kind.CAUSE,
    "card_data": Term.Kind.CARD_DATA,
    "personal_data": Term.Kind.PERSONAL_DATA,
    "discovered_by": Term.Kind.DISCOVERER,
}
ARRAY_COLUMNS = {"cause": "causes", "card_data": "card_data", "personal_data": "personal_data"}
FACETS = ("cause", "forensic_firm", "card_data", "personal_data", "discovered_by", "year", "ttd")
FACETS += ("records", "chain")
# Facets whose values combine with AND: "follow-up" and "revised" asks for both.
NARROWING_FACETS = frozenset({"chain"})


def range_q(column: str, low: int | None, high: int | None) -> Q:
    q = Q()
    if low is not None:
        q &= Q(**{f"{column}__gte": low})
    if high is not None:
        q &= Q(**{f"{column}__lte": high})
    return q


def value_q(facet: str, value: str, firm_ids: dict[str, int] | None = None) -> Q:
    """Incidents having this one facet value."""
    if facet in ARRAY_COLUMNS:
        return Q(**{f"{ARRAY_COLUMNS[facet]}__contains": [value]})
    if facet == "discovered_by":
        return Q(discovered_by=value)
    if facet == "forensic_firm":
        if value == UNNAMED:
            return Q(forensic_investigation=True, forensic_firm__isnull=True)
        if firm_ids is not None:
            return Q(forensic_firm_id=firm_ids.get(value))
        return Q(forensic_firm__slug=value)
    if facet == "year":
        year = int(value)
        start = dt.date(year, 1, 1)
        return Q(first_disclosed_on__gte=start, first_disclosed_on__lt=start.replace(year=year + 1))
    if facet == "ttd":
        if value == "unknown":
            return Q(ttd_days__isnull=True)
        _code, low, high = next(b for b in TTD_BUCKETS if b[0] == value)
        # Negative spans (a date error in the notice) count as prompt, as in models.ttd_bucket.
        return range_q("ttd_days", None if value == "le30" else low, high)
    if facet == "records":
        if value == "unknown":
            return Q(records_max__isnull=True)
        _code, low, high = next(b for b in RECORD_BUCKETS if b[0] == value)
        return range_q("records_max", low, high)
    if facet == "chain":
        return Q(**{CHAIN_COLUMNS[value]: True})
    raise ValueError(f"unknown facet {facet}")


def facet_q(facet: str, values, firm_ids: dict[str, int] | None = None) -> Q:
    """Several values of one facet combine with OR (AND in a narrowing facet); no value means
    no condition."""
    if not values:
        return Q()
    if facet in ARRAY_COLUMNS:
        return Q(**{f"{ARRAY_COLUMNS[facet]}__overlap": list(values)})
    combine = operator.and_ if facet in NARROWING_FACETS else operator.or_
    return reduce(combine, (value_q(facet, v, firm_ids) for v in values))


def query_terms(text: str) -> list[str]:
    """The query's index terms that every matching notice must hold.

    `search_terms` gives mode A and mode C forms; AND-ing a mode C compound (個人情報) would miss
    notices where Sudachi read a longer compound (個人情報漏えい), so keep the mode A pieces only.
    """
    from ingest.extract.tokens import is_content, search_terms, tokenize

    finest = {t for m in tokenize(text, "A") if is_content(m) for t in m.normalized.lower().split()}
    return [t for t in search_terms(text) if t in finest]


def year_choices() -> list[tuple[str, str]]:
    return [(str(y), str(y)) for y in range(dt.date.today().year, FIRST_YEAR - 1, -1)]


class FacetFilter(django_filters.MultipleChoiceFilter):
    """A repeated parameter whose values OR together (see `facet_q`)."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(facet_q(self.field_name, value, self.parent.firm_ids))


class IncidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    literal = django_filters.ChoiceFilter(
        label=_("Search the words literally"),
        choices=[("1", _("yes"))],
        method="filter_noop",
    )
    cause = FacetFilter(field_name="cause", label=_("Cause"))
    forensic_firm = FacetFilter(field_name="forensic_firm", label=_("Forensic firm"))
    card_data = FacetFilter(field_name="card_data", label=_("Card data exposed"))
    personal_data = FacetFilter(field_name="personal_data", label=_("Personal data exposed"))
    discovered_by = FacetFilter(field_name="discovered_by", label=_("Discovered by"))
    year = FacetFilter(field_name="year", label=_("Year of first disclosure"))
    ttd = FacetFilter(field_name="ttd", label=_("Time to disclosure"))
    records = FacetFilter(field_name="records", label=_("Records"))
    chain = FacetFilter(field_name="chain", label=_("Follow-ups and revisions"))
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=list(SORTS.items()), method="filter_sort", empty_label=None
    )

    def __init__(self, data=None, *args, version: str | None = None, **kwargs):
        self.vocabulary = vocabulary.current(version)
        self.labels = self.load_labels()
        self.firm_ids = self._firm_ids
        self.rejected: dict[str, list[str]] = {}
        if data is not None:
            data = self.drop_unknown_values(data)
        super().__init__(data, *args, **kwargs)
        for name in FACETS:
            self.filters[name].extra["choices"] = list(self.labels[name].items())

    def drop_unknown_values(self, data):
        """A copy of `data` without unknown facet values or sort; they go to `self.rejected`."""
        data = data.copy()
        for name in FACETS:
            values = data.getlist(name)
            known = [v for v in dict.fromkeys(values) if v in self.labels[name]]
            bad = [v for v in values if v not in self.labels[name]]
            if bad:
                self.rejected[name] = bad
            data.setlist(name, known)
        if data.get("sort") and data["sort"] not in SORTS:
            self.rejected["sort"] = data.getlist("sort")
            del data["sort"]
        return data

    @property
    def problems(self) -> dict[str, list[str]]:
        """Parameter -> the values that were ignored (unknown values and form errors)."""
        problems = {name: list(values) for name, values in self.rejected.items()}
        if self.is_bound and not self.is_valid():
            for name in self.errors:
                problems.setdefault(name, self.data.getlist(name))
        return problems

    def load_labels(self) -> dict[str, dict[str, str]]:
        """Every facet's value -> label in the active language (from the vocabulary snapshot)."""
        labels = {name: {} for name in FACETS}
        kinds = {kind: name for name, kind in TERM_FACETS.items()}
        self.vocabulary_rows = [t for t in self.vocabulary.terms if t.kind in kinds]
        for term in self.vocabulary_rows:
            labels[kinds[term.kind]][term.code] = term.label
        self._firm_ids = {}
        self.firms = self.vocabulary.firms
        for firm in self.firms:
            labels["forensic_firm"][firm.slug] = firm.label
            self._firm_ids[firm.slug] = firm.pk
        labels["forensic_firm"][UNNAMED] = str(_("unnamed investigator"))
        labels["year"] = dict(year_choices())
        labels["ttd"] = {code: str(label) for code, label in TTD_LABELS.items()}
        labels["records"] = {code: str(label) for code, label in RECORD_LABELS.items()}
        labels["chain"] = {code: str(label) for code, label in CHAIN_LABELS.items()}
        return labels

    @property
    def selected(self) -> dict[str, list[str]]:
        """Valid facet values of the request, by facet."""
        return {name: list(self.cleaned.get(name) or []) for name in FACETS}

    @property
    def cleaned(self) -> dict:
        """The valid parameters; an invalid one is left out rather than emptying the list."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018 -- runs the form's validation
        return self.form.cleaned_data

    @cached_property
    def query(self):
        """The parsed search (breaches.search): syntax, and the vocabulary it names."""
        from . import search

        if not self.search_text:
            return search.Query(())
        vocab = None
        if not self.literal_search:
            # The same for every search of a catalogue version in one language: built once.
            derived = self.vocabulary.derived
            key = ("search", get_language())
            if key not in derived:
                derived[key] = search.vocabulary(
                    self.labels, self.vocabulary_rows, self.firms, self.vocabulary.aliases
                )
            vocab = derived[key]
        return search.parse(self.search_text, vocab)

    @cached_property
    def terms(self) -> list[str]:
        from .search import highlight_terms

        return highlight_terms(self.query) if self.search_text else []

    @property
    def searching(self) -> bool:
        return bool(self.query.clauses)

    @property
    def literal_search(self) -> bool:
        return self.cleaned.get("literal") == "1"

    @cached_property
    def search_q(self) -> Q:
        from .search import query_q

        return query_q(self.query, self.firm_ids)

    def filter_q(self, qs, name, value):
        return qs.filter(self.search_q) if self.searching else qs

    def filter_noop(self, qs, name, value):
        return qs  # `literal` changes how `q` is read, see `query`

    def filter_sort(self, qs, name, value):
        return qs  # applied last, in filter_queryset

    def filter_queryset(self, queryset):
        qs = super().filter_queryset(queryset)
        return sort_incidents(qs, self.active_sort, searching=self.searching)

    @property
    def search_text(self) -> str:
        return (self.cleaned.get("q") or "").strip()

    @property
    def active_sort(self) -> str:
        return self.cleaned.get("sort") or DEFAULT_SORT


def sort_incidents(qs, sort: str, *, searching: bool = False):
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "date" and searching:
        # Fence the date index: with a rare term, ORDER BY date LIMIT n walks it (FIELD-NOTES).
        expression = RawSQL(
            "breaches_incident.first_disclosed_on + 0", [], output_field=DateField()
        )
    else:
        expression = F(SORT_COLUMNS[key])
    order = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return qs.order_by(order, "-id" if descending else "id")
