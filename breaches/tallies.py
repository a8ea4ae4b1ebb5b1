"""What the insights page counts, read in one statement: the incidents a filter state selects,
counted per distinct combination of the columns each chart reads (GROUPING SETS), so that the
page receives counts instead of incidents.

The statement reads the narrow rows (IncidentFacets, migration 0010) under the facets' conditions
(narrow.facet_sql), among a search's matches when there is one, in one scan; the charts
(insights.py, comparisons.py) add the counts up. The wide incident rows give the same tallies
(`source="incidents"`): the tests compare the two, and they are read instead whenever a
multi-valued facet has more values than a mask has bits.
"""

import functools
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import F, IntegerField
from django.db.models.expressions import RawSQL

from . import narrow
from .filters import CHAIN_COLUMNS
from .insights import Tally

# Every column a chart reads, in the order of the statement's GROUPING().
COLUMNS = (
    "year", "causes", "card_data", "personal_data", "discovered_by", "records_max", "ttd_days",
    "ttd_doubtful", "firm", "forensic_investigation", "chain", "report_stage",
)  # fmt: skip
MASK_FACETS = {"causes": "cause", "card_data": "card_data", "personal_data": "personal_data"}
MASK_FACETS["discovered_by"] = "discovered_by"

# The columns each family of charts counts by; the comparison's own are added to those its
# charts read (COMPARED). Every family counts every selected incident once.
SETS = {
    "years": ("year", "causes"),  # disclosures per year, causes over time
    "card_data": ("card_data",),
    "personal_data": ("personal_data",),
    "discovered_by": ("discovered_by",),
    "records": ("records_max",),
    "ttd": ("ttd_days", "ttd_doubtful"),
    "ttd_by_firm": ("firm", "forensic_investigation", "ttd_days", "ttd_doubtful"),
    "ttd_by_year": ("year", "ttd_days", "ttd_doubtful"),
}
COMPARED = ("years", "card_data", "personal_data", "discovered_by", "records", "ttd")
# The columns of a comparison's groups (comparisons.COMPARISONS); None: no comparison.
BY_COLUMNS = {
    None: (),
    "discovered_by": ("discovered_by",),
    "forensic_firm": ("firm", "forensic_investigation"),
    "cause": ("causes",),
    "year": ("year",),
    "report_stage": ("report_stage",),
    "chain": ("chain",),
}
CHAIN_BITS = narrow.CHAIN_BITS  # code -> bit of IncidentFacets.chain
# Columns whose sets come as distributions (Row.distribution); no set counts both.
DISTRIBUTED = ("records_max", "ttd_days")
WORK_MEM = "64MB"  # the statement's own (see read)


class Row(NamedTuple):
    """One combination of values and how many selected incidents have it. Columns its set does
    not count are None; multi-valued ones are tuples of codes, "" is no discoverer."""

    n: int
    year: int | None = None
    causes: tuple | None = None
    card_data: tuple | None = None
    personal_data: tuple | None = None
    discovered_by: str | None = None
    records_max: int | None = None
    ttd_days: int | None = None
    ttd_doubtful: bool | None = None
    firm: int | None = None  # forensic_firm_id
    forensic_investigation: bool | None = None
    chain: tuple | None = None  # codes of CHAIN_COLUMNS
    report_stage: str | None = None
    grouping: int = 0  # the statement's GROUPING(): which set the row counts in
    # A set that counts a distribution (DISTRIBUTED: records_max, ttd_days) gives one row per
    # combination of its other columns, with its values and how many incidents have each; `n`
    # counts those without a value too. None in the other sets.
    distribution: Tally | None = None


@dataclass
class Tallies:
    sets: dict[str, list[Row]]
    by: str | None

    @property
    def total(self) -> int:
        """Every selected incident is in each set once."""
        return sum(row.n for row in next(iter(self.sets.values())))


def grouping_sets(by: str | None, families=None) -> dict[tuple[str, ...], list[str]]:
    """The statement's grouping sets (columns in COLUMNS order) and the families each serves;
    `families`: those of SETS to count (all by default)."""
    out: dict[tuple[str, ...], list[str]] = {}
    for name, columns in SETS.items():
        if families is not None and name not in families:
            continue
        wanted = set(columns) | set(BY_COLUMNS[by] if name in COMPARED else ())
        out.setdefault(tuple(c for c in COLUMNS if c in wanted), []).append(name)
    return out


