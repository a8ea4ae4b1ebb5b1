"""Atom feed (RFC 4287) of the notices of the incidents that match the list's filters.

One entry per notice, and one per later revision of its text, which links to the notice's
changes page (breaches/revisions.py) at that revision. Entry ids are `tag:` URIs made from the
notice's source (its URL or file name), so they stay the same when notices are imported again;
`published` is the notice's own date (revisions: when the new text came in), `updated` when we
last changed the entry. Summaries are plain text (`type="text"`), never notice HTML.
A conditional request gets a 304 (the API's site-wide ETag and Last-Modified).
"""

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import F
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from .api import Freshness, bad_request, filtered, load_labels
from .facets import url_with
from .models import Disclosure, Revision
from .revisions import changes_url

FEED_SIZE = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
# tag: URIs (RFC 4151) need a date on which the authority held its name; one fixed date keeps
# every id stable.
TAG_DATE = "2026"
JST = ZoneInfo("Asia/Tokyo")
EXCERPT = 200
CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]"
)  # characters of the notice's opening in a summary


@dataclass
class Entry:
    id: str
    title: str
    updated: dt.datetime
    published: dt.datetime | None
    link: str
    source: str | None
    author: str
    summary: str


def notice_key(disclosure: Disclosure) -> str:
    """The notice's identity across imports: its URL, else its file name."""
    source = disclosure.source_url or disclosure.source_key or disclosure.source_path
    if not disclosure.source_url:
        source = source.rsplit("/", 1)[-1]  # the file's name, not where this server keeps it
    return hashlib.sha256(source.encode()).hexdigest()[:20]


def tag(request, specific: str) -> str:
    return f"tag:{request.get_host().split(':')[0]},{TAG_DATE}:{specific}"


def midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), tzinfo=JST) if day else None


def rfc3339(moment: dt.datetime) -> str:
    return moment.astimezone(JST).isoformat(timespec="seconds")


def disclosure_feed(request):
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD"
        return response
    filterset, problems = filtered(request)
    if problems:
        return bad_request(problems)
    fresh = Freshness(request)
    if (unchanged := fresh.not_modified(request)) is not None:
        return unchanged
    params = filterset.echo()
    self_url = request.build_absolute_uri(url_with(reverse("breaches:feed"), params))
    list_url = request.build_absolute_uri(url_with(reverse("breaches:list"), params))
    entries = feed_entries(request, filterset, load_labels(filterset))
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    write_feed(response, request, entries, self_url, list_url)
    patch_vary_headers(response, ["Cookie"])
    return fresh.stamp(response)


def feed_entries(request, filterset, labels) -> list[Entry]:
    incidents = filterset.qs.order_by().values("pk")
    notices = (
        Disclosure.objects.filter(incident__in=incidents)
        .select_related("incident")
        .order_by(F("published_on").desc(nulls_last=True), "-created_at", "-id")[:FEED_SIZE]
    )
    revisions = (
        Revision.objects.filter(disclosure__incident__in=incidents)
        .select_related("disclosure__incident")
        .order_by("-created_at", "-id")[:FEED_SIZE]
    )
    revisions = list(revisions)
    texts = later_texts(revisions)
    entries = [notice_entry(request, d, labels) for d in notices]
    entries += [revision_entry(request, r, labels, texts) for r in revisions]
    # Newest first by publication; undated notices last.
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    entries.sort(key=lambda e: (e.published or oldest, e.updated), reverse=True)
    return entries[:FEED_SIZE]


def later_texts(revisions: list[Revision]) -> dict[tuple[int, int], str]:
    """(disclosure id, number) -> text of the revisions that replaced these ones and were
    replaced in turn (one query); a text replaced by none is the notice's current text."""
    wanted = Revision.objects.filter(
        disclosure_id__in={r.disclosure_id for r in revisions},
        number__in={r.number + 1 for r in revisions},
    ).only("disclosure_id", "number", "text")
    return {(r.disclosure_id, r.number): r.text for r in wanted}


def incident_name(incident) -> str:
    return incident.organization or ", ".join(incident.sites) or _("(unnamed)")


