"""JSON API: the incidents with their resolved fields, filtered like the HTML list.

Django REST framework views, read-only, described by drf-spectacular (`/api/openapi.json`, see
`api_schema.py`). Every answer is JSON, errors included; GET answers carry CORS, ETag,
Last-Modified and Cache-Control, and a conditional request gets a 304.
"""

import hashlib
import json
import tempfile
import zipfile

import django_filters
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max, Prefetch, Q
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

from . import api_schema, pagecache, veris
from .facets import facet_groups, state, url_with
from .filters import RECORD_BUCKETS, IncidentFilter
from .models import Disclosure, FacetCount, Incident, IncidentMerge, Term
from .paging import SEARCH_COUNT_CAP, paginator_for
from .resolution import count_changes

JSON_OPTIONS = {"ensure_ascii": False}
DATE_PARAMETERS = ("updated_since", "disclosed_from", "disclosed_to")
CACHE_CONTROL = "public, max-age=60"


class ApiFilter(IncidentFilter):
    """The list's filters plus the date ranges that incremental sync needs."""

    updated_since = django_filters.DateTimeFilter(field_name="updated_at", lookup_expr="gte")
    disclosed_from = django_filters.DateFilter(field_name="first_disclosed_on", lookup_expr="gte")
    disclosed_to = django_filters.DateFilter(field_name="first_disclosed_on", lookup_expr="lte")

    @property
    def scope(self) -> Q:
        """The date filters as one Q, which the facet counts apply too (facets.count_all)."""
        lookups = {
            "updated_since": "updated_at__gte",
            "disclosed_from": "first_disclosed_on__gte",
            "disclosed_to": "first_disclosed_on__lte",
        }
        q = Q()
        for name, lookup in lookups.items():
            if self.cleaned.get(name):
                q &= Q(**{lookup: self.cleaned[name]})
        return q

    def echo(self) -> dict[str, list[str]]:
        """The applied filters, as parameter -> values."""
        params = state(self)
        for name in DATE_PARAMETERS:
            if self.cleaned.get(name):
                params[name] = [self.cleaned[name].isoformat()]
        return params


def filtered(request, extra=()) -> tuple[ApiFilter, dict[str, list[str]]]:
    """The request's filterset and its problems: bad values and parameters nobody takes."""
    queryset = Incident.objects.shown()
    filterset = ApiFilter(request.GET, queryset=queryset, version=pagecache.version(request))
    problems = filterset.problems
    known = set(ApiFilter.base_filters) | set(extra) | {"lang"}  # lang: the middleware's
    for name in request.GET:
        if name not in known:
            problems[name] = request.GET.getlist(name)
    return filterset, problems


def problem_message(problems: dict[str, list[str]]) -> str:
    parts = []
    for name, values in problems.items():
        shown = ", ".join(map(repr, values))
        if name in ApiFilter.base_filters or name in ("page", "page_size", "format"):
            parts.append(f"{name}: unknown or malformed value {shown}")
        else:
            parts.append(f"{name}: unknown parameter")
    return "Bad parameter " + "; ".join(parts)


def bad_request(problems: dict[str, list[str]]) -> JsonResponse:
    """400 naming each parameter that was not understood (for the plain Django views)."""
    return JsonResponse(
        {"error": problem_message(problems), "parameters": problems},
        status=400,
        json_dumps_params=JSON_OPTIONS,
    )


