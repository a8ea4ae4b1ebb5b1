"""Aggregates behind the insights page: plain functions over the counts tallies.py reads of
the filtered incidents (one row per combination of values, with how many incidents have it).

Each returns a `Stat`: the numbers as a table (what the JSON and CSV give), how many incidents
they rest on (`n`), which dates or fields they measure, and how many incidents were left out and
why. Drawing is `charts.py`'s job; a Stat with `n < MIN_N` is shown as "not enough data".
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import itemgetter
from typing import NamedTuple

from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

MIN_N = 3
NICE_WIDTHS = (7, 14, 30, 60, 90, 180, 365)
MAX_BINS = 16
NO_INVESTIGATION = "none"
HIGHLIGHT = {"card_data": "security_code"}

EXCLUDED = {
    "no_first_disclosed_on": _("no first disclosure date"),
    "no_dates": _("no discovery date or no first disclosure date"),
    "negative_ttd": _("a first disclosure before the stated discovery (a date error)"),
    "doubted_ttd": _("dates that fail a cross-field check, awaiting review"),
    "no_causes": _("no cause named, or no first disclosure date"),
    "no_cause_named": _("no cause named"),
    "no_card_data": _("no card data item named"),
    "no_personal_data": _("no personal data item named"),
    "no_records": _("no record count"),
    "zero_records": _("a record count of 0 (no place on a log scale)"),
    "no_discoverer": _("no discoverer named"),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    shown: bool = True  # machine codes go to JSON/CSV but not into the HTML table
    grouped: bool = True  # thousands separators in the HTML table (not for years)


@dataclass
class Stat:
    slug: str
    title: str
    measures: str
    kind: str  # how charts.py draws it
    n: int
    columns: list[Column]
    rows: list[dict]
    summary: dict = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)
    points: dict = field(default_factory=dict)  # raw values for dot plots, not exported

    @property
    def enough(self) -> bool:
        return self.n >= MIN_N

    @property
    def shown_columns(self) -> list[Column]:
        return [c for c in self.columns if c.shown]

    @property
    def table(self) -> list[list]:
        """The shown cells as people read them: 12,345 and 41.5; None stays None."""
        columns = self.shown_columns
        return [[readable(row[c.key], c.grouped) for c in columns] for row in self.rows]

    @property
    def left_out(self) -> list[tuple[int, str]]:
        return [(count, EXCLUDED[key]) for key, count in self.excluded.items() if count]

    @property
    def left_out_text(self) -> str:
        """The left-out incidents as one sentence, with the punctuation of the language."""
        reasons = [
            ngettext("%(n)s incident with %(reason)s", "%(n)s incidents with %(reason)s", count)
            % {"n": readable(count), "reason": reason}
            for count, reason in self.left_out
        ]
        separator = pgettext("between the reasons of a list", "; ")
        sentence = gettext("Left out: %(reasons)s") % {"reasons": separator.join(reasons)}
        return pgettext("end of a sentence", "%(sentence)s.") % {"sentence": sentence}


def readable(value, grouped: bool = True):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if not grouped:
        return str(value)
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def share(count: int, n: int) -> float:
    return round(100 * count / n, 1) if n else 0.0


class Tally:
    """A distribution as the counts the insights statement gives (tallies.py): (value, how
    many incidents) pairs in value order, a value possibly in several pairs. Indexing, len()
    and the quantiles are those of the list with every value repeated, without making it."""

    def __init__(self, weighted=()):
        self.pairs = sorted(weighted)
        self.values = list(map(itemgetter(0), self.pairs))
        self.ends = list(accumulate(map(itemgetter(1), self.pairs)))

    def __len__(self) -> int:
        return self.ends[-1] if self.ends else 0

    def __getitem__(self, rank: int):
        if rank < 0:
            rank += len(self)
        if not 0 <= rank < len(self):
            raise IndexError(rank)
        return self.pairs[bisect_right(self.ends, rank)][0]

    def __iter__(self):
        for value, n in self.pairs:
            yield from repeat(value, n)

    def quantiles(self, n: int) -> list[float]:
        """statistics.quantiles(values, n=n, method="inclusive"), at least two values."""
        m = len(self) - 1
        out = []
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            out.append((self[j] * (n - delta) + self[j + 1] * delta) / n)
        return out

    def between(self, low=None, high=None) -> int:
        """How many values are at least `low` and at most `high` (None: no bound)."""
        top = len(self) if high is None else self.before(bisect_right(self.values, high))
        return top - (0 if low is None else self.before(bisect_left(self.values, low)))

    def before(self, i: int) -> int:
        """How many values the first `i` pairs hold."""
        return self.ends[i - 1] if i else 0

    def above(self, limit) -> int:
        """How many values are greater than `limit`."""
        return len(self) - self.before(bisect_right(self.values, limit))

    def at_least(self, low) -> list[tuple]:
        """The pairs of the values not below `low`."""
        return self.pairs[bisect_left(self.values, low) :]


def spread(values: Tally) -> dict:
    """Median, quartiles and range; empty when there is nothing to summarise."""
    if not values:
        return {}
    q1, median, q3 = values.quantiles(4) if len(values) > 1 else [values[0]] * 3
    return {"median": median, "q1": q1, "q3": q3, "min": values[0], "max": values[-1]}


def counted(rows, condition) -> int:
    return sum(row.n for row in rows if condition(row))


# Disclosures per year -----------------------------------------------------------------------


def disclosures_per_year(rows) -> Stat:
    counts: dict = {}
    for row in rows:
        counts[row.year] = counts.get(row.year, 0) + row.n
    missing = counts.pop(None, 0)
    years = range(min(counts), max(counts) + 1) if counts else []
    return Stat(
        slug="per-year",
        title=_("Disclosures per year"),
        measures=_("Year of first_disclosed_on, the date of the first public notice."),
        kind="columns",
        n=sum(counts.values()),
        columns=[Column("year", _("Year"), grouped=False), Column("incidents", _("Incidents"))],
        rows=[{"year": y, "incidents": counts.get(y, 0)} for y in years],
        excluded={"no_first_disclosed_on": missing},
    )


# Time to disclosure -------------------------------------------------------------------------


class TtdRow(NamedTuple):
    """The time to disclosure of the incidents sharing a firm, a year and a doubt: their days
    (tallies.Row.distribution), and `n` with those without."""

    days: Tally  # negative ones are date errors
    firm: str  # firm slug, UNNAMED, or NO_INVESTIGATION
    year: int | None
    doubted: bool = False  # a cross-field check doubts the dates (ttd_days is NULL)
    n: int = 1  # how many incidents, with days or not


def ttd_group_columns(group_label, count_label) -> list[Column]:
    """The table of a time to disclosure per group: the group, its n and the spread in days."""
    return [
        Column("key", "key", shown=False),
        Column("label", group_label),
        Column("incidents", count_label),
        Column("median", _("Median (days)")),
        Column("q1", _("Lower quartile")),
        Column("q3", _("Upper quartile")),
        Column("min", _("Fastest")),
        Column("max", _("Slowest")),
    ]


def firm_key(firm: int | None, investigated: bool, firm_slugs: dict[int, str]) -> str:
    """An incident's forensic firm as the site spells it: slug, UNNAMED or NO_INVESTIGATION."""
    from .filters import UNNAMED

    if firm is not None:
        return firm_slugs.get(firm, str(firm))
    return UNNAMED if investigated else NO_INVESTIGATION


