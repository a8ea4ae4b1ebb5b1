"""Server-rendered SVG charts: small functions that build escaped markup from a `Stat`.

Every value of a piece is escaped as `format_html` escapes it (`esc`: the basic shapes write
their markup themselves, as a page has thousands of them; the rest use `format_html`), and
pieces are joined escaping any that is not yet safe, so no string reaches the page unescaped.
Colours are Okabe–Ito (colour-blind safe); highlighted bars and medians also differ in weight
or dash, not in colour alone. Text is sized for the viewBox width, which the stylesheet lets
scale down to a phone.
"""

import functools
import html
import math
import re
import unicodedata

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .comparisons import COMPARE_MIN_N
from .insights import MIN_N, Stat, Tally

WIDTH = 440
FONT = 14
SMALL = 12
BREAKS = re.compile(r"(?<=[ ・/／])")
LABEL_ROOM = 150  # widest row label; longer ones wrap to two lines
CAP_FROM = 20  # dot plots with fewer dots show every one of them on the axis
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREY = "#6B7280"
GRID = "#D5D8DD"
INK = "#1A1A1A"


# Markup helpers -------------------------------------------------------------------------------


def join(parts) -> str:
    # conditional_escape of each part, without its lazy-string wrapper for the safe ones.
    return mark_safe("".join(esc(p) for p in parts))  # noqa: S308 -- each part escaped


def num(x: float) -> str:
    """A coordinate for an attribute."""
    return f"{x:.1f}"


def label_number(x) -> str:
    """A number for people: thousands separators, at most one decimal."""
    if x is None:
        return "—"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.1f}"


def compact(x: float) -> str:
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if x >= size:
            return f"{x / size:g}{suffix}"
    return f"{x:g}"


def text_width(text: str, size: float = FONT) -> float:
    """Rough rendered width: CJK characters are square, Latin ones about 0.6 em."""
    wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return wide * size + (len(text) - wide) * size * 0.6


