"""The insights page: charts of the incidents the list's filters select, and their numbers.

Same GET parameters as the list (one FilterSet), with the same facets panel; each chart's
table is also served as `/insights/<chart>.json` and `/insights/<chart>.csv`. `by` picks the
comparison (discoverer, firm, ...): time to disclosure per group as `/insights/compare.json`,
the other charts per group as `/insights/compare-<chart>.json` (comparisons.COMPARE_CHARTS).
"""

import hashlib
import json
import pickle
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, replace

from django.core.cache import caches
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import charts, comparisons, insights
from .api import JSON_OPTIONS, bad_request
from .exports import csv_response
from .facets import chips, facet_groups, state, url_with
from .views import filtered, notices

FORMATS = ("json", "csv")
INSIGHTS_CACHE_SECONDS = 24 * 3600  # a new catalogue version makes a new key anyway


@dataclass(frozen=True)
class Figure:
    stat: insights.Stat
    svg: str
    json_url: str
    csv_url: str
    wide: bool = False  # a chart wider than a column: the whole row of the grid

    def kept(self, svg: bool = False) -> "Figure":
        """What a drawing keeps of the figure once its card is rendered: the numbers, without
        the points the SVG drew, and without the SVG unless `svg` (it is in the card)."""
        return replace(self, svg=self.svg if svg else "", stat=replace(self.stat, points={}))


def data_url(slug: str, fmt: str, params: dict[str, list[str]]) -> str:
    return url_with(reverse("breaches:insights-data", args=[slug, fmt]), params)


def figure(stat: insights.Stat, params: dict[str, list[str]]) -> Figure:
    """The chart with its data links; a comparison's links carry `by` (params has it)."""
    if stat.slug == "compare":
        json_url, csv_url = (
            url_with(reverse("breaches:insights-compare", args=[fmt]), params) for fmt in FORMATS
        )
    else:
        json_url, csv_url = (data_url(stat.slug, fmt, params) for fmt in FORMATS)
    wide = charts.matrix_width(stat) > charts.WIDTH
    return Figure(stat, charts.draw(stat), json_url, csv_url, wide)


def comparing(request) -> tuple[str, list[str]]:
    """The `by` of the request, or the default; and the notice when it was not understood."""
    by = request.GET.get("by") or comparisons.DEFAULT_COMPARISON
    if by in comparisons.COMPARISONS:
        return by, []
    notice = _("Ignored the unknown comparison “%(by)s”.") % {"by": by}
    return comparisons.DEFAULT_COMPARISON, [notice]


@dataclass(frozen=True)
class Drawn:
    """The insights of one filter state, drawn: what the page shows of them."""

    total: int
    compare: Figure
    compare_figures: list[Figure]  # Figure.kept: their SVG is in the cards
    compare_label: str
    figures: list[Figure]  # the same
    # The cards of `compare_figures` and `figures`, rendered (in Jinja2, _charts.html) once
    # per drawing: the page around them is rendered for every request.
    compare_figures_html: str = ""
    figures_html: str = ""


def drawn(filterset, by: str, params: dict[str, list[str]]) -> Drawn:
    grouping = comparisons.grouping(filterset, by)
    # One statement counts for every chart: the page's own and the comparison's.
    stats = insights.compute(insights.CHARTS, filterset, grouping.counts)
    total = grouping.counts.total
    compared = [
        comparisons.comparison(grouping),
        *comparisons.compute(comparisons.charts_for(by), grouping, filterset.labels, total),
    ]
    with_by = {**params, "by": [by]}
    # Those as wide as the grid after the others, so that no half row stays empty.
    compare_figures = sorted((figure(stat, with_by) for stat in compared[1:]), key=lambda f: f.wide)
    figures = [figure(stat, params) for stat in stats]
    # Kept in the shared cache for every process: the cards once (their SVG and points kept
    # apart too would double what is pickled and compressed: 17 against 6 ms at 100k).
    return Drawn(
        total=total,
        compare=figure(compared[0], with_by).kept(svg=True),  # its card follows the request
        compare_figures=[f.kept() for f in compare_figures],
        compare_label=str(grouping.title),
        figures=[f.kept() for f in figures],
        compare_figures_html=cards(compare_figures, per_group=True),
        figures_html=cards(figures, per_group=False),
    )


def cards(figures: list[Figure], per_group: bool) -> str:
    context = {"cards": figures, "per_group": per_group, "min_n": insights.MIN_N}
    html = render_to_string("breaches/_charts.html", context, using="jinja2")
    return mark_safe(html)  # our own rendering  # noqa: S308


# The drawings this process read last, as objects: the shared cache's copy costs a fetch of
# about 150 KB, its decompression and its unpickling (about 22 ms at 100k) on every request.
_DRAWN_HERE: OrderedDict[str, Drawn] = OrderedDict()
_DRAWN_HERE_KEPT = 16
_DRAWN_HERE_LOCK = threading.Lock()


def forget_drawn() -> None:
    """Drop this process's kept drawings (the shared cache keeps its own)."""
    with _DRAWN_HERE_LOCK:
        _DRAWN_HERE.clear()


def pack(found: Drawn) -> bytes:
    """A drawing for the shared cache, compressed: its SVG is most of a megabyte, which the
    database cache would write out in base64 (49 against 22 ms at 100k, 143 KB stored)."""
    return zlib.compress(pickle.dumps(found, pickle.HIGHEST_PROTOCOL), 1)


def unpack(packed: bytes) -> Drawn:
    # Our own bytes from our own cache table, which pickles every value anyway.
    return pickle.loads(zlib.decompress(packed))  # noqa: S301