class BadParameters(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        super().__init__(problem_message(problems))


def json_errors(exc, context):
    """DRF's handler (404, 405, 403 …), answering `{"error": ...}` like our 400s."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, BadParameters):
        response.data = {"error": str(exc.detail), "parameters": exc.problems}
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        response.data = {"error": str(detail or response.status_text)}
    return response


class AlwaysJSON(BaseContentNegotiation):
    """JSON whatever the Accept header says (no 406 for a browser or a feed reader)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def allow_cors(request, response) -> None:
    """Public read-only data: any origin may GET it, and read the validators."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Disposition"
    if request.method == "OPTIONS":
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
        response["Access-Control-Max-Age"] = "86400"


class ReadOnlyView(APIView):
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()
    parser_classes = ()
    renderer_classes = (JSONRenderer,)
    content_negotiation_class = AlwaysJSON
    http_method_names = ["get", "head", "options"]

    def get_exception_handler(self):
        return json_errors

    def handle_exception(self, exc):
        if isinstance(exc, Merged):
            # An incident merged into another: its API URLs lead to the survivor's (301).
            name = f"breaches:{self.request.resolver_match.url_name}"
            url = reverse(name, args=[exc.incident.pk])
            query = self.request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        allow_cors(request, response)
        patch_vary_headers(response, ["Cookie"])  # labels follow the language cookie
        return response


class Freshness:
    """The catalogue's version: the newest change to any incident or notice, and the count.

    Facet counts depend on every incident, not only the listed ones, so one site-wide stamp
    validates every answer (two cheap aggregates).
    """

    def __init__(self, request):
        # Indexed maxima and the kept total: no scan of the catalogue (a delete changes the
        # total; a merge or a new notice changes an incident's updated_at).
        latest = Incident.objects.aggregate(latest=Max("updated_at"))["latest"]
        notices = Disclosure.objects.aggregate(latest=Max("updated_at"))["latest"]
        times = [t for t in (latest, notices) if t]
        self.last_modified = max(times) if times else None
        key = "|".join(
            map(str, (self.last_modified, FacetCount.total(), get_language(),
                      request.get_full_path()))
        )  # fmt: skip
        self.etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'

    @property
    def timestamp(self) -> int | None:
        return int(self.last_modified.timestamp()) if self.last_modified else None

    def not_modified(self, request):
        """A 304 (or 412) when the client's copy is current, else None."""
        response = get_conditional_response(request, etag=self.etag, last_modified=self.timestamp)
        return self.stamp(response) if response is not None else None

    def stamp(self, response):
        response["ETag"] = self.etag
        if self.timestamp is not None:
            response["Last-Modified"] = http_date(self.timestamp)
        response["Cache-Control"] = CACHE_CONTROL
        return response


def notice_list() -> Prefetch:
    """The incidents' notices without their texts, which the listing does not show."""
    fields = ("incident_id", "published_on", "report_stage", "source_url", "source_key")
    fields += ("revision", "updated_at")
    return Prefetch("disclosures", queryset=Disclosure.objects.only(*fields))


def page_size(request, problems) -> int:
    raw = request.GET.get("page_size")
    if raw is None:
        return api_schema.PAGE_SIZE
    if raw.isdigit() and 1 <= int(raw) <= api_schema.MAX_PAGE_SIZE:
        return int(raw)
    problems["page_size"] = request.GET.getlist("page_size")
    return api_schema.PAGE_SIZE


def load_labels(filterset: IncidentFilter) -> dict[str, dict[str, str]]:
    """The filterset's facet labels plus report stages and authorities (one query)."""
    labels = dict(filterset.labels)
    extra = {Term.Kind.REPORT_STAGE: "report_stage", Term.Kind.AUTHORITY: "reported_to"}
    for name in extra.values():
        labels[name] = {}
    for term in filterset.vocabulary.terms:
        if term.kind in extra:
            labels[extra[term.kind]][term.code] = term.label
    return labels


def coded(labels: dict[str, str], code) -> dict | None:
    if code in (None, ""):
        return None
    return {"code": str(code), "label": str(labels.get(str(code), code))}


def records_bucket(n: int | None) -> str:
    if n is None:
        return "unknown"
    for code, low, high in RECORD_BUCKETS:
        if (low is None or n >= low) and (high is None or n <= high):
            return code
    return "lt1k"  # a negative count cannot come from a notice


def notice_source(disclosure: Disclosure) -> str | None:
    """The notice's URL; never a local file path (those stay on the server)."""
    if disclosure.source_url:
        return disclosure.source_url
    key = disclosure.source_key or ""
    return key if key.startswith(("https://", "http://")) else None


def iso(value) -> str | None:
    return value.isoformat() if value else None


def incident_json(incident: Incident, request, labels: dict[str, dict[str, str]]) -> dict:
    firm = incident.forensic_firm
    if firm:
        firm_value = {"code": firm.slug, "label": labels["forensic_firm"].get(firm.slug, firm.name)}
        firm_value["name"] = firm.name
    else:
        firm_value = None
    year = incident.first_disclosed_on.year if incident.first_disclosed_on else None
    return {
        "id": incident.pk,
        "url": request.build_absolute_uri(incident.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("breaches:api-detail", args=[incident.pk])),
        "veris_url": request.build_absolute_uri(reverse("breaches:api-veris", args=[incident.pk])),
        "organization": incident.organization or None,
        "sites": list(incident.sites),
        "published_on": iso(incident.published_on),
        "first_disclosed_on": iso(incident.first_disclosed_on),
        "year": coded(labels["year"], year) if year else None,
        "report_stage": coded(labels["report_stage"], incident.report_stage),
        "discovered_on": iso(incident.discovered_on),
        "discovered_by": coded(labels["discovered_by"], incident.discovered_by),
        "forensic_investigation": incident.forensic_investigation,
        "forensic_firm": firm_value,
        "forensic_report_on": iso(incident.forensic_report_on),
        "causes": [coded(labels["cause"], c) for c in incident.causes],
        "card_data": [coded(labels["card_data"], c) for c in incident.card_data],
        "personal_data": [coded(labels["personal_data"], c) for c in incident.personal_data],
        "records_max": incident.records_max,
        "records_confirmed": incident.records_confirmed,
        "fraud_cases": incident.fraud_cases,
        "count_changes": count_changes(incident.count_history or []),
        "count_history": incident.count_history or [],
        "has_followup": incident.has_followup,
        "has_revision": incident.has_revision,
        "count_changed": incident.count_changed,
        "records": coded(labels["records"], records_bucket(incident.records_max)),
        "exposure_periods": incident.exposure_periods or [],
        "payment_suspended_on": iso(incident.payment_suspended_on),
        "reported_to": [coded(labels["reported_to"], c) for c in incident.reported_to],
        "ttd_days": incident.ttd_days,
        "ttd": coded(labels["ttd"], incident.ttd_bucket),
        # Values below the review confidence or doubted by a check, not yet checked by an editor.
        "unverified_fields": list(getattr(incident, "unverified_fields", None) or []),
        "updated_at": incident.updated_at.isoformat(),
        "disclosures": [
            {
                "id": d.pk,
                "published_on": iso(d.published_on),
                "report_stage": coded(labels["report_stage"], d.report_stage),
                "source": notice_source(d),
                "revision": d.revision,
                "updated_at": d.updated_at.isoformat(),
            }
            for d in incident.disclosures.all()
        ],
    }


def page_url(request, params, number: int | None, size: int | None) -> str | None:
    if number is None:
        return None
    extra = {"page_size": [str(size)]} if size else {}
    path = url_with(reverse("breaches:api-list"), {**params, **extra, "page": [str(number)]})
    return request.build_absolute_uri(path)


class IncidentList(ReadOnlyView):
    @extend_schema(
        operation_id="incidents_list",
        summary="Incidents matching the filters, a page at a time, with facet counts",
        parameters=api_schema.FILTER_PARAMETERS + api_schema.PAGE_PARAMETERS,
        responses={200: api_schema.IncidentPageSerializer, **api_schema.ERRORS},
    )
    def get(self, request):
        filterset, problems = filtered(request, extra=("page", "page_size"))
        size = page_size(request, problems)
        if problems:
            raise BadParameters(problems)
        fresh = Freshness(request)
        if (unchanged := fresh.not_modified(request)) is not None:
            return unchanged
        # The facets first: counting them counts a facet-filtered list's total too.
        groups = facet_groups(filterset, reverse("breaches:api-list"))
        paginator = paginator_for(filterset, filterset.qs.prefetch_related(notice_list()), size)
        capped = getattr(paginator, "capped", False)
        try:
            page = paginator.page(request.GET.get("page") or 1)
        except (PageNotAnInteger, EmptyPage):
            raise BadParameters({"page": request.GET.getlist("page")}) from None
        params = filterset.echo()
        asked_size = size if "page_size" in request.GET else None
        labels = load_labels(filterset)
        data = {
            # A search's count stops at the cap: "count_capped" says there are more.
            "count": min(paginator.count, SEARCH_COUNT_CAP) if capped else paginator.count,
            "count_capped": capped,
            "page": page.number,
            "pages": paginator.num_pages,
            "page_size": size,
            "next": page_url(
                request, params, page.next_page_number() if page.has_next() else None, asked_size
            ),
            "previous": page_url(
                request,
                params,
                page.previous_page_number() if page.has_previous() else None,
                asked_size,
            ),
            "filters": params,
            "results": [incident_json(i, request, labels) for i in page.object_list],
            "facets": {
                group.name: [
                    {"value": f.value, "label": f.label, "count": f.count} for f in group.facets
                ]
                for group in groups
            },
        }
        return fresh.stamp(Response(data))


def one_incident(pk):
    queryset = Incident.objects.shown().prefetch_related("disclosures", "reviews", "corrections")
    incident = queryset.filter(pk=pk).first()
    if incident is None:
        surviving = IncidentMerge.surviving(pk)
        if surviving is not None:
            raise Merged(surviving)
        raise Http404("No Incident matches the given query.")
    return incident


class Merged(Exception):
    """The incident was merged into `incident`: its API URL redirects there."""

    def __init__(self, incident):
        self.incident = incident


class IncidentDetail(ReadOnlyView):
    @extend_schema(
        operation_id="incidents_retrieve",
        summary="One incident",
        responses={200: api_schema.IncidentSerializer, 404: api_schema.ErrorSerializer},
    )
    def get(self, request, pk):
        incident = one_incident(pk)
        fresh = Freshness(request)
        if (unchanged := fresh.not_modified(request)) is not None:
            return unchanged
        filterset = ApiFilter(None, queryset=Incident.objects.none())
        return fresh.stamp(Response(incident_json(incident, request, load_labels(filterset))))


class IncidentVeris(ReadOnlyView):
    @extend_schema(
        operation_id="incidents_veris",
        summary="One incident as a VERIS 1.4.1 record",
        responses={200: OpenApiTypes.OBJECT, 404: api_schema.ErrorSerializer},
    )
    def get(self, request, pk):
        incident = one_incident(pk)
        fresh = Freshness(request)
        if (unchanged := fresh.not_modified(request)) is not None:
            return unchanged
        return fresh.stamp(Response(veris.incident_veris(incident, request)))


def veris_records(queryset, request=None):
    """(file name, VERIS record) for each incident, in chunks (bounded memory)."""
    queryset = queryset.prefetch_related("disclosures", "reviews", "corrections")
    for incident in queryset.iterator(chunk_size=200):
        yield f"{veris.veris_id(incident)}.json", veris.incident_veris(incident, request)


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2)


