"""The pages' queries as they were before the performance work (issue 15), kept fixed here as
the reference each page is measured against; copied from breaches/facets.py, filters.py,
views.py, api.py, insights.py and exports.py at commit 351b655.

- The facet counts: one aggregate over the whole (filtered) table with one
  `Count(filter=...)` per facet value, each filter "this value AND the other facets".
- The page: `ORDER BY first_disclosed_on DESC NULLS LAST, id DESC LIMIT 20`, with the search
  in the WHERE clause, unfenced; its total counts every match.
- The API adds its freshness stamp (a count and a maximum over both tables).

Only the queries are run (their rows fetched): no templates, no JSON. They run on today's
schema, so an index added since helps them too. Each function returns the rows it read.
"""

import datetime as dt
import operator
from functools import reduce
from urllib.parse import parse_qs, urlsplit

from django.db.models import BooleanField, CharField, Count, F, Func, Max, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear

from breaches.models import Correction, Disclosure, ForensicFirm, Incident, Term

PAGE_SIZE = 20
API_PAGE_SIZE = 20
FIRST_YEAR = 1990
UNNAMED = "unnamed"
TTD_BUCKETS = (("le30", 0, 30), ("31-90", 31, 90), ("91-180", 91, 180),
               ("181-365", 181, 365), ("gt365", 366, None))  # fmt: skip
RECORD_BUCKETS = (("lt1k", None, 999), ("1k-10k", 1_000, 9_999),
                  ("10k-100k", 10_000, 99_999), ("ge100k", 100_000, None))  # fmt: skip
CHAIN_COLUMNS = {"followup": "has_followup", "revised": "has_revision"}
TERM_FACETS = {"cause": "causes", "card_data": "card_data", "personal_data": "personal_data",
               "discovered_by": "discoverers"}  # fmt: skip
ARRAY_COLUMNS = {"cause": "causes", "card_data": "card_data", "personal_data": "personal_data"}
FACETS = ("cause", "forensic_firm", "card_data", "personal_data", "discovered_by", "year", "ttd",
          "records", "chain")  # fmt: skip
NARROWING_FACETS = frozenset({"chain"})
CSV_CHUNK = 500


class Vocabulary:
    """Every facet's values (as the filterset's labels listed them) and the firms' ids."""

    def __init__(self):
        self.values: dict[str, list[str]] = {name: [] for name in FACETS}
        kinds = {kind: name for name, kind in TERM_FACETS.items()}
        for kind, code in Term.objects.filter(kind__in=kinds).values_list("kind", "code"):
            self.values[kinds[kind]].append(code)
        self.firm_ids = dict(ForensicFirm.objects.values_list("slug", "pk"))
        self.values["forensic_firm"] = [*self.firm_ids, UNNAMED]
        self.values["year"] = [str(y) for y in range(dt.date.today().year, FIRST_YEAR - 1, -1)]
        self.values["ttd"] = [code for code, _low, _high in TTD_BUCKETS] + ["unknown"]
        self.values["records"] = [code for code, _low, _high in RECORD_BUCKETS] + ["unknown"]
        self.values["chain"] = list(CHAIN_COLUMNS)


def range_q(column: str, low: int | None, high: int | None) -> Q:
    q = Q()
    if low is not None:
        q &= Q(**{f"{column}__gte": low})
    if high is not None:
        q &= Q(**{f"{column}__lte": high})
    return q


def value_q(facet: str, value: str, firm_ids: dict[str, int]) -> Q:
    if facet in ARRAY_COLUMNS:
        return Q(**{f"{ARRAY_COLUMNS[facet]}__contains": [value]})
    if facet == "discovered_by":
        return Q(discovered_by=value)
    if facet == "forensic_firm":
        if value == UNNAMED:
            return Q(forensic_investigation=True, forensic_firm__isnull=True)
        return Q(forensic_firm_id=firm_ids.get(value))
    if facet == "year":
        start = dt.date(int(value), 1, 1)
        end = start.replace(year=start.year + 1)
        return Q(first_disclosed_on__gte=start, first_disclosed_on__lt=end)
    if facet == "ttd":
        if value == "unknown":
            return Q(ttd_days__isnull=True)
        _code, low, high = next(b for b in TTD_BUCKETS if b[0] == value)
        return range_q("ttd_days", None if value == "le30" else low, high)
    if facet == "records":
        if value == "unknown":
            return Q(records_max__isnull=True)
        _code, low, high = next(b for b in RECORD_BUCKETS if b[0] == value)
        return range_q("records_max", low, high)
    if facet == "chain":
        return Q(**{CHAIN_COLUMNS[value]: True})
    raise ValueError(f"unknown facet {facet}")


def facet_q(facet: str, values, firm_ids: dict[str, int]) -> Q:
    if not values:
        return Q()
    if facet in ARRAY_COLUMNS:
        return Q(**{f"{ARRAY_COLUMNS[facet]}__overlap": list(values)})
    combine = operator.and_ if facet in NARROWING_FACETS else operator.or_
    return reduce(combine, (value_q(facet, v, firm_ids) for v in values))


def search_q(terms: list[str]) -> Q:
    """Every term in the search vector (breaches/search.py's MATCHES for plain words)."""
    if not terms:
        return Q()
    query = " & ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'" for t in terms)
    sql = "coalesce(breaches_incident.search_vector @@ %s::tsquery, false)"
    return Q(RawSQL(sql, [query], output_field=BooleanField()))


