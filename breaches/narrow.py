"""The facets as SQL on IncidentFacets, the narrow row of integers a trigger keeps per
incident (migration 0010): the same conditions as filters.value_q/facet_q, which read the wide
incident row. A scan of the narrow table compares integers and masks instead of strings and
arrays of strings: the filtered facet counts and the filtered totals read it.

A condition is (sql, params) over the alias `f`.
"""

import datetime as dt
import json
from contextlib import contextmanager

from django.db import connection, transaction

from .filters import (
    ARRAY_COLUMNS,
    FACETS,
    NARROWING_FACETS,
    RECORD_BUCKETS,
    TTD_BUCKETS,
    UNNAMED,
)

TABLE = "breaches_incidentfacets"
MASKED = {**ARRAY_COLUMNS, "discovered_by": "discovered_by"}  # facet -> mask column
CHAIN_BITS = {"followup": 1, "revised": 2, "count_changed": 4}
NOTHING = ("false", [])
Condition = tuple[str, list]


class Bits:
    """The bit of each facet value (FacetBit), from the filterset's vocabulary snapshot."""

    def __init__(self, filterset):
        self.table = filterset.vocabulary.bits

    def mask(self, facet: str, values) -> int:
        mask = 0
        for value in values:
            bit = self.table.get((facet, value))
            if bit is not None:
                mask |= 1 << bit
        return mask


def span(column: str, low: int | None, high: int | None) -> Condition:
    parts, params = [], []
    if low is not None:
        parts.append(f"f.{column} >= %s")
        params.append(low)
    if high is not None:
        parts.append(f"f.{column} <= %s")
        params.append(high)
    return " AND ".join(parts), params


def value_sql(facet: str, value: str, bits: Bits, firm_ids: dict[str, int]) -> Condition:
    """Incidents having this one facet value (filters.value_q on the narrow row)."""
    if facet in MASKED:
        mask = bits.mask(facet, [value])
        return (f"f.{MASKED[facet]} & %s <> 0", [mask]) if mask else NOTHING
    if facet == "forensic_firm":
        if value == UNNAMED:
            return "f.forensic_investigation AND f.firm IS NULL", []
        firm = firm_ids.get(value)
        return ("f.firm = %s", [firm]) if firm is not None else NOTHING
    if facet == "year":
        start = dt.date(int(value), 1, 1)
        end = start.replace(year=start.year + 1)
        return "f.first_disclosed_on >= %s AND f.first_disclosed_on < %s", [start, end]
    if facet == "ttd":
        if value == "unknown":
            return "f.ttd_days IS NULL", []
        _code, low, high = next(b for b in TTD_BUCKETS if b[0] == value)
        # Negative spans (a date error in the notice) count as prompt, as in value_q.
        return span("ttd_days", None if value == "le30" else low, high)
    if facet == "records":
        if value == "unknown":
            return "f.records_max IS NULL", []
        _code, low, high = next(b for b in RECORD_BUCKETS if b[0] == value)
        return span("records_max", low, high)
    if facet == "chain":
        return "f.chain & %s <> 0", [CHAIN_BITS[value]]
    raise ValueError(f"unknown facet {facet}")


def facet_sql(facet: str, values, bits: Bits, firm_ids: dict[str, int]) -> Condition | None:
    """Several values of one facet: OR (AND in a narrowing facet); None for no condition."""
    if not values:
        return None
    if facet in MASKED:
        mask = bits.mask(facet, values)
        return (f"f.{MASKED[facet]} & %s <> 0", [mask]) if mask else NOTHING
    joiner = " AND " if facet in NARROWING_FACETS else " OR "
    parts = [value_sql(facet, v, bits, firm_ids) for v in values]
    return joiner.join(f"({sql})" for sql, _p in parts), [p for _s, ps in parts for p in ps]


def both(conditions: list[Condition]) -> Condition:
    conditions = [c for c in conditions if c is not None]
    if not conditions:
        return "true", []
    return " AND ".join(f"({sql})" for sql, _p in conditions), [
        p for _s, params in conditions for p in params
    ]


EVERY_ROW: Condition = ("true", [])  # an aggregate counting every row `where` selects


def selected(filterset) -> Condition:
    """The narrow rows under every facet selection of `filterset` (no search, no other filter)."""
    bits = Bits(filterset)
    return both(
        [facet_sql(name, filterset.selected[name], bits, filterset.firm_ids) for name in FACETS]
    )


