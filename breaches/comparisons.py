"""The insights page's comparison: its charts side by side per group of incidents.

`by` names the grouping: discoverer, forensic firm, cause, year, report stage, or follow-ups and
revisions. Time to disclosure per group is a box plot (`comparison`); the other charts of the
page become one table per chart with a row per group: disclosures per year, and the shares of
causes, card data, personal data, discoverers and record counts. An incident in several groups
(two causes; a follow-up and a revised count) counts in each; a group under COMPARE_MIN_N
incidents is marked "n < 5".

Every chart of a comparison adds up the filter state's tallies (tallies.read with `by`'s
columns in each set), read once in one statement however many incidents there are: a tally
row's groups are `Grouping.groups`, the items a chart counts `Share.items`.
"""

from dataclasses import dataclass, field
from operator import attrgetter
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from . import tallies
from .filters import RECORD_BUCKETS
from .insights import (
    NO_INVESTIGATION,
    TTD_MEASURES,
    Column,
    Stat,
    Tally,
    firm_key,
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

NOT_STATED_LABELS = {"chain": _("no follow-up or revision")}


@dataclass
class Grouping:
    """The filtered incidents and how `by` splits them: group keys, their names and order."""

    by: str
    filterset: object
    names: dict  # group key -> label, in vocabulary order (empty for years)
    firm_slugs: dict[int, str]
    families: frozenset | None = None  # the tallies to read (tallies.SETS); None: all
    _counts: tallies.Tallies | None = None
    _groups: dict = field(default_factory=dict)  # groups() of each distinct value

    def __post_init__(self):
        self._raw = attrgetter(*tallies.BY_COLUMNS[self.by])  # the row's values of `by`

    @property
    def title(self) -> str:
        return str(COMPARISONS[self.by])

    @property
    def counts(self) -> tallies.Tallies:
        """The filter state's tallies with the groups' columns in every set, read once."""
        if self._counts is None:
            self._counts = tallies.read(self.filterset, self.by, families=self.families)
        return self._counts

    def groups(self, row: tallies.Row) -> tuple:
        """The group keys of the incidents of a tally row, never none: NOT_STATED for a value
        the notice does not state; several for several causes, a follow-up and a revision.
        Worked out once per distinct value (tally rows repeat their groups' values)."""
        raw = self._raw(row)
        found = self._groups.get(raw)
        if found is None:
            found = self._groups[raw] = self.groups_of(row)
        return found

    def groups_of(self, row: tallies.Row) -> tuple:
        by = self.by
        if by == "forensic_firm":
            return (firm_key(row.firm, row.forensic_investigation, self.firm_slugs),)
        if by in ("cause", "chain"):
            return (row.causes if by == "cause" else row.chain) or (NOT_STATED,)
        value = {"discovered_by": row.discovered_by, "year": row.year}.get(by, row.report_stage)
        return (NOT_STATED,) if value is None or value == "" else (value,)

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


def grouping(filterset, by: str, charts=None) -> Grouping:
    """How `by` splits the incidents of `filterset`, counted for `charts` (COMPARE_CHARTS and
    "compare"; every chart of the page by default)."""
    families = None
    if charts is not None:
        families = frozenset(
            "ttd" if c == "compare" else "years" if c == "compare-per-year" else SHARES[c].family
            for c in charts
        )
    if by == "report_stage":
        names = Term.labels(Term.Kind.REPORT_STAGE)
    elif by == "year":
        names = {}  # years are their own labels, in order
    else:
        names = filterset.labels[by]
    firm_slugs = {pk: slug for slug, pk in filterset.firm_ids.items()}
    return Grouping(by, filterset, names, firm_slugs, families)


def group_columns(grouping: Grouping) -> list[Column]:
    return [
        Column("key", "key", shown=False),
        Column("label", grouping.title),
        Column("incidents", _("n")),
    ]


MARK_COLUMNS = [Column("small", "small", shown=False), Column("note", _("Note"))]


# Time to disclosure per group -----------------------------------------------------------------


class CompareRow(NamedTuple):
    days: Tally  # insights.TtdRow's
    groups: tuple  # the group keys of the incidents: several for several causes
    doubted: bool
    n: int  # how many incidents have these values, with days or not


def compare_rows(grouping: Grouping) -> list[CompareRow]:
    """The time-to-disclosure tallies with the groups their incidents belong to."""
    return [
        CompareRow(r.distribution, grouping.groups(r), r.ttd_doubtful, r.n)
        for r in grouping.counts.sets["ttd"]
    ]


def comparison(grouping: Grouping) -> Stat:
    """Median, quartiles, range and n of the time to disclosure in each group."""
    rows = compare_rows(grouping)
    weighted: dict = {}
    n = 0
    for r in rows:
        pairs = measured(r)
        n += sum(count for _days, count in pairs)
        for key in r.groups if pairs else ():
            weighted.setdefault(key, []).extend(pairs)
    groups = {key: Tally(pairs) for key, pairs in weighted.items()}
    table = []
    for key in grouping.order({k: len(v) for k, v in groups.items()}):
        days = groups[key]
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
        n=n,
        columns=[*ttd_group_columns(grouping.title, _("n")), *MARK_COLUMNS],
        rows=table,
        summary={"by": grouping.by, "min_n_per_group": COMPARE_MIN_N},
        excluded=ttd_excluded(rows),
    )