def esc(value) -> str:
    """format_html's escaping of one value (conditional_escape), without the lazy-string
    wrapper that costs more than the escaping for the thousands of pieces of a page."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def text(x, y, content, anchor="start", cls="", size=FONT) -> str:
    return mark_safe(  # noqa: S308 -- every value escaped
        f'<text x="{num(x)}" y="{num(y)}" text-anchor="{esc(anchor)}" font-size="{esc(size)}" '
        f'class="{esc(cls)}">{esc(content)}</text>'
    )


def rect(x, y, w, h, fill, tip="", cls="") -> str:
    return mark_safe(  # noqa: S308 -- every value escaped
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(w, 0))}" height="{num(max(h, 0))}" '
        f'fill="{esc(fill)}" class="{esc(cls)}"><title>{esc(tip)}</title></rect>'
    )


def line(x1, y1, x2, y2, stroke=GRID, width=1, dash="") -> str:
    dashed = f' stroke-dasharray="{esc(dash)}"' if dash else ""
    return mark_safe(  # noqa: S308 -- every value escaped
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
        f'stroke="{esc(stroke)}" stroke-width="{esc(width)}"{dashed}/>'
    )


# The few colours and "12 days" in row after row, escaped once.
escaped = functools.lru_cache(maxsize=4096)(html.escape)


class Dots:
    """Dots of one look, thousands per page: each written out with its constant part made
    once, and format_html's escaping of its text (html.escape is what
    django.utils.html.escape calls, without its lazy-string wrapper). A run of them becomes
    one safe piece (`marks`)."""

    def __init__(self, fill, hollow=False):
        inside, edge = escaped("none" if hollow else fill), escaped(fill)
        self.rest = f'" r="4" fill="{inside}" fill-opacity=".6" stroke="{edge}"><title>'

    def at(self, cx: str, cy: str, tip: str) -> str:
        """A dot at coordinates written already (num)."""
        return f'<circle cx="{cx}" cy="{cy}{self.rest}{escaped(tip)}</title></circle>'


def marks(pieces: list[str]) -> str:
    """Pieces each written escaped (Dots, or safe strings), as one safe piece."""
    return mark_safe("".join(pieces))  # noqa: S308 -- each piece escaped


MAX_DOTS = 400


def merged(values: Tally, x) -> list[tuple[float, int]]:
    """(value, how many) to draw: every value, or past MAX_DOTS one dot per pixel column.

    Thousands of overlapping dots say no more than one and make the page heavy to send and draw.
    """
    if len(values) <= MAX_DOTS:
        return [(v, 1) for v in values]
    columns: dict[int, list] = {}
    for v, n in values.pairs:
        column = columns.setdefault(round(x(v)), [v, 0])
        column[1] += n
    return [(v, n) for v, n in columns.values()]


@functools.lru_cache(maxsize=8192)
def day_tip(days: int, language: str | None) -> str:
    """「12日」, "12 days": translated once per language (a strip chart has hundreds)."""
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


def times(tip: str, count: int) -> str:
    return tip if count == 1 else f"{tip} × {count}"


def svg(stat: Stat, height: float, desc: str, body, width: float = WIDTH, natural=False) -> str:
    """The chart, scaled to its box; a `natural` one is drawn at its own size (or smaller on a
    narrow screen), and one wider than WIDTH ("wide") keeps its size and scrolls on a phone."""
    size = ""
    if natural:  # a little larger than the viewBox, as the other charts are on a desktop
        size = format_html(' width="{}" height="{}"', num(width * 1.15), num(height * 1.15))
    classes = " natural" * natural + " wide" * (width > WIDTH)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg{}" role="img" '
        'viewBox="0 0 {} {}"{} aria-labelledby="{}-title {}-desc" font-family="inherit">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        classes, num(width), num(height), size, stat.slug, stat.slug, stat.slug, stat.title,
        stat.slug, desc, join(body),
    )  # fmt: skip


def nice_step(top: float, ticks: int = 5) -> float:
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def axis_top(top: float) -> tuple[float, float]:
    """A round axis end and tick step for counts or days: whole numbers only."""
    step = max(nice_step(top), 1)
    return step * math.ceil(max(top, 1) / step), step


def jitter(i: int) -> float:
    """A spread in [-1, 1] that is the same on every render (golden-ratio sequence)."""
    return ((i * 0.6180339887) % 1) * 2 - 1


# Charts ---------------------------------------------------------------------------------------


def columns(stat: Stat) -> str:
    """Vertical bars, one per year."""
    rows = stat.rows
    left, right, top, bottom, height = 36, 8, 18, 28, 220
    plot_h = height - top - bottom
    ymax, step = axis_top(max(r["incidents"] for r in rows))
    band = (WIDTH - left - right) / len(rows)
    every = max(1, math.ceil(text_width("2000", SMALL) * 1.4 / band))
    body = []
    for k in range(int(ymax / step) + 1):
        y = top + plot_h - k * step / ymax * plot_h
        body += [line(left, y, WIDTH - right, y), text(left - 6, y + 4, compact(k * step), "end")]
    for i, row in enumerate(rows):
        h = row["incidents"] / ymax * plot_h
        x = left + i * band + band * 0.12
        tip = f"{row['year']}: {row['incidents']}"
        body.append(rect(x, top + plot_h - h, band * 0.76, h, BLUE, tip))
        if band >= 18 and row["incidents"]:
            body.append(
                text(x + band * 0.38, top + plot_h - h - 4, row["incidents"], "middle", "", SMALL)
            )
        if i % every == 0:
            body.append(text(x + band * 0.38, height - 8, row["year"], "middle", "", SMALL))
    peak = max(rows, key=lambda r: r["incidents"])
    desc = _(
        "Column chart of incidents per year of first disclosure, %(first)s to %(last)s, "
        "%(n)s incidents in all; the most in %(peak)s (%(peak_n)s)."
    ) % {
        "first": rows[0]["year"], "last": rows[-1]["year"], "n": stat.n,
        "peak": peak["year"], "peak_n": peak["incidents"],
    }  # fmt: skip
    return svg(stat, height, desc, body)


def histogram(stat: Stat) -> str:
    """Contiguous bins on a linear day axis, an open last bin set apart, the median marked."""
    rows = stat.rows
    closed = [r for r in rows if r["to_days"] is not None]
    open_bin = next((r for r in rows if r["to_days"] is None), None)
    left, right, top, bottom, height = 36, 8, 30, 40, 230
    plot_h = height - top - bottom
    slots = len(closed) + (1.4 if open_bin else 0)
    band = (WIDTH - left - right) / slots
    width_days = closed[0]["to_days"] + 1
    ymax, step = axis_top(max(r["incidents"] for r in rows))
    body = []
    for k in range(int(ymax / step) + 1):
        y = top + plot_h - k * step / ymax * plot_h
        body += [line(left, y, WIDTH - right, y), text(left - 6, y + 4, compact(k * step), "end")]
    day = _("days")
    for i, row in enumerate(closed):
        x, h = left + i * band, row["incidents"] / ymax * plot_h
        tip = f"{row['from_days']}–{row['to_days']} {day}: {row['incidents']}"
        body.append(rect(x + 0.5, top + plot_h - h, band - 1, h, BLUE, tip))
    end_days = len(closed) * width_days
    tick = nice_step(end_days, max(2, int((WIDTH - left - right) / 70)))
    for days in range(0, end_days + 1, int(tick)):
        tx = left + days / width_days * band
        if open_bin and tx > left + (len(closed) - 0.6) * band:
            continue  # would run into the open bin's label
        body.append(line(tx, top + plot_h, tx, top + plot_h + 4, INK))
        body.append(text(tx, top + plot_h + 17, days, "middle", "", SMALL))
    if open_bin:
        x, h = left + (len(closed) + 0.4) * band, open_bin["incidents"] / ymax * plot_h
        label = f"≥{open_bin['from_days']}"
        tip = f"{label} {day}: {open_bin['incidents']}"
        body.append(rect(x, top + plot_h - h, band - 1, h, BLUE, tip, "open"))
        body.append(text(x + band / 2, top + plot_h + 17, label, "middle", "", SMALL))
    body.append(line(left, top + plot_h, WIDTH - right, top + plot_h, INK))
    body.append(text(WIDTH - right, height - 4, _("days from discovery to first notice"), "end"))
    median = stat.summary["median"]
    mx = left + min(median / width_days, len(closed)) * band
    body.append(line(mx, top - 6, mx, top + plot_h, VERMILLION, 3, "6 3"))
    median_label = _("median %(days)s days") % {"days": label_number(median)}
    anchor = "start" if mx < WIDTH * 0.6 else "end"
    body.append(text(mx + (4 if anchor == "start" else -4), top - 10, median_label, anchor, "em"))
    desc = _(
        "Histogram of the time to disclosure of %(n)s incidents: median %(median)s days, "
        "half of them between %(q1)s and %(q3)s days, the longest %(max)s days."
    ) % ({k: label_number(stat.summary[k]) for k in ("median", "q1", "q3", "max")} | {"n": stat.n})
    return svg(stat, height, desc, body)


def day_axis(left, right, top, height, xmax, step):
    """The horizontal days axis shared by the per-group charts: the x scale (capped at xmax),
    its grid lines and ticks, and the 「n · median」 column heading."""
    plot_w = WIDTH - left - right

    def x(days):
        return left + min(days, xmax) / xmax * plot_w

    body = [text(WIDTH - right + 8, top - 8, _("n · median"), "start", "note", SMALL)]
    for k in range(int(xmax / step) + 1):
        gx = x(k * step)
        body += [line(gx, top, gx, height - 30), text(gx, height - 14, compact(k * step), "middle")]
    return x, body


def strips(stat: Stat) -> str:
    """Small multiples as dot strips: one row per group on a shared day axis.

    The axis stops near the 95th percentile so that one very slow case does not squash the
    rest; the cases beyond are drawn as triangles at the right edge.
    """
    rows = stat.rows
    labels = [str(r["label"]) for r in rows]
    left = min(max(text_width(s) for s in labels) + 14, LABEL_ROOM)
    right, top, row_h = 78, 24, 30
    height = top + row_h * len(rows) + 34
    everything = Tally(pair for days in stat.points.values() for pair in days.pairs)
    p95 = everything[int(0.95 * (len(everything) - 1))]
    capped = len(everything) >= CAP_FROM and everything[-1] > p95 * 1.3
    xmax, step = axis_top(p95 if capped else everything[-1])
    x, body = day_axis(left, right, top, height, xmax, step)
    language = get_language()
    day_x: dict[int, str] = {}  # where a day's dots go, written once
    offsets = [jitter(j) * row_h * 0.28 for j in range(MAX_DOTS + 1)]  # the dots' spread
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        cy = top + i * row_h + row_h / 2
        few = row["incidents"] < MIN_N
        body.append(row_label(left - 8, cy, label, left - 14))
        body.append(line(left, cy, WIDTH - right, cy, "#EEF0F3"))
        colour = GREY if few else BLUE
        look, pieces = Dots(colour, few), []
        for j, (days, count) in enumerate(merged(stat.points[row["key"]], x)):
            tip = day_tip(days, language)
            if count != 1:
                tip = times(tip, count)
            y = cy + (offsets[j] if j <= MAX_DOTS else jitter(j) * row_h * 0.28)
            if days > xmax:
                pieces.append(beyond(x(days) + 3, y, colour, tip))
                continue
            cx = day_x.get(days)
            if cx is None:
                cx = day_x[days] = num(x(days))
            pieces.append(look.at(cx, num(y), tip))
        body.append(marks(pieces))
        median = "–"
        if not few:
            mx = x(row["median"])
            body.append(line(mx, cy - row_h * 0.42, mx, cy + row_h * 0.42, VERMILLION, 3))
            median = label_number(row["median"])
        body.append(
            text(
                WIDTH - right + 8, cy + 4, f"{row['incidents']} · {median}", "start", "note", SMALL
            )
        )
    outside = everything.above(xmax)
    axis = _("days")
    if outside:
        axis = _("days (▶ more than %(max)s)") % {"max": label_number(xmax)}
    body.append(text(WIDTH - right, height - 1, axis, "end", "", SMALL))
    desc = _(
        "Dot plot of the time to disclosure, one dot per incident and one row per group "
        "(%(groups)s rows, %(n)s incidents); a thick vertical mark shows the median of each "
        "group with at least %(min_n)s incidents."
    ) % {"groups": len(rows), "n": stat.n, "min_n": MIN_N}
    if outside:
        desc += " " + ngettext(
            "%(count)s incident took more than %(max)s days and is drawn at the right edge.",
            "%(count)s incidents took more than %(max)s days and are drawn at the right edge.",
            outside,
        ) % {"count": outside, "max": label_number(xmax)}
    return svg(stat, height, desc, body)


def boxes(stat: Stat) -> str:
    """One box per group: the middle half (quartiles), the median as a thick mark, the range
    as a thin line. Groups under COMPARE_MIN_N are hollow, grey and marked "n < 5"."""
    rows = stat.rows
    labels = [str(r["label"]) for r in rows]
    left = min(max(text_width(s) for s in labels) + 14, LABEL_ROOM)
    right, top, row_h = 92, 24, 36
    height = top + row_h * len(rows) + 34
    # The axis ends a little past the widest box: one very slow case does not squash the rest.
    widest = max(r["max"] for r in rows)
    xmax, step = axis_top(min(widest, max(max(r["q3"] for r in rows) * 2, 1)))
    x, body = day_axis(left, right, top, height, xmax, step)
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        cy = top + i * row_h + row_h / 2
        small = row["incidents"] < COMPARE_MIN_N
        colour = GREY if small else BLUE
        body.append(row_label(left - 8, cy, label, left - 14))
        body.append(line(x(row["min"]), cy, x(row["max"]), cy, colour, 1.5))
        if row["max"] > xmax:
            body.append(beyond(x(xmax) + 3, cy, colour, f"{label_number(row['max'])}"))
        tip = _("%(label)s: median %(median)s days, middle half %(q1)s–%(q3)s, n = %(n)s") % {
            "label": label, "n": row["incidents"],
            **{k: label_number(row[k]) for k in ("median", "q1", "q3")},
        }  # fmt: skip
        box_h = row_h * 0.5
        body.append(
            box(
                x(row["q1"]), cy - box_h / 2, x(row["q3"]) - x(row["q1"]), box_h, colour, tip, small
            )
        )
        mx = x(row["median"])
        body.append(
            line(mx, cy - row_h * 0.34, mx, cy + row_h * 0.34, GREY if small else VERMILLION, 3)
        )
        figures = f"{row['incidents']} · {label_number(row['median'])}"
        body.append(
            text(WIDTH - right + 8, cy + (0 if small else 4), figures, "start", "note", SMALL)
        )
        if small:
            body.append(text(WIDTH - right + 8, cy + 13, _("n < 5"), "start", "note", SMALL))
    axis = _("days")
    if widest > xmax:
        axis = _("days (▶ more than %(max)s)") % {"max": label_number(xmax)}
    body.append(text(WIDTH - right, height - 1, axis, "end", "", SMALL))
    desc = _(
        "Box plot of the time to disclosure per group (%(groups)s groups, %(n)s incidents): each "
        "box spans the middle half of the group, the thick mark is its median and the thin line "
        "its range; groups of fewer than %(min_n)s incidents are grey and marked n < %(min_n)s."
    ) % {"groups": len(rows), "n": stat.n, "min_n": COMPARE_MIN_N}
    return svg(stat, height, desc, body)


def box(x, y, w, h, colour, tip, hollow) -> str:
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}" stroke="{}" '
        'stroke-width="1.5"{}><title>{}</title></rect>',
        num(x), num(y), num(max(w, 2)), num(h), colour, "0" if hollow else ".35", colour,
        format_html(' stroke-dasharray="{}"', "4 2") if hollow else "", tip,
    )  # fmt: skip


def beyond(x, y, fill, tip) -> str:
    """A right-pointing triangle: a value past the end of the axis."""
    points = f"{num(x - 4)},{num(y - 5)} {num(x + 4)},{num(y)} {num(x - 4)},{num(y + 5)}"
    return format_html(
        '<polygon points="{}" fill="{}" fill-opacity=".6" stroke="{}"><title>{}</title></polygon>',
        points, fill, fill, tip,
    )  # fmt: skip


def shorten(label: str, room: float, size: float = FONT) -> str:
    if text_width(label, size) <= room:
        return label
    while label and text_width(label + "…", size) > room:
        label = label[:-1]
    return label + "…"


def label_lines(label: str, room: float, size: float) -> list[str]:
    """The label on one line, or in two (after a space or ・ if one fits), the rest shortened."""
    if text_width(label, size) <= room:
        return [label]
    cuts = [m.start() for m in BREAKS.finditer(label) if 0 < m.start() < len(label)]
    fitting = [c for c in cuts if text_width(label[:c].rstrip(), size) <= room]
    cut = max(fitting, default=len(label))
    while cut > 1 and text_width(label[:cut], size) > room:
        cut -= 1
    return [label[:cut].rstrip(), shorten(label[cut:].lstrip(), room, size)]


def row_label(x, cy, label: str, room: float, cls="") -> str:
    """A row's label right-aligned at x, vertically centred on cy; two smaller lines if long."""
    if text_width(label) <= room:
        return text(x, cy + 4, label, "end", cls)
    lines = label_lines(label, room, SMALL)
    if len(lines) == 1:
        return text(x, cy + 4, label, "end", cls, SMALL)
    first, second = lines
    return format_html(
        '<text x="{}" y="{}" text-anchor="end" font-size="{}" class="{}"><title>{}</title>'
        '<tspan x="{}">{}</tspan><tspan x="{}" dy="{}">{}</tspan></text>',
        num(x), num(cy - 2), SMALL, cls, label, num(x), first, num(x), SMALL + 1, second,
    )  # fmt: skip