def ttd_rows(rows, firm_slugs: dict[int, str]) -> list[TtdRow]:
    """Time-to-disclosure tallies (tallies.SETS) as the charts read them."""
    firms: dict = {}  # (firm, investigated) -> firm_key, worked out once each
    out = []
    for r in rows:
        firm = (r.firm, r.forensic_investigation)
        if firm not in firms:
            firms[firm] = firm_key(r.firm, r.forensic_investigation, firm_slugs)
        out.append(TtdRow(r.distribution, firms[firm], r.year, r.ttd_doubtful, r.n))
    return out


def ttd_excluded(rows) -> dict[str, int]:
    """Rows with `days` (a Tally), `doubted` and `n` (TtdRow, comparisons.CompareRow)."""
    return {
        "no_dates": sum(r.n - len(r.days) for r in rows if not r.doubted),
        "negative_ttd": sum(r.days.between(None, -1) for r in rows),
        "doubted_ttd": sum(r.n for r in rows if r.doubted),
    }


def measured(row) -> list[tuple[int, int]]:
    """(days, incidents) of a row's incidents whose days can be measured: none negative."""
    return row.days.at_least(0)


TTD_MEASURES = _("Time to disclosure: days from discovered_on to first_disclosed_on.")


def bin_width(values: Tally) -> int:
    """A round width giving at most MAX_BINS bins up to the 95th percentile."""
    top = values.quantiles(20)[-1] if len(values) > 1 else 1
    for width in NICE_WIDTHS:
        if top / width < MAX_BINS:
            return width
    return int(top // MAX_BINS) + 1


def time_to_disclosure(rows: list[TtdRow]) -> Stat:
    values = Tally(pair for r in rows for pair in measured(r))
    table = []
    if values:
        width = bin_width(values)
        top = values.quantiles(20)[-1] if len(values) > 1 else 0
        last = int(top // width) + 1  # bins [0, last*width); the rest in one open bin
        counts = [0] * (last + 1)
        for v, n in values.pairs:
            counts[min(v // width, last)] += n
        for i, count in enumerate(counts):
            is_open = i == last
            if is_open and not count:
                continue
            high = None if is_open else (i + 1) * width - 1
            table.append({"from_days": i * width, "to_days": high, "incidents": count})
    return Stat(
        slug="ttd",
        title=_("Time to disclosure"),
        measures=TTD_MEASURES,
        kind="histogram",
        n=len(values),
        columns=[
            Column("from_days", _("From (days)")),
            Column("to_days", _("To (days)")),
            Column("incidents", _("Incidents")),
        ],
        rows=table,
        summary=spread(values),
        excluded=ttd_excluded(rows),
    )


def ttd_groups(slug, title, rows, key, labels: dict, order, column_label) -> Stat:
    weighted: dict = {}
    for r in rows:
        if pairs := measured(r):
            weighted.setdefault(getattr(r, key), []).extend(pairs)
    groups = {value: Tally(pairs) for value, pairs in weighted.items()}
    table, points = [], {}
    for value in order(groups):
        days = groups[value]
        label = labels.get(value, str(value))
        points[value] = days
        stats = spread(days) if len(days) >= MIN_N else {}
        table.append(
            {
                "key": value,
                "label": label,
                "incidents": len(days),
                **{k: stats.get(k) for k in ("median", "q1", "q3")},
                "min": days[0],
                "max": days[-1],
            }
        )
    return Stat(
        slug=slug,
        title=title,
        measures=TTD_MEASURES,
        kind="strips",
        n=sum(len(d) for d in groups.values()),
        columns=[
            *ttd_group_columns(column_label, _("Incidents")),
        ],
        rows=table,
        summary={"min_n_per_group": MIN_N},
        excluded=ttd_excluded(rows),
        points=points,
    )


def ttd_by_firm(rows: list[TtdRow], firm_labels: dict[str, str]) -> Stat:
    labels = {**firm_labels, NO_INVESTIGATION: str(_("No forensic investigation"))}

    def order(groups):  # biggest groups first, like the facet lists
        return sorted(groups, key=lambda k: (-len(groups[k]), labels.get(k, k)))

    title = _("Time to disclosure by forensic firm")
    return ttd_groups("ttd-by-firm", title, rows, "firm", labels, order, _("Forensic firm"))


def ttd_by_year(rows: list[TtdRow]) -> Stat:
    title = _("Time to disclosure by year of first disclosure")
    return ttd_groups("ttd-by-year", title, rows, "year", {}, sorted, _("Year"))


# Causes over time ---------------------------------------------------------------------------


def causes_over_time(rows, labels: dict[str, str]) -> Stat:
    counts: dict = {}
    for row in rows:
        if row.year is not None:
            for cause in row.causes:
                counts[row.year, cause] = counts.get((row.year, cause), 0) + row.n
    n = counted(rows, lambda r: r.causes and r.year is not None)
    total = counted(rows, lambda r: True)
    years = sorted({y for y, _c in counts})
    years = list(range(years[0], years[-1] + 1)) if years else []
    codes = [c for c in labels if any((y, c) in counts for y in years)]
    codes += sorted({c for _y, c in counts} - set(codes))  # codes the vocabulary lacks
    table = []
    for code in codes:
        per_year = {str(y): counts.get((y, code), 0) for y in years}
        total_code = sum(per_year.values())
        table.append(
            {"cause": code, "label": labels.get(code, code), "total": total_code, **per_year}
        )
    table.sort(key=lambda r: -r["total"])
    return Stat(
        slug="causes",
        title=_("Causes over time"),
        measures=_(
            "Causes the notices name, by year of first_disclosed_on; an incident can have "
            "several causes."
        ),
        kind="multiples",
        n=n,
        columns=[
            Column("cause", "code", shown=False),
            Column("label", _("Cause")),
            Column("total", _("All years")),
            *[Column(str(y), str(y)) for y in years],
        ],
        rows=table,
        summary={"years": years},
        excluded={"no_causes": total - n},
    )


# Data items, discoverers ----------------------------------------------------------------------


def count_rows(counts: dict[str, int], labels: dict[str, str], n: int) -> list[dict]:
    """Vocabulary order first, then codes the vocabulary lacks."""
    codes = [c for c in labels if c in counts] + sorted(set(counts) - set(labels))
    return [
        {
            "item": c,
            "label": labels.get(c, c),
            "incidents": counts[c],
            "percent": share(counts[c], n),
        }
        for c in codes
    ]


def item_counts(rows, column: str, labels: dict[str, str], slug: str, title, measures) -> Stat:
    counts: dict = {}
    for row in rows:
        for item in getattr(row, column):
            counts[item] = counts.get(item, 0) + row.n
    n = counted(rows, lambda r: getattr(r, column))
    total = counted(rows, lambda r: True)
    return Stat(
        slug=slug,
        title=title,
        measures=measures,
        kind="bars",
        n=n,
        columns=[
            Column("item", "code", shown=False),
            Column("label", _("Item")),
            Column("incidents", _("Incidents")),
            Column("percent", _("Share of n (%)")),
        ],
        rows=count_rows(counts, labels, n),
        summary={"highlight": HIGHLIGHT.get(column)},
        excluded={f"no_{column}": total - n},
    )


def card_data(rows, labels: dict[str, str]) -> Stat:
    measures = _(
        "Card data items the notices say leaked, as a share of the incidents whose notice "
        "names any card data item (an incident can name several)."
    )
    return item_counts(rows, "card_data", labels, "card-data", _("Card data leaked"), measures)


def personal_data(rows, labels: dict[str, str]) -> Stat:
    measures = _(
        "Personal data items the notices say leaked, as a share of the incidents whose notice "
        "names any personal data item (an incident can name several)."
    )
    title = _("Personal data leaked")
    return item_counts(rows, "personal_data", labels, "personal-data", title, measures)


def discoverers(rows, labels: dict[str, str]) -> Stat:
    counts: dict = {}
    for row in rows:
        counts[row.discovered_by] = counts.get(row.discovered_by, 0) + row.n
    missing = counts.pop("", 0)
    n = sum(counts.values())
    return Stat(
        slug="discovered-by",
        title=_("Who discovers breaches"),
        measures=_("discovered_by: who first noticed the breach, as the notice states."),
        kind="bars",
        n=n,
        columns=[
            Column("item", "code", shown=False),
            Column("label", _("Discovered by")),
            Column("incidents", _("Incidents")),
            Column("percent", _("Share of n (%)")),
        ],
        rows=count_rows(counts, labels, n),
        excluded={"no_discoverer": missing},
    )


# Records ------------------------------------------------------------------------------------


def records_per_incident(rows) -> Stat:
    pairs, zero, missing = [], 0, 0
    for r in rows:
        missing += r.n - len(r.distribution)
        zero += r.distribution.between(0, 0)  # 0 has no place on a log scale
        pairs += (pair for pair in r.distribution.pairs if pair[0] != 0)
    values = Tally(pairs)
    digits = range(len(str(values[0])), len(str(values[-1])) + 1) if values else []
    decades = [(10 ** (d - 1), 10**d - 1) for d in digits]
    table = [
        {"from": low, "to": high, "incidents": values.between(low, high)} for low, high in decades
    ]
    return Stat(
        slug="records",
        title=_("Records per incident"),
        measures=_(
            "records_max: the largest number of cards or records a notice gives for the "
            "incident, on a log scale."
        ),
        kind="logstrip",
        n=len(values),
        columns=[
            Column("from", _("From")),
            Column("to", _("To")),
            Column("incidents", _("Incidents")),
        ],
        rows=table,
        summary=spread(values),
        excluded={"no_records": missing, "zero_records": zero},
        points={"": values},
    )


# All of them --------------------------------------------------------------------------------

CHARTS = (
    "per-year",
    "ttd",
    "ttd-by-firm",
    "ttd-by-year",
    "causes",
    "card-data",
    "personal-data",
    "records",
    "discovered-by",
)


# The tallies (tallies.SETS) each chart adds up.
FAMILIES = {
    "per-year": "years",
    "ttd": "ttd",
    "ttd-by-firm": "ttd_by_firm",
    "ttd-by-year": "ttd_by_year",
    "causes": "years",
    "card-data": "card_data",
    "personal-data": "personal_data",
    "records": "records",
    "discovered-by": "discovered_by",
}


def compute(slugs, filterset, counts=None) -> list[Stat]:
    """The Stats of `slugs`, in that order, of the incidents `filterset` selects; from
    `counts` (tallies.read of the same filter state) when given, else read here."""
    from . import tallies

    if counts is None:
        counts = tallies.read(filterset, families={FAMILIES[slug] for slug in slugs})
    sets = counts.sets
    labels = filterset.labels
    firm_slugs = {pk: slug for slug, pk in filterset.firm_ids.items()}
    builders = {
        "per-year": lambda: disclosures_per_year(sets["years"]),
        "ttd": lambda: time_to_disclosure(ttd_rows(sets["ttd"], firm_slugs)),
        "ttd-by-firm": lambda: ttd_by_firm(
            ttd_rows(sets["ttd_by_firm"], firm_slugs), labels["forensic_firm"]
        ),
        "ttd-by-year": lambda: ttd_by_year(ttd_rows(sets["ttd_by_year"], firm_slugs)),
        "causes": lambda: causes_over_time(sets["years"], labels["cause"]),
        "card-data": lambda: card_data(sets["card_data"], labels["card_data"]),
        "personal-data": lambda: personal_data(sets["personal_data"], labels["personal_data"]),
        "records": lambda: records_per_incident(sets["records"]),
        "discovered-by": lambda: discoverers(sets["discovered_by"], labels["discovered_by"]),
    }
    return [builders[slug]() for slug in slugs]
