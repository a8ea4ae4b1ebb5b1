"""The insights page's comparison: its charts side by side per group of incidents.

`by` names the grouping: discoverer, forensic firm, cause, year, report stage, or follow-ups and
revisions. Time to disclosure per group is a box plot (`comparison`); the other charts of the
page become one table per chart with a row per group: disclosures per year, and the shares of
causes, card data, personal data, discoverers and record counts. An incident in several groups
(two causes; a follow-up and a revised count) counts in each; a group under COMPARE_MIN_N
incidents is marked "n < 5".

Each incident's groups are an array computed in SQL (`GROUPS`); a chart unnests it with the
items it counts (`Share.items`) and counts in one query, whatever the number of incidents.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from .filters import CHAIN_COLUMNS, RECORD_BUCKETS, UNNAMED
from .insights import (
    NO_INVESTIGATION,
    TTD_MEASURES,
    Column,
    Stat,
    measured,
    share,
    spread,
    ttd_excluded,
    ttd_group_columns,
)
from .models import Term

COMPARE_MIN_N = 5  # groups smaller than this are shown, marked "n < 5"
NOT_STATED = "-"  # the group of incidents whose notice does not state the value
COMPARISONS = {
    "discovered_by": _("Discoverer"),
    "forensic_firm": _("Forensic firm"),
    "cause": _("Cause"),
    "year": _("Year of first disclosure"),
    "report_stage": _("Report stage"),
    "chain": _("Follow-ups and revisions"),
}
DEFAULT_COMPARISON = "discovered_by"

INCIDENT = "breaches_incident"


def stated(value: str) -> str:
    """One group: the value, or NOT_STATED when it is empty."""
    return f"ARRAY[coalesce(nullif({value}, ''), '{NOT_STATED}')]"


# Each incident's groups under `by`, as a text array; never empty.
GROUPS = {
    "discovered_by": stated(f"{INCIDENT}.discovered_by"),
    "forensic_firm": stated(
        f"coalesce({INCIDENT}.forensic_firm_id::text, CASE WHEN {INCIDENT}.forensic_investigation"
        f" THEN '{UNNAMED}' ELSE '{NO_INVESTIGATION}' END)"
    ),
    "cause": (
        f"CASE WHEN cardinality({INCIDENT}.causes) > 0 THEN {INCIDENT}.causes::text[]"
        f" ELSE ARRAY['{NOT_STATED}'] END"
    ),
    "year": stated(f"extract(year FROM {INCIDENT}.first_disclosed_on)::int::text"),
    "report_stage": stated(f"{INCIDENT}.report_stage"),
    "chain": "coalesce(nullif(array_remove(ARRAY[{}], NULL), '{{}}'), ARRAY['{}'])".format(
        ", ".join(
            f"CASE WHEN {INCIDENT}.{column} THEN '{code}' END"
            for code, column in CHAIN_COLUMNS.items()
        ),
        NOT_STATED,
    ),
}
NOT_STATED_LABELS = {"chain": _("no follow-up or revision")}


@dataclass(frozen=True)
class Grouping:
    """The filtered incidents and how `by` splits them: group keys, their names and order."""

    by: str
    qs: object  # the filterset's queryset
    names: dict  # group key -> label, in vocabulary order (empty for years)
    firm_slugs: dict[int, str]

    @property
    def title(self) -> str:
        return str(COMPARISONS[self.by])

    def with_groups(self):
        return self.qs.order_by().annotate(groups=RawSQL(GROUPS[self.by], ()))

    def key(self, raw: str):
        """A group key as the rest of the site spells it: years are ints, firms slugs."""
        if raw == NOT_STATED:
            return raw
        if self.by == "year":
            return int(raw)
        if self.by == "forensic_firm" and raw.isdigit():
            return self.firm_slugs.get(int(raw), raw)
        return raw

    def label(self, key) -> str:
        if key == NOT_STATED:
            return str(NOT_STATED_LABELS.get(self.by, _("not stated")))
        if key == NO_INVESTIGATION:
            return str(_("No forensic investigation"))
        return str(self.names.get(key, key))

    def order(self, sizes: dict) -> list:
        """Vocabulary order, then groups the vocabulary lacks, "not stated" last; firms by size."""
        if self.by == "forensic_firm":
            return sorted(sizes, key=lambda k: (-sizes[k], self.label(k)))
        keys = [k for k in self.names if k in sizes]
        keys += sorted(set(sizes) - set(keys) - {NOT_STATED}, key=str)
        return keys + ([NOT_STATED] if NOT_STATED in sizes else [])

    def marked(self, size: int) -> dict:
        small = size < COMPARE_MIN_N
        return {"small": small, "note": str(_("n < 5")) if small else ""}


def grouping(filterset, by: str) -> Grouping:
    if by == "report_stage":
        names = Term.labels(Term.Kind.REPORT_STAGE)
    elif by == "year":
        names = {}  # years are their own labels, in order
    else:
        names = filterset.labels[by]
    firm_slugs = {pk: slug for slug, pk in filterset.firm_ids.items()}
    return Grouping(by, filterset.qs, names, firm_slugs)


def group_columns(grouping: Grouping) -> list[Column]:
    return [
        Column("key", "key", shown=False),
        Column("label", grouping.title),
        Column("incidents", _("n")),
    ]


MARK_COLUMNS = [Column("small", "small", shown=False), Column("note", _("Note"))]


# Time to disclosure per group -----------------------------------------------------------------


class CompareRow(NamedTuple):
    days: int | None
    groups: tuple  # the group keys of the incident: several for several causes
    doubted: bool


def compare_rows(grouping: Grouping) -> list[CompareRow]:
    """One row per incident with the groups it belongs to."""
    rows = grouping.with_groups().values_list("ttd_days", "ttd_doubtful", "groups")
    return [
        CompareRow(days, tuple(grouping.key(g) for g in groups), doubted)
        for days, doubted, groups in rows
    ]


def comparison(grouping: Grouping) -> Stat:
    """Median, quartiles, range and n of the time to disclosure in each group."""
    rows = compare_rows(grouping)
    groups: dict = {}
    for r in measured(rows):
        for key in r.groups:
            groups.setdefault(key, []).append(r.days)
    table = []
    for key in grouping.order({k: len(v) for k, v in groups.items()}):
        days = sorted(groups[key])
        stats = spread(days)
        table.append(
            {
                "key": key,
                "label": grouping.label(key),
                "incidents": len(days),
                **{k: stats[k] for k in ("median", "q1", "q3", "min", "max")},
                **grouping.marked(len(days)),
            }
        )
    measures = TTD_MEASURES
    if grouping.by in ("cause", "chain"):
        measures = _(
            "Time to disclosure: days from discovered_on to first_disclosed_on. An incident "
            "in several groups is in each."
        )
    return Stat(
        slug="compare",
        title=_("Time to disclosure by %(group)s") % {"group": grouping.title},
        measures=measures,
        kind="boxes",
        n=len(measured(rows)),
        columns=[*ttd_group_columns(grouping.title, _("n")), *MARK_COLUMNS],
        rows=table,
        summary={"by": grouping.by, "min_n_per_group": COMPARE_MIN_N},
        excluded=ttd_excluded(rows),
    )


# Counting items per group -----------------------------------------------------------------------

# Each incident once per group it is in and per item it has (x.i numbers its items, so the first
# item counts the incident in the group, and its first group counts it once in all).
COUNT_SQL = """
SELECT g, x.item, count(*), count(*) FILTER (WHERE x.i = 1),
       count(*) FILTER (WHERE x.i = 1 AND g = t.groups[1])