class VerisZip(ReadOnlyView):
    @extend_schema(
        operation_id="veris_zip",
        summary="The incidents matching the filters as VERIS 1.4.1 records, one JSON each",
        parameters=api_schema.FILTER_PARAMETERS,
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            400: api_schema.ErrorSerializer,
        },
    )
    def get(self, request):
        filterset, problems = filtered(request)
        if problems:
            raise BadParameters(problems)
        # Spooled: small archives stay in memory, large ones go to a temporary file.
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, record in veris_records(filterset.qs, request):
                archive.writestr(name, dumps(record))
        spool.seek(0)
        response = FileResponse(spool, content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="veris.zip"'
        return response


class OpenApiView(SpectacularAPIView):
    renderer_classes = [OpenApiJsonRenderer]
    custom_settings = api_schema.SETTINGS
    schema = None  # the description does not describe itself

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        allow_cors(request, response)
        return response


def not_found(request, rest=""):
    return JsonResponse({"error": "Not found."}, status=404)


def api_home(request):
    """The human page: endpoints, parameters, an example of each."""
    rows = []
    for p in api_schema.FILTER_PARAMETERS + api_schema.PAGE_PARAMETERS:
        schema = p.type if isinstance(p.type, dict) else {}
        enum = p.enum or schema.get("enum") or schema.get("items", {}).get("enum")
        rows.append((p.name, p.description, ", ".join(enum or [])))
    return render(request, "breaches/api.html", {"parameters": rows})