def grouping_id(columns: tuple[str, ...], used: list[str]) -> int:
    """What GROUPING(*used) gives a row of this set: a 1 bit for each column left out."""
    return sum(1 << (len(used) - 1 - i) for i, c in enumerate(used) if c not in columns)


def saturated(bits: dict[tuple[str, str], int]) -> bool:
    """Whether a multi-valued facet has used its last bit: a later value has none (migration
    0010 gives bits 0-62), so its masks no longer say every value."""
    return any(bit >= 62 for (kind, _code), bit in bits.items() if kind in MASK_FACETS.values())


def read(filterset, by: str | None = None, source: str | None = None, families=None) -> Tallies:
    """The tallies of the incidents `filterset` selects, with `by`'s columns in each set of
    COMPARED; `families`: the sets to count (SETS' names), all by default, as the page needs
    them (a chart's JSON or CSV counts its own)."""
    if source is None:
        source = "incidents" if saturated(filterset.vocabulary.bits) else "narrow"
    sets = grouping_sets(by, families)
    if source == "narrow":
        rows_sql, params, within = narrow_rows(filterset, by)
    else:
        (rows_sql, params), within = incident_rows(filterset), None
    used = [c for c in COLUMNS if any(c in columns for columns in sets)]
    grouping = ", ".join(used)
    spec = ", ".join("({})".format(", ".join(columns)) for columns in sets)
    # Each result row is a Row as it stands (count, every column, NULL where the set does not
    # count it, GROUPING(), a distribution's values and counts), so that only masks and chain
    # bits need decoding. A distribution's values are gathered into arrays, one row per
    # combination of the other columns: at 1M, 51k of the 62k rows of one cause's tallies are
    # distinct record counts and days.
    columns = ", ".join(c if c in used else f"NULL AS {c}" for c in COLUMNS)
    kept = ", ".join(c for c in used if c not in DISTRIBUTED)
    distributed = [c for c in DISTRIBUTED if c in used]
    value = f"coalesce({', '.join(distributed)})"  # a set's own, the other one NULL
    # Hashed, so unordered: Tally orders them (in SQL, a sort of every row first).
    gathered = (
        f"array_agg({value}) FILTER (WHERE {value} IS NOT NULL), "
        f"array_agg(n) FILTER (WHERE {value} IS NOT NULL)"
        if distributed
        else "NULL, NULL"
    )
    outer = ", ".join(f"NULL AS {c}" if c in DISTRIBUTED or c not in used else c for c in COLUMNS)
    statement = (
        f"SELECT sum(n)::bigint, {outer}, grouping, {gathered} FROM ("
        f"  SELECT count(*) AS n, {columns}, GROUPING({grouping}) AS grouping"
        f"  FROM ({rows_sql}) s GROUP BY GROUPING SETS ({spec})"
        f") g GROUP BY grouping{', ' if kept else ''}{kept}"
    )
    if within is not None:
        statement = f"WITH m AS MATERIALIZED ({within[0]}) {statement}"
        params = [*within[1], *params]
    # For this statement only (narrow.local_settings): every set hashed in memory in one
    # pass (with 4 MB, sets are sorted through temporary files: 290 against 180 ms for 50k of
    # 1M incidents in one test); the scan shared with parallel workers, which the planner
    # declines because it takes a mask's condition to keep every row (at 1M: 243-350 against
    # 465-510 ms for the 50k incidents of one cause); and a search's matches through the
    # search index, as narrow.counts reads them. The distributions are gathered by hashing
    # too: the planner, taking every row to be kept, would sort all the sets' rows first (at
    # 1M, 40 ms for the 62k rows of one cause's sets).
    settings = {"work_mem": WORK_MEM, "parallel_tuple_cost": "0", "enable_sort": "off"}
    if within is not None:
        settings["enable_seqscan"] = "off"
    with transaction.atomic(), connection.cursor() as cursor:
        with narrow.local_settings(cursor, settings):
            cursor.execute(statement, params)
            found = cursor.fetchall()
    decoded: dict[int, list[Row]] = {grouping_id(columns, used): [] for columns in sets}
    distributions = {grouping_id(c, used) for c in sets if any(d in c for d in DISTRIBUTED)}
    for *fields, gid, values, counts in found:
        if gid in distributions:
            distribution = Tally(zip(values or (), counts or (), strict=True))
            decoded[gid].append(ROW((*fields, gid, distribution)))
        else:
            decoded[gid].append(ROW((*fields, gid)))
    decoder = Decoder(filterset.vocabulary.bits)
    out: dict[str, list[Row]] = {}
    for columns, names in sets.items():
        rows = decoder.decode(decoded[grouping_id(columns, used)], columns)
        out.update(dict.fromkeys(names, rows))
    return Tallies(out, by)


