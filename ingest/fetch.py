"""Fetching notices from the web: polite, bounded, conditional. No Django here.

One GET per URL with a user agent that says who we are, a timeout, a size cap, at most 5
redirects (http and https only), and If-None-Match / If-Modified-Since from the last fetch so an
unchanged page costs the server a 304. Every failure is a one-line `BadDocument`.
"""

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass

from ingest.formats.errors import BadDocument

USER_AGENT = "breach-catalogue-importer/1.0 (notice archive; one request per notice)"
TIMEOUT = 20
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Fetched:
    url: str
    body: bytes
    content_type: str
    etag: str
    last_modified: str


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not newurl.lower().startswith(("http://", "https://")):
            raise BadDocument(f"redirected to a non-web address: {newurl[:80]}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int,
    timeout: float | None = None,
) -> Fetched | None:
    """The response, or None when the server says the page has not changed (304)."""
    timeout = timeout or TIMEOUT
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    opener = urllib.request.build_opener(_Redirects)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=timeout) as reply:
            length = reply.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise BadDocument(f"larger than {max_bytes // 1_000_000} MB")
            body = reply.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise BadDocument(f"larger than {max_bytes // 1_000_000} MB")
            return Fetched(
                url=reply.geturl(),
                body=body,
                content_type=reply.headers.get("Content-Type", ""),
                etag=reply.headers.get("ETag", ""),
                last_modified=reply.headers.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None
        raise BadDocument(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise BadDocument(f"no answer within {timeout:g} s") from None
        raise BadDocument(f"cannot fetch: {getattr(reason, 'strerror', None) or reason}") from None
    except TimeoutError:
        raise BadDocument(f"no answer within {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise BadDocument(f"cannot fetch: {exc}".splitlines()[0]) from None