class Request:
    """A page's query string read as the filterset read it: facets, and the search's terms."""

    def __init__(self, url: str, vocabulary: Vocabulary):
        from breaches.filters import query_terms

        params = parse_qs(urlsplit(url).query)
        self.vocabulary = vocabulary
        self.selected = {name: params.get(name, []) for name in FACETS}
        self.terms = query_terms(params["q"][0]) if params.get("q") else []

    def conditions(self) -> dict[str, Q]:
        firm_ids = self.vocabulary.firm_ids
        return {name: facet_q(name, self.selected[name], firm_ids) for name in FACETS}

    def queryset(self):
        q = search_q(self.terms)
        for condition in self.conditions().values():
            q &= condition
        return Incident.objects.select_related("forensic_firm").filter(q)


def count_all(request: Request) -> dict[str, dict[str, int]]:
    """facets.count_all as it was: one aggregate, one Count(filter=...) per facet value."""
    conditions = request.conditions()
    firm_ids = request.vocabulary.firm_ids
    aggregates = {}
    for i, name in enumerate(FACETS):
        others = Q()
        for other in FACETS:
            if other != name or name in NARROWING_FACETS:
                others &= conditions[other]
        for j, value in enumerate(request.vocabulary.values[name]):
            aggregates[f"f{i}_{j}"] = Count("pk", filter=value_q(name, value, firm_ids) & others)
    row = Incident.objects.filter(search_q(request.terms)).order_by().aggregate(**aggregates)
    return {
        name: {v: row[f"f{i}_{j}"] for j, v in enumerate(request.vocabulary.values[name])}
        for i, name in enumerate(FACETS)
    }


def newest_first(qs):
    return qs.order_by(F("first_disclosed_on").desc(nulls_last=True), "-id")


def list_page(request: Request) -> int:
    """The HTML list: its total, one page, every facet count."""
    qs = request.queryset()
    total = qs.count()
    rows = list(newest_first(qs)[:PAGE_SIZE])
    count_all(request)
    return total + len(rows)


def api_list(request: Request) -> int:
    """The API list: the freshness stamp, its total, one page with the notices, the facets."""
    Incident.objects.aggregate(latest=Max("updated_at"), n=Count("pk"))
    Disclosure.objects.aggregate(latest=Max("updated_at"), n=Count("pk"))
    fields = ("incident_id", "published_on", "report_stage", "source_url", "source_key",
              "revision", "updated_at")  # fmt: skip
    notices = Prefetch("disclosures", queryset=Disclosure.objects.only(*fields))
    qs = request.queryset()
    total = qs.count()
    rows = list(newest_first(qs).prefetch_related(notices)[:API_PAGE_SIZE])
    count_all(request)
    return total + len(rows)


def insights(request: Request) -> int:
    """insights.compute over every chart, the comparison by discoverer, the total, the facets."""
    qs = request.queryset().order_by()
    read = 0
    read += len(qs.annotate(year=ExtractYear("first_disclosed_on")).values_list("year")
                .annotate(n=Count("pk")))  # fmt: skip
    read += len(list(qs.values_list("ttd_days", "forensic_firm__slug", "forensic_investigation",
                                    "first_disclosed_on__year", "ttd_doubtful")))  # fmt: skip
    read += len(list(qs.values_list("ttd_days", "ttd_doubtful", "discovered_by")))
    read += len(qs.exclude(first_disclosed_on=None).annotate(
        year=ExtractYear("first_disclosed_on"), cause=_unnest("causes")
    ).values_list("year", "cause").annotate(n=Count("pk")))  # fmt: skip
    qs.filter(~Q(causes=[]), first_disclosed_on__isnull=False).count()
    qs.count()
    for column in ("card_data", "personal_data"):
        read += len(qs.annotate(item=_unnest(column)).values_list("item").annotate(n=Count("pk")))
        qs.aggregate(total=Count("pk"), named=Count("pk", filter=~Q(**{column: []})))
    read += len(list(qs.values_list("records_max", flat=True)))
    read += len(qs.values_list("discovered_by").annotate(n=Count("pk")))
    qs.count()
    count_all(request)
    return read


def _unnest(column: str):
    return Func(F(column), function="unnest", output_field=CharField())


def csv_export(request: Request) -> int:
    """The CSV's reads: every selected incident (all its columns) CHUNK at a time, and each
    chunk's notices for their URLs."""
    read = 0
    chunk = []
    for incident in newest_first(request.queryset()).iterator(chunk_size=CSV_CHUNK):
        chunk.append(incident.pk)
        if len(chunk) == CSV_CHUNK:
            read += _notice_urls(chunk)
            chunk = []
    return read + _notice_urls(chunk)


def _notice_urls(ids: list[int]) -> int:
    notices = Disclosure.objects.filter(incident__in=ids).order_by("published_on", "id")
    return len(ids) + len(list(notices.only("incident_id", "source_url", "source_key")))


def detail(pk: int) -> int:
    """The incident page's reads: the incident, its notices twice (the history, and the
    resolution with their corrections), the corrections of the incident and its notices."""
    incident = Incident.objects.select_related("forensic_firm").get(pk=pk)
    disclosures = list(incident.disclosures.order_by("published_on", "id"))
    again = list(incident.disclosures.prefetch_related("corrections"))
    corrections = list(
        Correction.objects.filter(Q(incident=incident) | Q(disclosure__incident=incident))
    )
    return 1 + len(disclosures) + len(again) + len(corrections)
