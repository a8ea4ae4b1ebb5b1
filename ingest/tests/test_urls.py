"""`ingest URL`, `ingest --urls FILE` and `extract URL` against an HTTP server the test starts."""

import http.server
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from breaches.models import Disclosure, Revision
from ingest import fetch
from ingest.extract import extract
from ingest.sources import read_url
from ingest.tests.published import HANAMIZUKI, MINATO, chrome_page, pdf_from_text


class Site:
    """Pages by path: (status, headers, body); remembers each request's headers."""

    def __init__(self):
        self.pages: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[tuple[str, dict]] = []


def handler_for(site: Site):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            site.requests.append((self.path, dict(self.headers)))
            status, headers, body = site.pages.get(self.path, (404, {}, b"not found"))
            if headers.get("ETag") and self.headers.get("If-None-Match") == headers["ETag"]:
                status, body = 304, b""
            if headers.get("X-Delay"):
                threading.Event().wait(float(headers["X-Delay"]))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def site():
    pages = Site()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(pages))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    pages.url = f"http://127.0.0.1:{server.server_port}"
    yield pages
    server.shutdown()
    server.server_close()


def sjis_page(text: str) -> bytes:
    # No <meta charset>: only the server's Content-Type names the encoding.
    return chrome_page(text).replace('<meta charset="utf-8">', "").encode("cp932")


def html_headers(etag: str = "") -> dict:
    headers = {"Content-Type": "text/html; charset=Shift_JIS"}
    return {**headers, "ETag": etag} if etag else headers


def test_a_url_gives_the_fields_of_the_plain_text(site):
    site.pages["/news/2024/0520.html"] = (200, html_headers(), sjis_page(MINATO))
    site.pages["/files/notice"] = (
        200,
        {"Content-Type": "application/pdf"},
        pdf_from_text(HANAMIZUKI),
    )
    page = read_url(site.url + "/news/2024/0520.html")
    assert extract(page.text).schema() == extract(MINATO).schema()
    assert page.encoding == "cp932"
    assert page.source_url == site.url + "/news/2024/0520.html"
    pdf = read_url(site.url + "/files/notice")
    assert extract(pdf.text).schema() == extract(HANAMIZUKI).schema()
    assert "breach-catalogue" in site.requests[0][1]["User-Agent"]


@pytest.mark.django_db
def test_a_rerun_fetches_conditionally_and_stores_a_revision_only_on_change(site):
    url = site.url + "/notice.html"
    site.pages["/notice.html"] = (200, html_headers('"v1"'), sjis_page(MINATO))
    out = StringIO()
    call_command("ingest", url, stdout=out, stderr=StringIO())
    assert "1 new, 0 updated, 0 unchanged, 0 skipped, 0 failed" in out.getvalue()
    disclosure = Disclosure.objects.get()
    assert (disclosure.source_url, disclosure.source_key, disclosure.source_path) == (url, url, "")
    assert disclosure.incident.organization == "株式会社みなと珈琲"

    out = StringIO()
    call_command("ingest", url, stdout=out, stderr=StringIO())
    assert "0 new, 0 updated, 1 unchanged" in out.getvalue()
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'

    changed = MINATO.replace("3,124件", "3,200件").replace("3,124名", "3,200名")
    site.pages["/notice.html"] = (200, html_headers('"v2"'), sjis_page(changed))
    out = StringIO()
    call_command("ingest", url, stdout=out, stderr=StringIO())
    assert "0 new, 1 updated, 0 unchanged" in out.getvalue()
    disclosure.refresh_from_db()
    assert disclosure.revision == 2 and "3,200件" in disclosure.text
    assert Revision.objects.get().text.count("3,124件") == 1


@pytest.mark.django_db
def test_failed_fetches_are_one_line_reasons_and_the_rest_import(site, tmp_path, monkeypatch):
    monkeypatch.setattr(fetch, "TIMEOUT", 0.5)
    site.pages["/ok.html"] = (200, html_headers(), sjis_page(MINATO))
    site.pages["/moved"] = (302, {"Location": "/ok2.html"}, b"")
    site.pages["/ok2.html"] = (200, html_headers(), sjis_page(HANAMIZUKI))
    site.pages["/huge"] = (200, {"Content-Length": "900000000"}, b"")
    site.pages["/slow"] = (200, {"X-Delay": "2"}, b"late")
    site.pages["/elsewhere"] = (302, {"Location": "file:///etc/passwd"}, b"")
    site.pages["/menu"] = (
        200,
        {"Content-Type": "text/html"},
        "<ul><li>会社概要</li></ul>".encode(),
    )
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "# notices to fetch\n"
        + "\n".join(
            site.url + path
            for path in ["/ok.html", "/moved", "/gone", "/huge", "/slow", "/elsewhere", "/menu"]
        )
        + "\nhttp://127.0.0.1:9/refused\n\n",
        encoding="utf-8",
    )
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="5 file"):
        call_command("ingest", "--urls", str(urls), verbosity=2, stdout=out, stderr=err)
    assert "2 new, 0 updated, 0 unchanged, 1 skipped, 5 failed" in out.getvalue()
    report = err.getvalue()
    assert f"FAILED {site.url}/gone: HTTP 404 Not Found" in report
    assert f"FAILED {site.url}/huge: larger than 5 MB" in report
    assert f"FAILED {site.url}/slow: no answer within 0.5 s" in report
    assert f"FAILED {site.url}/elsewhere: HTTP 302 Found - Redirection to url 'file:" in report
    assert "FAILED http://127.0.0.1:9/refused: cannot fetch: " in report
    assert f"SKIPPED {site.url}/menu: not a notice" in out.getvalue()
    assert "Traceback" not in report
    assert Disclosure.objects.filter(source_key=site.url + "/moved").exists()


def test_a_urls_file_with_a_bad_line_is_refused_before_anything_is_fetched(tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.jp/a\nftp://example.jp/b\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2: not an http"):
        call_command("ingest", "--urls", str(urls), stdout=StringIO(), stderr=StringIO())


def test_extract_reads_a_url_as_ingest_does(site):
    import json

    site.pages["/n.html"] = (200, html_headers(), sjis_page(HANAMIZUKI))
    out = StringIO()
    call_command("extract", site.url + "/n.html", stdout=out, stderr=StringIO())
    row = json.loads(out.getvalue())
    assert row.pop("id") == site.url + "/n.html"
    assert row == extract(HANAMIZUKI).schema()