def kept_drawn(filterset, by: str, params: dict[str, list[str]]) -> Drawn:
    """`drawn`, made once per filter state, language and catalogue version (any write to the
    catalogue makes a new one, migration 0011), so that the page reads every incident only the
    first time it is asked for after a change: drawn by one process, kept in the shared cache
    for all, and the last few in each process."""
    state_key = json.dumps([get_language(), by, sorted(params.items())], ensure_ascii=False)
    version = filterset.vocabulary.version  # the request's catalogue version
    digest = hashlib.sha256(f"{state_key} {version}".encode()).hexdigest()
    key = f"insights-3:{digest}"  # a new layout of Drawn, a new prefix
    with _DRAWN_HERE_LOCK:
        found = _DRAWN_HERE.get(key)
        if found is not None:
            _DRAWN_HERE.move_to_end(key)
            return found
    shared = caches["shared"]
    packed = shared.get(key)
    if packed is None:
        found = drawn(filterset, by, params)
        shared.set(key, pack(found), INSIGHTS_CACHE_SECONDS)
    else:
        found = unpack(packed)
    with _DRAWN_HERE_LOCK:
        _DRAWN_HERE[key] = found
        while len(_DRAWN_HERE) > _DRAWN_HERE_KEPT:
            _DRAWN_HERE.popitem(last=False)
    return found


def insights_page(request):
    filterset = filtered(request)
    by, by_notices = comparing(request)
    params = state(filterset)
    # `by` rides along on the facet and chip links, so filtering keeps the comparison.
    kept = {"by": [by]} if request.GET.get("by") and not by_notices else {}
    path = reverse("breaches:insights")
    shown = kept_drawn(filterset, by, params)
    total = shown.total
    context = {
        "total": total,
        "compare": shown.compare,
        "compare_figures": shown.compare_figures,
        "compare_label": shown.compare_label,
        "comparisons": [(key, label, key == by) for key, label in comparisons.COMPARISONS.items()],
        "compare_hidden": [(k, v) for k, values in params.items() for v in values if k != "sort"],
        "compare_min_n": comparisons.COMPARE_MIN_N,
        "figures": shown.figures,
        "figures_html": shown.figures_html,
        "compare_figures_html": shown.compare_figures_html,
        "facets": facet_groups(filterset, path, keep=kept),
        "result_count": total,
        "chips": chips(filterset, path, keep=kept),
        "notices": notices(filterset, request) + by_notices,
        "list_url": url_with(reverse("breaches:list"), params),
        "clear_url": url_with(path, kept),
        "min_n": insights.MIN_N,
    }
    # The list's filter state and facets, in the list's own (Jinja2) templates; and the
    # comparison's card, whose form follows the request (the other cards come with `shown`).
    for name in ("filter_state", "facets", "comparison"):
        template = f"breaches/_{name}.html"
        html = render_to_string(template, context, request, using="jinja2")
        context[f"{name}_html"] = mark_safe(html)  # our own rendering  # noqa: S308
    return render(request, "breaches/insights.html", context)


def chart_data(request, chart, fmt):
    if chart in comparisons.COMPARE_CHARTS:
        return compare_data(request, fmt, chart)
    if chart not in insights.CHARTS or fmt not in FORMATS:
        raise Http404("No such chart or format")
    filterset = filtered(request)
    if filterset.problems:
        return bad_request(filterset.problems)
    [stat] = insights.compute([chart], filterset)
    if fmt == "json":
        return JsonResponse(stat_json(stat, state(filterset)), json_dumps_params=JSON_OPTIONS)
    return stat_csv(stat)


def compare_data(request, fmt, chart="compare"):
    """A comparison's numbers: time to disclosure per group (`compare`) or another chart's."""
    if fmt not in FORMATS:
        raise Http404("No such format")
    filterset = filtered(request)
    by = request.GET.get("by") or comparisons.DEFAULT_COMPARISON
    if filterset.problems:
        return bad_request(filterset.problems)
    if by not in comparisons.COMPARISONS:
        known = ", ".join(comparisons.COMPARISONS)
        message = f"Bad parameter by: unknown value {by!r} (one of {known})"
        return JsonResponse({"error": message, "parameters": {"by": [by]}}, status=400)
    grouping = comparisons.grouping(filterset, by, charts=[chart])
    if chart == "compare":
        stat = comparisons.comparison(grouping)
    else:
        total = grouping.counts.total
        [stat] = comparisons.compute([chart], grouping, filterset.labels, total)
    if fmt == "json":
        data = stat_json(stat, state(filterset))
        data |= {"by": by, "min_n_per_group": comparisons.COMPARE_MIN_N}
        return JsonResponse(data, json_dumps_params=JSON_OPTIONS)
    return stat_csv(stat)


def stat_json(stat: insights.Stat, params: dict[str, list[str]]) -> dict:
    return {
        "chart": stat.slug,
        "title": str(stat.title),
        "measures": str(stat.measures),
        "n": stat.n,
        "enough_data": stat.enough,
        "min_n": insights.MIN_N,
        "filters": params,
        "columns": {c.key: str(c.label) for c in stat.columns},
        "rows": stat.rows,
        "summary": stat.summary,
        "left_out": stat.excluded,
    }


def stat_csv(stat: insights.Stat) -> HttpResponse:
    """The table, with `n` (the incidents the whole statistic rests on) on every row."""
    keys = [c.key for c in stat.columns]
    rows = ([*(row[k] for k in keys), stat.n] for row in stat.rows)
    return csv_response([*keys, "n"], rows, f"insights-{stat.slug}.csv")