ROW = functools.partial(tuple.__new__, Row)  # a result row as a Row, values as they are


NARROW_SELECT = """
SELECT extract(year FROM f.first_disclosed_on)::int AS year, f.causes, f.card_data,
       f.personal_data, f.discovered_by, f.records_max, f.ttd_days,
       f.ttd_doubtful, f.firm, f.forensic_investigation, f.chain, {report_stage} AS report_stage
FROM breaches_incidentfacets f {join}
"""


def narrow_rows(filterset, by: str | None):
    """The selected narrow rows, as SQL; the search's matches (narrow.among) apart."""
    where_sql, params = narrow.selected(filterset)
    # The report stage is not a facet: only its comparison reads it, from the incident row.
    staged = by == "report_stage"
    sql = NARROW_SELECT.format(
        report_stage="coalesce(i.report_stage, '')" if staged else "NULL::text",
        join="JOIN breaches_incident i ON i.id = f.id" if staged else "",
    )
    sql += f"WHERE {where_sql}"
    within = narrow.matches(filterset)
    if within is not None:
        sql += " AND f.id IN (SELECT * FROM m)"
    return sql, params, within


YEAR = "extract(year FROM breaches_incident.first_disclosed_on)::int"


def incident_rows(filterset):
    """The selected incident rows with the narrow rows' columns (arrays for masks)."""
    chain = " + ".join(
        f"(CASE WHEN breaches_incident.{column} THEN {CHAIN_BITS[code]} ELSE 0 END)"
        for code, column in CHAIN_COLUMNS.items()
    )
    qs = (
        filterset.qs.order_by()
        .annotate(
            year=RawSQL(YEAR, (), output_field=IntegerField()),
            firm=F("forensic_firm_id"),
            chain=RawSQL(chain, (), output_field=IntegerField()),
        )
        .values(*COLUMNS)
    )
    return qs.query.sql_with_params()


# The columns decoded here, and the kind of their codes.
DECODED = {**MASK_FACETS, "chain": "chain"}


class Decoder:
    """Masks (narrow rows) or arrays (incident rows) of a set's rows as tuples of codes, chain
    bits as the codes of CHAIN_COLUMNS; the other columns come as they are."""

    def __init__(self, bits: dict[tuple[str, str], int]):
        self.codes: dict[str, list[tuple[int, str]]] = {}
        for (kind, code), bit in sorted(bits.items(), key=lambda item: item[1]):
            self.codes.setdefault(kind, []).append((bit, code))
        self.seen: dict[tuple[str, int], tuple] = {}

    def mask(self, kind: str, value):
        """A tuple of codes; a discoverer's one code ("" for none), as the incident row has it
        (the facet is single-valued: a mask has one bit at most, the lowest one is taken)."""
        if isinstance(value, str | list):  # an incident row's discoverer or array
            return value if kind == "discovered_by" else tuple(value)
        key = (kind, value)
        found = self.seen.get(key)
        if found is None:
            if kind == "chain":
                found = tuple(code for code, bit in CHAIN_BITS.items() if value & bit)
            else:
                found = tuple(code for bit, code in self.codes.get(kind, ()) if value >> bit & 1)
            if kind == "discovered_by":
                found = "".join(found[:1])
            self.seen[key] = found
        return found

    def decode(self, rows: list[Row], columns: tuple[str, ...]) -> list[Row]:
        """The rows of the set counting `columns`, their masks and chain bits decoded."""
        slots = [(Row._fields.index(c), DECODED[c]) for c in columns if c in DECODED]
        if not slots:
            return rows
        out = []
        for row in rows:
            values = list(row)
            for at, kind in slots:
                values[at] = self.mask(kind, values[at])
            out.append(ROW(values))
        return out