def multiples(stat: Stat) -> str:
    """One row of yearly columns per cause, all on the same scale."""
    rows = [r for r in stat.rows if r["total"]]
    desc = _(
        "Small multiples: for each cause, one column per year from %(first)s to %(last)s on a "
        "shared scale (tallest column: %(max)s incidents); the number at the right is the total."
    )
    return yearly(stat, rows, "total", desc)


def group_years(stat: Stat) -> str:
    """One row of yearly columns per group of a comparison; small groups grey, marked."""
    desc = _(
        "Small multiples: for each group, one column per year from %(first)s to %(last)s on a "
        "shared scale (tallest column: %(max)s incidents); the number at the right is the "
        "group's n, groups of fewer than %(min_n)s incidents are grey and marked n < %(min_n)s."
    )
    return yearly(stat, stat.rows, "incidents", desc)


def yearly(stat: Stat, rows, total: str, desc: str) -> str:
    years = [str(y) for y in stat.summary["years"]]
    labels = [str(r["label"]) for r in rows]
    left = min(max(text_width(s) for s in labels) + 14, LABEL_ROOM)
    marked = any(r.get("small") for r in rows)
    right, top, row_h = (64 if marked else 36), 6, 34
    height = top + row_h * len(rows) + 26
    band = (WIDTH - left - right) / len(years)
    ymax = max(max(r[y] for r in rows for y in years), 1)
    body = []
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        base = top + (i + 1) * row_h - 4
        small = row.get("small")
        body.append(row_label(left - 8, base - 10, label, left - 14))
        body.append(line(left, base, WIDTH - right, base, GRID))
        for j, year in enumerate(years):
            h = row[year] / ymax * (row_h - 10)
            tip = f"{label}, {year}: {row[year]}"
            x = left + j * band + band * 0.15
            body.append(rect(x, base - h, band * 0.7, h, GREY if small else BLUE, tip))
        body.append(text(WIDTH - right + 6, base - 6, row[total], "start", "note", SMALL))
        if small:
            body.append(text(WIDTH - right + 6, base + 6, _("n < 5"), "start", "note", SMALL - 2))
    every = max(1, math.ceil(text_width("2000", SMALL) * 1.3 / band))
    for j, year in enumerate(years):
        if j % every == 0:
            body.append(text(left + (j + 0.5) * band, height - 8, year, "middle", "", SMALL))
    desc = desc % {"first": years[0], "last": years[-1], "max": ymax, "min_n": COMPARE_MIN_N}
    return svg(stat, height, desc, body)