FROM ({incidents}) AS t
CROSS JOIN LATERAL unnest(t.groups) AS g
CROSS JOIN LATERAL unnest({items}) WITH ORDINALITY AS x(item, i)
WHERE x.item IS NOT NULL
GROUP BY g, x.item
"""
MEDIAN_SQL = """
SELECT g, percentile_cont(0.5) WITHIN GROUP (ORDER BY t.{column})
FROM ({incidents}) AS t CROSS JOIN LATERAL unnest(t.groups) AS g
WHERE t.{column} IS NOT NULL
GROUP BY g
"""


class Counts(NamedTuple):
    cells: dict  # (group key, item) -> incidents
    sizes: dict  # group key -> incidents having any item
    n: int  # incidents having any item, each once


def run(sql: str, grouping: Grouping, column: str, **parts) -> list[tuple]:
    query = grouping.with_groups().values("id", "groups", column).query
    incidents, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql.format(incidents=incidents, column=column, **parts), params)
        return cursor.fetchall()


def count_items(grouping: Grouping, column: str, items: str) -> Counts:
    cells, sizes, n = {}, {}, 0
    for raw, item, pairs, in_group, once in run(COUNT_SQL, grouping, column, items=items):
        key = grouping.key(raw)
        cells[key, item] = pairs
        sizes[key] = sizes.get(key, 0) + in_group
        n += once
    return Counts(cells, sizes, n)


def medians(grouping: Grouping, column: str) -> dict:
    return {grouping.key(raw): value for raw, value in run(MEDIAN_SQL, grouping, column)}


# Disclosures per year per group -----------------------------------------------------------------

YEAR_ITEMS = "ARRAY[extract(year FROM t.first_disclosed_on)::int]"


def per_year(grouping: Grouping, total: int) -> Stat:
    counts = count_items(grouping, "first_disclosed_on", YEAR_ITEMS)
    found = sorted({year for _key, year in counts.cells})
    years = list(range(found[0], found[-1] + 1)) if found else []
    rows = []
    for key in grouping.order(counts.sizes):
        size = counts.sizes[key]
        per = {str(y): counts.cells.get((key, y), 0) for y in years}
        row = {"key": key, "label": grouping.label(key), "incidents": size}
        rows.append({**row, **per, **grouping.marked(size)})
    return Stat(
        slug="compare-per-year",
        title=_("Disclosures per year by %(group)s") % {"group": grouping.title},
        measures=_(
            "Year of first_disclosed_on, the date of the first public notice; one row of "
            "columns per group, all on one scale."
        ),
        kind="group-years",
        n=counts.n,
        columns=[
            *group_columns(grouping),
            *[Column(str(y), str(y)) for y in years],
            *MARK_COLUMNS,
        ],
        rows=rows,
        summary={"by": grouping.by, "years": years, "min_n_per_group": COMPARE_MIN_N},
        excluded={"no_first_disclosed_on": total - counts.n},
    )


# Shares of items per group ----------------------------------------------------------------------


def records_bucket_sql() -> str:
    """The records facet's buckets (filters.RECORD_BUCKETS) as one SQL CASE."""
    cases = " ".join(
        f"WHEN t.records_max <= {high} THEN '{code}'" for code, _low, high in RECORD_BUCKETS if high
    )
    last = RECORD_BUCKETS[-1][0]
    return f"ARRAY[CASE WHEN t.records_max IS NULL THEN NULL {cases} ELSE '{last}' END]"


