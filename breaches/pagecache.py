"""The expensive part of a page (the list's results and facets, an incident's body) kept as
rendered HTML per catalogue version, language and URL, in each process's own cache (the
`pages` cache, apart from the small values of `default`).

The catalogue version moves with every statement that writes what a page shows, in the same
transaction (migration 0011): a version a reader sees is never ahead of the rows it reads, so
a kept part is never older than its key says. The page around it (header, language form with
its CSRF token) is rendered for each request. PAGE_CACHE_SECONDS = 0 turns it off."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.translation import get_language

from .models import catalogue_version


def version(request) -> str:
    """The catalogue version, read once per request."""
    if not hasattr(request, "catalogue_version"):
        request.catalogue_version = catalogue_version()
    return request.catalogue_version


def key(name: str, request) -> str | None:
    """The key of page part `name` for this request; None when the cache is off."""
    if not settings.PAGE_CACHE_SECONDS:
        return None
    state = f"{name}|{version(request)}|{get_language()}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(state.encode()).hexdigest()


def kept(name: str, request, make) -> dict | HttpResponse:
    """Page part `name` for this request: the kept rendering, else `make()`'s, kept unless it
    is a response of its own (a 404, a redirect), which is returned as it is."""
    part_key = key(name, request)
    cache = caches["pages"]
    found = cache.get(part_key) if part_key else None
    if found is None:
        found = make()
        if part_key and not isinstance(found, HttpResponse):
            cache.set(part_key, found, settings.PAGE_CACHE_SECONDS)
    return found