def total(filterset) -> int:
    """How many incidents the facets of `filterset` select (no search, no other filter); read
    from the facet counts when they were counted first (facets.count_live, which leaves the
    total under all of the page's filters in `narrow_total`)."""
    known = getattr(filterset, "narrow_total", None)
    if known is not None:
        return known
    return counts([], selected(filterset), None)[0]


def among(queryset) -> Condition:
    """The incidents a search (and the API's other filters) selects, as a subquery of ids."""
    sql, params = queryset.order_by().values_list("pk").query.sql_with_params()
    return sql, list(params)


def matches(filterset) -> Condition | None:
    """The ids a search and the filters that are not facets (the API's date ranges, `scope`)
    select, or None when there are neither: what the facets' conditions are read among."""
    from django.db.models import Q

    from .models import Incident

    scope = getattr(filterset, "scope", Q())
    if not filterset.searching and scope == Q():
        return None
    return among(Incident.objects.filter(filterset.search_q).filter(scope))


@contextmanager
def local_settings(cursor, settings: dict[str, str]):
    """Planner settings for the statements run inside (a transaction), set back to what they
    were after them: a savepoint does not end a SET LOCAL, so the test's (or a request's)
    transaction would keep them. (The values before are read by name: pg_settings, which has
    reset_val, costs half a millisecond to read.) No settings: nothing is run."""
    if not settings:
        yield
        return
    names = list(settings)
    # Each value read before its own set_config: the subquery's row is made (OFFSET 0 keeps
    # it apart) before the aggregate above it runs.
    cursor.execute(
        "SELECT array_agg(was ORDER BY i), count(set_config(name, value, true)) FROM ("
        "  SELECT name, value, i, current_setting(name) AS was"
        "  FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS s(name, value, i) OFFSET 0"
        ") s",
        [names, list(settings.values())],
    )
    before = cursor.fetchone()[0]
    assign = (
        "SELECT set_config(name, value, true) FROM unnest(%s::text[], %s::text[]) AS s(name, value)"
    )
    try:
        yield
    finally:
        cursor.execute(assign, [names, before])


PLANNED_MARGIN = 4  # how far the planner's estimate must be from `most` to be taken as is


def more_than(within: Condition, most: int) -> bool:
    """Whether the subquery `within` selects more than `most` incidents.

    The planner's estimate decides when it is far (PLANNED_MARGIN times) from `most`: a term
    in every notice is then known to match too many without reading its matches (counting
    20,001 of them through the search index took 270 ms at 1M), and a rare one to match few
    (its facets are counted within FACET_BUDGET_MS anyway). Near `most`, the matches are
    counted, at most one more, through the search index as `counts` reads them."""
    planned = planned_rows(within)
    if planned > most * PLANNED_MARGIN:
        return True
    if planned * PLANNED_MARGIN < most:
        return False
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        with local_settings(cursor, {"enable_seqscan": "off"}):
            statement = f"SELECT count(*) FROM ({within[0]} LIMIT %s) m"
            cursor.execute(statement, [*within[1], most + 1])
            return cursor.fetchone()[0] > most


def planned_rows(within: Condition) -> float:
    """The planner's estimate of how many rows the subquery `within` selects (from the
    statistics ANALYZE keeps, the search vector's most common lexemes among them)."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {within[0]}", within[1])
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])


def counts(aggregates: list[Condition], where: Condition, within: Condition | None) -> list[int]:
    """count(*) FILTER (WHERE each aggregate) over the narrow rows `where` selects, among the
    ids of `within` when given (a search's matches), in one statement. A search reads its
    matches through the search index: the planner would rather read every incident and its
    search vector (it prices detoasting far too low: 838 against 42 ms for a term in every
    notice at 100k), so sequential scans are off for that statement."""
    where_sql, params = where
    select, select_params = [], []
    for sql, ps in aggregates:
        select.append(f"count(*) FILTER (WHERE {sql})")
        select_params += ps
    columns = ", ".join(select) or "count(*)"
    if within is None:
        statement = f"SELECT {columns} FROM {TABLE} f WHERE {where_sql}"
        params = [*select_params, *params]
    else:
        statement = (
            f"WITH m AS MATERIALIZED ({within[0]}) SELECT {columns} FROM {TABLE} f "
            f"WHERE ({where_sql}) AND f.id IN (SELECT * FROM m)"
        )
        params = [*within[1], *select_params, *params]
    settings = {"enable_seqscan": "off"} if within is not None else {}
    # In a transaction (a Budget's, whose savepoint undoes a cancelled statement), not a
    # savepoint of its own.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        with local_settings(cursor, settings):
            cursor.execute(statement, params)
            return list(cursor.fetchone())