@dataclass(frozen=True)
class Share:
    """One chart of the page as shares per group: which column, which items, what it says."""

    title: object
    measures: object
    column: str
    items: str  # SQL: the incident's items as an array (NULL items are left out)
    labels: str  # which of the filterset's label tables names the items ("" for records)
    excluded: str  # the EXCLUDED key of incidents without any item
    skip_by: str = ""  # a comparison by this grouping would only repeat it
    highlight: str | None = None


SHARES = {
    "compare-causes": Share(
        _("Causes by %(group)s"),
        _(
            "Share of each group's incidents naming the cause, among those naming any cause; "
            "an incident can name several."
        ),
        "causes", "t.causes", "cause", "no_cause_named", skip_by="cause",
    ),
    "compare-card-data": Share(
        _("Card data leaked by %(group)s"),
        _(
            "Share of each group's incidents whose notice says the card data item leaked, "
            "among those naming any card data item."
        ),
        "card_data", "t.card_data", "card_data", "no_card_data", highlight="security_code",
    ),
    "compare-personal-data": Share(
        _("Personal data leaked by %(group)s"),
        _(
            "Share of each group's incidents whose notice says the personal data item leaked, "
            "among those naming any personal data item."
        ),
        "personal_data", "t.personal_data", "personal_data", "no_personal_data",
    ),
    "compare-records": Share(
        _("Records per incident by %(group)s"),
        _(
            "records_max in the buckets of the records filter: share of each group's incidents "
            "with a record count, and the group's median."
        ),
        "records_max", records_bucket_sql(), "records", "no_records",
    ),
    "compare-discovered-by": Share(
        _("Who discovers breaches, by %(group)s"),
        _("discovered_by: share of each group's incidents whose notice names the discoverer."),
        "discovered_by", "ARRAY[nullif(t.discovered_by, '')]", "discovered_by", "no_discoverer",
        skip_by="discovered_by",
    ),
}  # fmt: skip
COMPARE_CHARTS = ("compare-per-year", *SHARES)