# Counting items per group -----------------------------------------------------------------------


class Counts(NamedTuple):
    cells: dict  # (group key, item) -> incidents
    sizes: dict  # group key -> incidents having any item
    n: int  # incidents having any item, each once


def count_items(grouping: Grouping, family: str, items) -> Counts:
    """Each incident once per group it is in and per item it has (`items(row)`: the items of
    a tally row of `family`, tallies.SETS, each with how many of the row's incidents have
    them)."""
    # Rows added up per (groups, items) first: many rows share them.
    combined: dict = {}
    for row in grouping.counts.sets[family]:
        for found, count in items(row):
            key = (grouping.groups(row), found)
            combined[key] = combined.get(key, 0) + count
    cells, sizes, n = {}, {}, 0
    for (groups, found), count in combined.items():
        n += count
        for key in groups:
            sizes[key] = sizes.get(key, 0) + count
            for item in found:
                cells[key, item] = cells.get((key, item), 0) + count
    return Counts(cells, sizes, n)


def medians(grouping: Grouping) -> dict:
    """The median records_max per group (those without a count left out), as SQL's
    percentile_cont(0.5) gives it: a float."""
    weighted: dict = {}
    for row in grouping.counts.sets["records"]:
        if row.distribution:
            weighted.setdefault(grouping.groups(row), []).extend(row.distribution.pairs)
    per_group: dict = {}
    for groups, pairs in weighted.items():
        for key in groups:
            per_group.setdefault(key, []).extend(pairs)
    # percentile_cont(0.5) is the inclusive method's median (statistics.quantiles, n=2).
    out = {}
    for key, pairs in per_group.items():
        values = Tally(pairs)
        out[key] = values.quantiles(2)[0] if len(values) > 1 else float(values[0])
    return out


# Disclosures per year per group -----------------------------------------------------------------


def per_year(grouping: Grouping, total: int) -> Stat:
    counts = count_items(grouping, "years", lambda row: weighed(row, (row.year,), row.year))
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


def records_buckets(row: tallies.Row) -> list[tuple[tuple, int]]:
    """The records facet's buckets (filters.RECORD_BUCKETS) of a row's record counts, each
    with how many of its incidents fall in it; none without a record count."""
    counted = ((code, row.distribution.between(low, high)) for code, low, high in RECORD_BUCKETS)
    return [((code,), n) for code, n in counted if n]


def weighed(row: tallies.Row, items: tuple, present) -> tuple:
    """The row's items with all its incidents, or none if `present` is not."""
    return ((items, row.n),) if present else ()


def items_of(column: str):
    """A multi-valued column's items (tuples already); a discoverer as one item, "" as none;
    with all the row's incidents (count_items)."""
    if column == "discovered_by":
        return lambda row: weighed(row, (row.discovered_by,), row.discovered_by)
    return lambda row: weighed(row, getattr(row, column), getattr(row, column))


@dataclass(frozen=True)
class Share:
    """One chart of the page as shares per group: which column, which items, what it says."""

    title: object
    measures: object
    family: str  # the tallies it counts (tallies.SETS)
    items: object  # a tally row -> its items, each with how many of its incidents have them
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
        "years", items_of("causes"), "cause", "no_cause_named", skip_by="cause",
    ),
    "compare-card-data": Share(
        _("Card data leaked by %(group)s"),
        _(
            "Share of each group's incidents whose notice says the card data item leaked, "
            "among those naming any card data item."
        ),
        "card_data", items_of("card_data"), "card_data", "no_card_data", highlight="security_code",
    ),
    "compare-personal-data": Share(
        _("Personal data leaked by %(group)s"),
        _(
            "Share of each group's incidents whose notice says the personal data item leaked, "
            "among those naming any personal data item."
        ),
        "personal_data", items_of("personal_data"), "personal_data", "no_personal_data",
    ),
    "compare-records": Share(
        _("Records per incident by %(group)s"),
        _(
            "records_max in the buckets of the records filter: share of each group's incidents "
            "with a record count, and the group's median."
        ),
        "records", records_buckets, "records", "no_records",
    ),
    "compare-discovered-by": Share(
        _("Who discovers breaches, by %(group)s"),
        _("discovered_by: share of each group's incidents whose notice names the discoverer."),
        "discovered_by", items_of("discovered_by"), "discovered_by", "no_discoverer",
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
    counts = count_items(grouping, spec.family, spec.items)
    present = {item for _key, item in counts.cells}
    items = [c for c in names if c in present] + sorted(present - set(names))
    middle = medians(grouping) if spec.family == "records" else None
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