def summary(disclosure: Disclosure, labels, text: str) -> str:
    """Plain text: the notice's key facts, then its opening."""
    incident = disclosure.incident
    facts = []
    if incident.causes:
        causes = "、".join(labels["cause"].get(c, c) for c in incident.causes)
        facts.append(f"{_('Cause')}: {causes}")
    if incident.records_max:
        facts.append(f"{_('Records')}: {incident.records_max:,}")
    if incident.first_disclosed_on:
        facts.append(f"{_('first disclosed on')}: {incident.first_disclosed_on.isoformat()}")
    opening = " ".join(text.split())[:EXCERPT]
    return xml_text(" / ".join(facts) + ("\n\n" if facts else "") + opening)


def xml_text(text: str) -> str:
    """Without the control characters XML 1.0 cannot carry (a mis-decoded notice has some)."""
    return CONTROL.sub("", text)


def source_url(disclosure: Disclosure) -> str | None:
    return disclosure.source_url or None


def notice_entry(request, disclosure: Disclosure, labels) -> Entry:
    stage = labels["report_stage"].get(disclosure.report_stage, "")
    return Entry(
        id=tag(request, f"notice/{notice_key(disclosure)}"),
        title=xml_text(f"{incident_name(disclosure.incident)} {stage}".strip()),
        updated=disclosure.updated_at,
        published=midnight(disclosure.published_on),
        link=request.build_absolute_uri(disclosure.get_absolute_url()),
        source=source_url(disclosure),
        author=xml_text(incident_name(disclosure.incident)),
        summary=summary(disclosure, labels, disclosure.text),
    )


def revision_entry(request, revision: Revision, labels, texts) -> Entry:
    """The notice's text changed: revision `number + 1` replaced `number` at `created_at`.

    The summary opens the new text: the current one, or the later Revision row in `texts`."""
    disclosure = revision.disclosure
    number = revision.number + 1
    stage = labels["report_stage"].get(disclosure.report_stage, "")
    title = f"{incident_name(disclosure.incident)} {stage} ({_('revision')} {number})"
    text = texts.get((disclosure.pk, number), disclosure.text)
    return Entry(
        id=tag(request, f"notice/{notice_key(disclosure)}/r{number}"),
        title=xml_text(title.replace("  ", " ")),
        updated=revision.created_at,
        published=revision.created_at,
        link=request.build_absolute_uri(changes_url(disclosure, number)),
        source=source_url(disclosure),
        author=xml_text(incident_name(disclosure.incident)),
        summary=summary(disclosure, labels, text),
    )


def write_feed(out, request, entries: list[Entry], self_url: str, list_url: str) -> None:
    xml = SimplerXMLGenerator(out, "utf-8")
    xml.startDocument()
    xml.startElement("feed", {"xmlns": ATOM_NS, "xml:lang": get_language() or "ja"})
    xml.addQuickElement("id", self_url)
    xml.addQuickElement("title", _("Card breach disclosures"))
    xml.addQuickElement("subtitle", _("The newest disclosures matching the catalogue's filters"))
    xml.addQuickElement("link", "", {"rel": "self", "href": self_url})
    xml.addQuickElement("link", "", {"rel": "alternate", "href": list_url, "type": "text/html"})
    newest = max((e.updated for e in entries), default=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    xml.addQuickElement("updated", rfc3339(newest))
    xml.startElement("author", {})
    xml.addQuickElement("name", _("Card breach disclosures"))
    xml.addQuickElement("uri", request.build_absolute_uri(reverse("breaches:list")))
    xml.endElement("author")
    for entry in entries:
        write_entry(xml, entry)
    xml.endElement("feed")


def write_entry(xml, entry: Entry) -> None:
    xml.startElement("entry", {})
    xml.addQuickElement("id", entry.id)
    xml.addQuickElement("title", entry.title, {"type": "text"})
    xml.addQuickElement("updated", rfc3339(entry.updated))
    if entry.published:
        xml.addQuickElement("published", rfc3339(entry.published))
    xml.addQuickElement("link", "", {"rel": "alternate", "href": entry.link, "type": "text/html"})
    if entry.source:
        xml.addQuickElement("link", "", {"rel": "related", "href": entry.source})
    xml.startElement("author", {})
    xml.addQuickElement("name", entry.author)
    xml.endElement("author")
    xml.addQuickElement("summary", entry.summary, {"type": "text"})
    xml.endElement("entry")
