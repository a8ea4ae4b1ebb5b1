"""JSON API: the incidents with their resolved SCHEMA fields, filtered like the HTML list."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from .facets import facet_groups
from .models import Incident
from .veris import incident_veris
from .views import filtered

PAGE_SIZE = 50
JSON_OPTIONS = {"ensure_ascii": False}


def incident_json(incident: Incident, request) -> dict:
    return {
        "id": incident.pk,
        "url": request.build_absolute_uri(incident.get_absolute_url()),
        **incident.schema_values(),
        "ttd_days": incident.ttd_days,
        "disclosures": [
            {
                "id": d.pk,
                "published_on": d.published_on.isoformat() if d.published_on else None,
                "report_stage": d.report_stage or None,
                "source": d.source_url or d.source_path,
                "revision": d.revision,
            }
            for d in incident.disclosures.all()
        ],
    }


def bad_request(problems: dict[str, list[str]]) -> JsonResponse:
    """400 naming each parameter whose value was not understood."""
    message = "; ".join(
        f"{name}: unknown or malformed value {', '.join(map(repr, values))}"
        for name, values in problems.items()
    )
    return JsonResponse(
        {"error": f"Bad parameter {message}", "parameters": problems},
        status=400,
        json_dumps_params=JSON_OPTIONS,
    )


def incident_list(request):
    filterset = filtered(request)
    problems = filterset.problems
    try:
        paginator = Paginator(filterset.qs.prefetch_related("disclosures"), PAGE_SIZE)
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        problems["page"] = request.GET.getlist("page")
    except EmptyPage:
        problems["page"] = request.GET.getlist("page")
    if problems:
        return bad_request(problems)
    facets = {
        group.name: [{"value": f.value, "label": f.label, "count": f.count} for f in group.facets]
        for group in facet_groups(filterset, reverse("breaches:api-list"))
    }
    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "results": [incident_json(i, request) for i in page.object_list],
            "facets": facets,
        },
        json_dumps_params=JSON_OPTIONS,
    )


def incident_detail(request, pk):
    incident = get_object_or_404(
        Incident.objects.select_related("forensic_firm").prefetch_related("disclosures"), pk=pk
    )
    return JsonResponse(incident_json(incident, request), json_dumps_params=JSON_OPTIONS)


def incident_veris_json(request, pk):
    incident = get_object_or_404(
        Incident.objects.select_related("forensic_firm").prefetch_related("disclosures"), pk=pk
    )
    return JsonResponse(incident_veris(incident, request), json_dumps_params=JSON_OPTIONS)