# The comparison's share matrix: a row per group, a column per item.
CELL = 44
MATRIX_ROW = 32
N_COLUMN = 40
MATRIX_LABELS = 128  # group labels; longer ones take two lines
SLANT = 0.71  # cos 45°: the header labels rise at 45°
HEAD_ROOM = 180  # longest header label; longer ones are shortened with …


def matrix_layout(stat: Stat) -> tuple[float, float, float, float]:
    """(left, header height, right padding, width): the slanted item labels set the header's
    height and, for the last columns, how far the chart reaches right."""
    labels = [str(r["label"]) for r in stat.rows]
    left = min(max(text_width(s) for s in labels) + 14, MATRIX_LABELS)
    heads = [min(text_width(str(i["label"]), SMALL), HEAD_ROOM) for i in stat.summary["items"]]
    header = max(heads) * SLANT + 16
    cells = CELL * len(heads)
    right = max([h * SLANT - CELL * (len(heads) - 1 - j) for j, h in enumerate(heads)] + [0])
    return left, header, right + 8, left + N_COLUMN + cells + right + 8


def matrix_width(stat: Stat) -> float:
    return matrix_layout(stat)[3] if stat.kind == "matrix" and stat.rows else WIDTH


def matrix(stat: Stat) -> str:
    """Shares per group: each cell prints the share and draws it as a bar on a 0–100 % track.

    Reading down a column compares the groups on one item; a small group's row is grey, its
    bars hollow, and its n marked "n < 5".
    """
    items = stat.summary["items"]
    highlight = stat.summary.get("highlight")
    left, header, _right, width = matrix_layout(stat)
    height = header + MATRIX_ROW * len(stat.rows) + 6
    x0 = left + N_COLUMN
    body = [text(left + N_COLUMN / 2, header - 6, "n", "middle", "note", SMALL)]
    for j, item in enumerate(items):
        cx = x0 + j * CELL + CELL / 2
        label = shorten(str(item["label"]), HEAD_ROOM, SMALL)
        cls = "em" if item["item"] == highlight else ""
        body.append(slanted(cx - 4, header - 6, label, cls))
        body.append(line(x0 + j * CELL, header, x0 + j * CELL, height - 6))
    for i, row in enumerate(stat.rows):
        y = header + i * MATRIX_ROW
        cy = y + MATRIX_ROW / 2
        small = row["small"]
        body.append(line(left - 4, y + MATRIX_ROW, x0 + CELL * len(items), y + MATRIX_ROW, GRID))
        body.append(row_label(left - 8, cy, str(row["label"]), left - 14))
        n_y = cy + (-1 if small else 4)
        body.append(text(left + N_COLUMN / 2, n_y, label_number(row["incidents"]), "middle"))
        if small:
            body.append(text(left + N_COLUMN / 2, cy + 11, _("n < 5"), "middle", "note", 10))
        for j, item in enumerate(items):
            body += matrix_cell(x0 + j * CELL, y, row, item, item["item"] == highlight)
    desc = _(
        "Table chart of shares: one row per group (%(groups)s), one column per item "
        "(%(items)s); each cell gives the share of the group's incidents with the item as a "
        "number and a bar. Groups of fewer than %(min_n)s incidents are grey and marked "
        "n < %(min_n)s."
    ) % {
        "groups": len(stat.rows), "items": ", ".join(str(i["label"]) for i in items),
        "min_n": COMPARE_MIN_N,
    }  # fmt: skip
    return svg(stat, height, desc, body, width, natural=True)


