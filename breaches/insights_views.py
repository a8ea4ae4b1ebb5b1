"""The insights page: charts of the incidents the list's filters select, and their numbers.

Same GET parameters as the list (one FilterSet); each chart's table is also served as
`/insights/<chart>.json` and `/insights/<chart>.csv`.
"""

from dataclasses import dataclass

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from . import charts, insights
from .api import JSON_OPTIONS, bad_request
from .exports import csv_response
from .facets import chips, state, url_with
from .views import filtered, notices

FORMATS = ("json", "csv")


@dataclass(frozen=True)
class Figure:
    stat: insights.Stat
    svg: str
    json_url: str
    csv_url: str


def data_url(slug: str, fmt: str, params: dict[str, list[str]]) -> str:
    return url_with(reverse("breaches:insights-data", args=[slug, fmt]), params)


def insights_page(request):
    filterset = filtered(request)
    params = state(filterset)
    stats = insights.compute(insights.CHARTS, filterset.qs, filterset.labels)
    path = reverse("breaches:insights")
    context = {
        "total": filterset.qs.order_by().count(),
        "figures": [
            Figure(
                stat,
                charts.draw(stat),
                data_url(stat.slug, "json", params),
                data_url(stat.slug, "csv", params),
            )
            for stat in stats
        ],
        "chips": chips(filterset, path),
        "notices": notices(filterset, request),
        "list_url": url_with(reverse("breaches:list"), params),
        "clear_url": path,
        "min_n": insights.MIN_N,
    }
    return render(request, "breaches/insights.html", context)


def chart_data(request, chart, fmt):
    if chart not in insights.CHARTS or fmt not in FORMATS:
        raise Http404("No such chart or format")
    filterset = filtered(request)
    if filterset.problems:
        return bad_request(filterset.problems)
    [stat] = insights.compute([chart], filterset.qs, filterset.labels)
    if fmt == "json":
        return JsonResponse(stat_json(stat, state(filterset)), json_dumps_params=JSON_OPTIONS)
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
