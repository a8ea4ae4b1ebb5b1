"""Error responses: a busy or unreachable database is a 503 with Retry-After, in the format the
client reads (JSON for the API and chart data, Atom for the feed, text for CSV, HTML otherwise),
never a traceback. Nothing here touches the database."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.xmlutils import SimplerXMLGenerator
from django.views import defaults

# OperationalError covers a refused or timed-out connection and a query cancelled by
# statement_timeout (psycopg's QueryCanceled); InterfaceError a connection that went away.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

MESSAGE = "The catalogue is busy or its database is unavailable. Try again in {seconds} seconds."


def service_unavailable(request) -> HttpResponse:
    seconds = settings.RETRY_AFTER_SECONDS
    message = MESSAGE.format(seconds=seconds)
    path = request.path
    if path.startswith("/api/") or path.endswith(".json"):
        response = JsonResponse({"error": message, "retry_after": seconds}, status=503)
    elif path.startswith("/feed/"):
        response = HttpResponse(
            atom_notice(request, message), status=503, content_type="application/atom+xml"
        )
    elif path.endswith(".csv"):
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    else:
        html = render_to_string("503.html", {"seconds": seconds})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def atom_notice(request, message: str) -> str:
    """An Atom feed without entries whose subtitle says why; feed readers show it as is."""
    from io import StringIO

    out = StringIO()
    xml = SimplerXMLGenerator(out, "utf-8")
    xml.startDocument()
    xml.startElement("feed", {"xmlns": "http://www.w3.org/2005/Atom"})
    xml.addQuickElement("title", "Card breach disclosures")
    xml.addQuickElement("id", request.build_absolute_uri())
    xml.addQuickElement("updated", timezone.now().isoformat())
    xml.addQuickElement("subtitle", message)
    xml.endElement("feed")
    return out.getvalue()


def server_error(request):
    """handler500. A database failure raised outside a view (in a middleware) is a 503 too."""
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return service_unavailable(request)
    return defaults.server_error(request)
