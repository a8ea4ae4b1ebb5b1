"""Facet counts from the facet bitmaps (FacetBitmap, migration 0013): for each facet value, the
incidents that have it, as bits. The incidents under a page's selections are the AND, across
the selected facets, of the OR of each facet's selected values; a value's count is the number of
bits it shares with them. Counting reads the bitmaps of the selected and the counted values
(3,840 bytes per 30,720 incidents each) and scans no incident row, however broad the selections.

Keys are FacetCount's: (facet, value), a firm by its id, ("_all", "") every incident."""

from django.db import connection

from .filters import NARROWING_FACETS

Key = tuple[str, str]
EVERY_INCIDENT: Key = ("_all", "")


def key(facet: str, value: str, firm_ids: dict[str, int]) -> Key:
    if facet == "forensic_firm" and value in firm_ids:
        return facet, str(firm_ids[value])
    return facet, value


def groups(selected: dict[str, list[str]], firm_ids: dict[str, int]) -> list[list[Key]]:
    """The selections as groups of keys: a facet's values are ORed (one group), a narrowing
    facet's are ANDed (a group each)."""
    out = []
    for facet, values in selected.items():
        keys = [key(facet, value, firm_ids) for value in values]
        out += [[k] for k in keys] if facet in NARROWING_FACETS else [keys]
    return [group for group in out if group]


STATEMENT = """
WITH sel AS (
  SELECT * FROM unnest(%s::int[], %s::text[], %s::text[], %s::int[]) AS k(req, facet, value, g)
), need AS (
  SELECT * FROM unnest(%s::int[], %s::int[]) AS n(req, groups)
), s AS MATERIALIZED (
  SELECT p.req, p.chunk, bit_and(p.bits) AS bits FROM (
    SELECT sel.req, b.chunk, sel.g, bit_or(b.bits) AS bits
    FROM sel JOIN breaches_facetbitmap b ON b.facet = sel.facet AND b.value = sel.value
    GROUP BY sel.req, b.chunk, sel.g
  ) p JOIN need ON need.req = p.req
  GROUP BY p.req, p.chunk, need.groups HAVING count(*) = need.groups
)
SELECT req, n, sum(shared) FROM (
  SELECT w.req, w.n, bit_count(b.bits & s.bits) AS shared
  FROM unnest(%s::int[], %s::int[], %s::text[], %s::text[]) AS w(req, n, facet, value)
  JOIN breaches_facetbitmap b ON b.facet = w.facet AND b.value = w.value
  JOIN s ON s.req = w.req AND s.chunk = b.chunk
  OFFSET 0  -- counted row by row: grouping then moves integers, not bit strings
) per_chunk
GROUP BY req, n
"""

Request = tuple[list[Key], list[list[Key]]]  # keys to count, under groups of selected keys


def counts(requests: list[Request]) -> list[list[int]]:
    """For each request (keys, selections) and each of its keys: how many incidents have the
    key and, in every group of `selections` (at least one), at least one of the group's keys.
    All in one statement."""
    sel: list[tuple[int, str, str, int]] = []
    need: list[tuple[int, int]] = []
    wanted: list[tuple[int, int, str, str]] = []
    for r, (keys, selections) in enumerate(requests):
        if not selections:
            raise ValueError("a request without selections reads the kept counts")
        sel += [(r, f, v, g) for g, group in enumerate(selections) for f, v in group]
        need.append((r, len(selections)))
        wanted += [(r, n, f, v) for n, (f, v) in enumerate(keys)]
    params = [list(column) for column in zip(*sel, strict=True)]
    params += [list(column) for column in zip(*need, strict=True)]
    params += [list(column) for column in zip(*wanted, strict=True)] or [[], [], [], []]
    with connection.cursor() as cursor:
        cursor.execute(STATEMENT, params)
        found = {(r, n): int(total) for r, n, total in cursor.fetchall()}
    return [
        [found.get((r, n), 0) for n in range(len(keys))] for r, (keys, _s) in enumerate(requests)
    ]
