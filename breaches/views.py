import datetime as dt
import hashlib
from functools import partial

from django.core.cache import caches
from django.core.paginator import EmptyPage
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import detail, pagecache
from .about import overview
from .facets import chips, facet_groups, interpretation, state, url_with
from .filters import SORTS, UNNAMED, IncidentFilter
from .highlight import html, opening, snippet
from .models import Disclosure, Incident, IncidentMerge
from .paging import paginator_for

PAGE_SIZE = 20
# A search total stops counting here: counting every match of a common term is slow at 1M
# rows, a count capped at 1,001 is not (FIELD-NOTES).
# Sent by static/js/catalogue.js: it only needs the results and facets, not the whole page.
PARTIAL_HEADER = "X-Requested-With"


def filtered(request):
    queryset = Incident.objects.shown()
    return IncidentFilter(request.GET, queryset=queryset, version=pagecache.version(request))


LIST_TEMPLATE = "breaches/incident_list.html"
# The busiest templates are Jinja2's (templates/jinja2/, config/jinja2.py).
REGION_TEMPLATE = "breaches/list_region.html"


def incident_list(request):
    """The list: its results and facets (the region) are rendered once per catalogue version,
    language and URL (pagecache); the page around them for every request."""
    path = reverse("breaches:list")
    kept = pagecache.kept("list", request, lambda: list_region(request, path))
    if isinstance(kept, HttpResponse):
        return kept  # past the last page
    region = mark_safe(kept["region"])  # our own rendering  # noqa: S308
    if request.headers.get(PARTIAL_HEADER) == "fetch":
        response = HttpResponse(region)
    else:
        context = {
            "region": region,
            "title": kept["title"],
            "feed_url": kept["feed_url"],
            "clear_url": path,
            "overview": partial(overview, pagecache.version(request)),
        }
        response = render(request, LIST_TEMPLATE, context)
    patch_vary_headers(response, [PARTIAL_HEADER])
    return response


def list_region(request, path: str) -> dict | HttpResponse:
    """The list's region (search form, filter state, facets, results) rendered, with the
    page's title and feed; a 404 page past the last page."""
    filterset = filtered(request)
    # The facets first: counting them counts a facet-filtered list's total too.
    facets = facet_groups(filterset, path)
    paginator = paginator_for(filterset, filterset.qs, PAGE_SIZE)
    params = state(filterset)
    page = get_page(paginator, request.GET.get("page"))
    if page is None:
        return page_not_found(request, url_with(path, params))
    page.object_list = list(page.object_list)
    for incident in page.object_list:
        incident.display_name = display_name(incident)
        incident.sites_text = detail.join_list(incident.sites)
        incident.cause_labels = [filterset.labels["cause"].get(c, c) for c in incident.causes]
        incident.firm_label = firm_label(incident, filterset.labels["forensic_firm"])
        incident.snippet = None  # a search's, below (a missing attribute costs the template)
    if filterset.terms:
        add_snippets(page.object_list, filterset.terms)
    active = chips(filterset, path)
    capped = getattr(page.paginator, "capped", False)
    context = {
        "filterset": filterset,
        "title": list_title(filterset.search_text, active, page),
        "page": page,
        "facets": facets,
        # For the phone's 「N件を表示」 button under the facets.
        "result_capped": capped,
        "result_count": page.paginator.cap if capped else page.paginator.count,
        "chips": active,
        "understood": interpretation(filterset, path),
        "notices": notices(filterset, request),
        "search_text": filterset.search_text,
        "hidden": pairs(params, leave_out=("q", "sort")),
        "sort_hidden": pairs(params, leave_out=("sort",)),
        "sorts": [(value, label, value == filterset.active_sort) for value, label in SORTS.items()],
        "pages": page_links(page, params, path),
        "previous_url": neighbour_url(page, -1, params, path),
        "next_url": neighbour_url(page, 1, params, path),
        "clear_url": path,
        "insights_url": url_with(reverse("breaches:insights"), without(params, "sort")),
        "csv_url": url_with(reverse("breaches:csv"), params),
        "xlsx_url": url_with(reverse("breaches:xlsx"), params),
        "feed_url": url_with(reverse("breaches:feed"), params),
        "api_url": url_with(reverse("breaches:api-list"), params),
    }
    region = render_to_string(REGION_TEMPLATE, context, request, using="jinja2")
    return {"region": region, "title": context["title"], "feed_url": context["feed_url"]}


def get_page(paginator, number):
    """The requested page, None past the end (not the last page in disguise)."""
    if not number or not str(number).isdigit() or int(number) <= 1:
        return paginator.page(1)  # an empty list still has its first page
    try:
        return paginator.page(int(number))
    except EmptyPage:
        return None


def page_not_found(request, back_url):
    context = {"message": _("There is no such page of these results."), "back_url": back_url}
    return render(request, "404.html", context, status=404)


def list_title(search_text: str, chips, page) -> str:
    """The filters in the title, so tabs, bookmarks and history say what they hold."""
    site = _("Card breach disclosures")
    parts = [search_text] if search_text else []
    parts += [chip.label for chip in chips if chip.facet != "q"]
    if page.number > 1:
        parts.append(_("page %(n)s") % {"n": page.number})
    return f"{' · '.join(parts)} – {site}" if parts else site


