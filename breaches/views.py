from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .models import Incident


def incident_list(request):
    incidents = Incident.objects.select_related("forensic_firm")
    page = Paginator(incidents, 50).get_page(request.GET.get("page"))
    return render(request, "breaches/incident_list.html", {"page": page})


def incident_detail(request, pk):
    incident = get_object_or_404(Incident.objects.select_related("forensic_firm"), pk=pk)
    disclosures = incident.disclosures.order_by("published_on", "id")
    return render(
        request, "breaches/incident_detail.html", {"incident": incident, "disclosures": disclosures}
    )
