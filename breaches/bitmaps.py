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
WITH s AS MATERIALIZED (
  SELECT chunk, bit_and(bits) AS bits FROM (
    SELECT b.chunk, k.g, bit_or(b.bits) AS bits
    FROM unnest(%s::text[], %s::text[], %s::int[]) AS k(facet, value, g)
    JOIN breaches_facetbitmap b ON b.facet = k.facet AND b.value = k.value
    GROUP BY b.chunk, k.g
  ) per_group
  GROUP BY chunk HAVING count(*) = %s
)
SELECT n, sum(shared) FROM (
  SELECT w.n, bit_count(b.bits & s.bits) AS shared
  FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS w(facet, value, n)
  JOIN breaches_facetbitmap b ON b.facet = w.facet AND b.value = w.value
  JOIN s ON s.chunk = b.chunk
  OFFSET 0  -- counted row by row: grouping then moves integers, not 4 KiB bit strings
) per_chunk
GROUP BY n
"""

UNSELECTED = """
SELECT n, sum(shared) FROM (
  SELECT w.n, bit_count(b.bits) AS shared
  FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS w(facet, value, n)
  JOIN breaches_facetbitmap b ON b.facet = w.facet AND b.value = w.value
  OFFSET 0
) per_chunk
GROUP BY n
"""


def counts(keys: list[Key], selections: list[list[Key]]) -> list[int]:
    """For each of `keys`, how many incidents have it and, in every group of `selections`, at
    least one of the group's keys; in one statement."""
    wanted = [[f for f, _v in keys], [v for _f, v in keys]]
    if selections:
        members = [(f, v, g) for g, group in enumerate(selections) for f, v in group]
        params = [[m[0] for m in members], [m[1] for m in members], [m[2] for m in members]]
        statement, params = STATEMENT, [*params, len(selections), *wanted]
    else:
        statement, params = UNSELECTED, wanted
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        found = dict(cursor.fetchall())
    return [int(found.get(n, 0)) for n in range(1, len(keys) + 1)]