def charts_for(by: str) -> list[str]:
    """The charts of a comparison: all but the one that would only repeat the grouping."""
    skipped = {"year": "compare-per-year"} | {s.skip_by: slug for slug, s in SHARES.items()}
    return [slug for slug in COMPARE_CHARTS if skipped.get(by) != slug]


def shares(grouping: Grouping, slug: str, labels: dict[str, dict[str, str]], total: int) -> Stat:
    spec = SHARES[slug]
    names = {code: str(label) for code, label in (labels.get(spec.labels) or {}).items()}
    counts = count_items(grouping, spec.column, spec.items)
    present = {item for _key, item in counts.cells}
    items = [c for c in names if c in present] + sorted(present - set(names))
    middle = medians(grouping, spec.column) if spec.column == "records_max" else None
    rows = []
    for key in grouping.order(counts.sizes):
        size = counts.sizes[key]
        row = {"key": key, "label": grouping.label(key), "incidents": size}
        for item in items:
            found = counts.cells.get((key, item), 0)
            row |= {f"n_{item}": found, f"pct_{item}": share(found, size)}
        if middle is not None:
            row["median"] = middle.get(key)
        rows.append(row | grouping.marked(size))
    columns = []
    for item in items:
        label = names.get(item, item)
        columns += [
            Column(f"pct_{item}", _("%(item)s (%%)") % {"item": label}),
            Column(f"n_{item}", label, shown=False),
        ]
    if middle is not None:
        columns.append(Column("median", _("Median records")))
    return Stat(
        slug=slug,
        title=spec.title % {"group": grouping.title},
        measures=spec.measures,
        kind="matrix",
        n=counts.n,
        columns=[*group_columns(grouping), *columns, *MARK_COLUMNS],
        rows=rows,
        summary={
            "by": grouping.by,
            "items": [{"item": i, "label": names.get(i, i)} for i in items],
            "highlight": spec.highlight,
            "min_n_per_group": COMPARE_MIN_N,
        },
        excluded={spec.excluded: total - counts.n},
    )


def compute(slugs, grouping: Grouping, labels: dict[str, dict[str, str]], total: int):
    """The per-group Stats of `slugs`, in that order; `total`: incidents in the selection."""
    return [
        per_year(grouping, total)
        if slug == "compare-per-year"
        else shares(grouping, slug, labels, total)
        for slug in slugs
    ]