def neighbour_url(page, step: int, params, path) -> str:
    number = page.number + step
    if not 1 <= number <= page.paginator.num_pages:
        return ""
    return url_with(path, {**params, "page": [str(number)]} if number > 1 else params)


def display_name(incident) -> str:
    return incident.organization or detail.join_list(incident.sites) or _("(unnamed)")


def firm_label(incident, labels) -> str:
    if incident.forensic_firm:
        return labels.get(incident.forensic_firm.slug, incident.forensic_firm.name)
    return labels[UNNAMED] if incident.forensic_investigation else ""


def without(params, *names) -> dict[str, list[str]]:
    return {k: v for k, v in params.items() if k not in names}


def pairs(params, leave_out=()) -> list[tuple[str, str]]:
    """The state as (name, value) pairs for a form's hidden inputs."""
    return [(k, v) for k, values in params.items() if k not in leave_out for v in values]


def notices(filterset, request) -> list[str]:
    out = []
    for name, values in filterset.problems.items():
        label = filterset.filters[name].label if name in filterset.filters else name
        out.append(
            _("Ignored the unknown value %(values)s of “%(label)s” (%(name)s).")
            % {"values": ", ".join(f"“{v}”" for v in values), "label": label, "name": name}
        )
    page = request.GET.get("page")
    if page and not page.isdigit():
        out.append(_("Ignored the page number “%(page)s”.") % {"page": page})
    return out


def add_snippets(incidents, terms) -> None:
    """Give each result `.snippet`: its newest notice's text around the first match."""
    prefetch_related_objects(incidents, Prefetch("disclosures", Disclosure.objects.only(
        "incident_id", "published_on", "content_hash", "text"
    )))  # fmt: skip
    for incident in incidents:
        newest_first = sorted(
            incident.disclosures.all(), key=lambda d: (d.published_on or dt.date.min, d.pk)
        )[::-1]
        found = next((s for s in (cached_snippet(d, terms) for d in newest_first) if s), None)
        incident.snippet = found or (opening(newest_first[0].text) if newest_first else None)


SNIPPET_CACHE_SECONDS = 3600


def cached_snippet(disclosure, terms):
    """`snippet` of one notice for one set of terms, cached: a popular search or a page
    reloaded tokenises nothing. The content hash keys out a changed text."""
    digest = hashlib.sha256(" ".join(sorted(set(terms))).encode()).hexdigest()[:16]
    key = f"snippet:{disclosure.pk}:{disclosure.content_hash}:{digest}"
    cache = caches["pages"]
    found = cache.get(key)
    if found is None:
        found = snippet(disclosure.text, terms) or NO_SNIPPET
        cache.set(key, found, SNIPPET_CACHE_SECONDS)
    return None if found == NO_SNIPPET else found


NO_SNIPPET = "none"  # cached for a notice without a match, so it is not tokenised again


def page_links(page, params, path) -> list[tuple]:
    """(label, url or "", is_current) for the page numbers around the current one."""
    if page.paginator.num_pages <= 1:
        return []
    numbers = sorted(
        {1, page.paginator.num_pages, *range(page.number - 2, page.number + 3)}
        & set(page.paginator.page_range)
    )
    links, last = [], 0
    for n in numbers:
        if n > last + 1:
            links.append(("…", "", False))
        links.append((str(n), url_with(path, {**params, "page": [str(n)]}), n == page.number))
        last = n
    return links


DETAIL_TEMPLATE = "breaches/incident_detail.html"
DETAIL_BODY_TEMPLATE = "breaches/incident_body.html"  # Jinja2's


def incident_detail(request, pk):
    """An incident's page: its body is rendered once per catalogue version, language and URL
    (pagecache; deleting or merging the incident makes a new version too)."""
    kept = pagecache.kept("incident", request, lambda: incident_body(request, pk))
    if isinstance(kept, HttpResponse):
        return kept  # moved into another incident
    context = {"name": kept["name"], "main": mark_safe(kept["main"])}  # noqa: S308
    return render(request, DETAIL_TEMPLATE, context)


def incident_body(request, pk) -> dict | HttpResponse:
    incident = Incident.objects.shown().filter(pk=pk).first()
    if incident is None:
        # An incident merged into another lives on there: its old links keep working.
        surviving = IncidentMerge.surviving(pk)
        if surviving is None:
            raise Http404
        url = surviving.get_absolute_url()
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
    disclosures = list(incident.disclosures.defer("terms").order_by("published_on", "id"))
    fmt = detail.Formatter(pagecache.version(request))
    every = incident.active_corrections()
    resolution = incident.resolution(disclosures, every)
    history = detail.disclosure_history(resolution, disclosures, fmt)
    source = resolution.source
    corrected = detail.corrections_by_field(incident, source, every)
    corrections = list(corrected.values())
    context = {
        "incident": incident,
        "name": display_name(incident),
        "sites_text": detail.join_list(incident.sites),
        "separator": detail.list_separator(),
        "rows": detail.field_rows(incident, disclosures, fmt, corrected),
        "history": history,
        "count_text": detail.count_history_text(incident),
        "sources": [
            (e.disclosure, html(detail.source_segments(e.disclosure, corrections), described=True))
            for e in history
        ],
        "timeline": detail.timeline(incident, disclosures),
        "stage_labels": fmt.terms["report_stages"],
    }
    main = render_to_string(DETAIL_BODY_TEMPLATE, context, request, using="jinja2")
    return {"name": context["name"], "main": main}