def matrix_cell(x, y, row, item, strong: bool) -> list[str]:
    pct, count = row[f"pct_{item['item']}"], row[f"n_{item['item']}"]
    share = f"{count:,} / {row['incidents']:,} ({label_number(pct)}%)"
    tip = f"{row['label']} · {item['label']}: {share}"
    track, bar_y = CELL - 10, y + MATRIX_ROW - 10
    cls = "em" if strong and pct else ("note" if not pct else "")
    parts = [
        text(x + CELL / 2, y + MATRIX_ROW - 14, f"{label_number(pct)}%", "middle", cls, SMALL),
        rect(x + 5, bar_y, track, 6, "#EEF0F3", tip),
    ]
    if pct and row["small"]:
        parts.append(box(x + 5, bar_y, track * pct / 100, 6, GREY, tip, True))
    elif pct:
        parts.append(rect(x + 5, bar_y, track * pct / 100, 6, VERMILLION if strong else BLUE, tip))
    return parts


def slanted(x, y, label: str, cls="") -> str:
    """A column heading rising at 45° from (x, y)."""
    return format_html(
        '<text x="{}" y="{}" transform="rotate(-45 {} {})" font-size="{}" class="{}">{}</text>',
        num(x), num(y), num(x), num(y), SMALL, cls, label,
    )  # fmt: skip


