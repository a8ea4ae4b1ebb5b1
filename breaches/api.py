"""JSON API: the incidents with their resolved SCHEMA fields."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from .models import Incident


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


def incident_list(request):
    incidents = Incident.objects.select_related("forensic_firm").prefetch_related("disclosures")
    results = [incident_json(i, request) for i in incidents]
    return JsonResponse(
        {"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False}
    )


def incident_detail(request, pk):
    incident = get_object_or_404(
        Incident.objects.select_related("forensic_firm").prefetch_related("disclosures"), pk=pk
    )
    return JsonResponse(incident_json(incident, request), json_dumps_params={"ensure_ascii": False})