def bars(stat: Stat) -> str:
    """Horizontal bars of the share of n, on a 0–100 % scale; one item may be highlighted."""
    rows = stat.rows
    labels = [str(r["label"]) for r in rows]
    left = min(max(text_width(s) for s in labels) + 14, LABEL_ROOM)
    right, top, row_h = 84, 8, 30
    height = top + row_h * len(rows) + 24
    plot_w = WIDTH - left - right
    highlight = stat.summary.get("highlight")
    body = []
    for pct in (0, 25, 50, 75, 100):
        gx = left + pct / 100 * plot_w
        body += [
            line(gx, top, gx, height - 20),
            text(gx, height - 6, f"{pct}%", "middle", "", SMALL),
        ]
    for i, (row, label) in enumerate(zip(rows, labels, strict=True)):
        y = top + i * row_h
        strong = row["item"] == highlight
        cls = "em" if strong else ""
        tip = f"{label}: {row['incidents']} ({row['percent']}%)"
        body.append(row_label(left - 8, y + row_h / 2, label, left - 14, cls))
        w = row["percent"] / 100 * plot_w
        body.append(rect(left, y + 5, w, row_h - 10, VERMILLION if strong else BLUE, tip))
        value = f"{row['incidents']:,} · {label_number(row['percent'])}%"
        body.append(text(left + w + 6, y + row_h / 2 + 4, value, "start", cls, SMALL))
    top_row = max(rows, key=lambda r: r["incidents"])
    desc = _(
        "Bar chart of the share of the %(n)s incidents naming each item; the most named is "
        "%(top)s (%(pct)s%%)."
    ) % {"n": stat.n, "top": top_row["label"], "pct": label_number(top_row["percent"])}
    if highlight and any(r["item"] == highlight for r in rows):
        row = next(r for r in rows if r["item"] == highlight)
        desc += " " + _("Highlighted: %(label)s, %(pct)s%%.") % {
            "label": row["label"], "pct": label_number(row["percent"])
        }  # fmt: skip
    return svg(stat, height, desc, body)


def logstrip(stat: Stat) -> str:
    """One dot per incident on a log10 axis, the median marked."""
    values = stat.points[""]
    low = 10 ** math.floor(math.log10(values[0]))
    high = 10 ** math.ceil(math.log10(values[-1] + 1))
    left, right, top, band_h = 20, 20, 34, 90
    height = top + band_h + 40
    plot_w = WIDTH - left - right

    def x(v):
        return left + (math.log10(v) - math.log10(low)) / math.log10(high / low) * plot_w

    body = []
    decade = low
    while decade <= high:
        gx = x(decade)
        body.append(line(gx, top - 4, gx, top + band_h))
        body.append(text(gx, top + band_h + 16, compact(decade), "middle", "", SMALL))
        decade *= 10
    cy = top + band_h / 2
    look = Dots(BLUE)
    body.append(
        marks(
            [
                look.at(num(x(v)), num(cy + jitter(i) * band_h * 0.4), times(f"{v:,}", count))
                for i, (v, count) in enumerate(merged(values, x))
            ]
        )
    )
    median = stat.summary["median"]
    mx = x(median)
    body.append(line(mx, top - 8, mx, top + band_h, VERMILLION, 3, "6 3"))
    median_label = _("median %(records)s") % {"records": label_number(median)}
    anchor = "start" if mx < WIDTH * 0.6 else "end"
    body.append(text(mx + (4 if anchor == "start" else -4), top - 14, median_label, anchor, "em"))
    body.append(text(WIDTH - right, height - 2, _("records (log scale)"), "end", "", SMALL))
    desc = _(
        "Dot plot on a log scale of the records of %(n)s incidents, one dot each: median "
        "%(median)s, from %(min)s to %(max)s."
    ) % ({k: label_number(stat.summary[k]) for k in ("median", "min", "max")} | {"n": stat.n})
    return svg(stat, height, desc, body)


DRAW = {
    "columns": columns,
    "histogram": histogram,
    "strips": strips,
    "multiples": multiples,
    "bars": bars,
    "logstrip": logstrip,
    "boxes": boxes,
    "group-years": group_years,
    "matrix": matrix,
}


def draw(stat: Stat) -> str:
    """The chart's SVG, or "" when there is too little to draw."""
    return DRAW[stat.kind](stat) if stat.enough and stat.rows else ""
