"""The expensive part of a page (the list's results and facets, an incident's body) kept as
rendered HTML per catalogue version, language and URL, in each process's own cache.

The catalogue version moves with every statement that writes what a page shows, in the same
transaction (migration 0011): a version a reader sees is never ahead of the rows it reads, so
a kept part is never older than its key says. The page around it (header, language form with
its CSRF token) is rendered for each request. PAGE_CACHE_SECONDS = 0 turns it off."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .models import catalogue_version


def key(name: str, request) -> str | None:
    """The key of page part `name` for this request; None when the cache is off."""
    if not settings.PAGE_CACHE_SECONDS:
        return None
    state = f"{name}|{catalogue_version()}|{get_language()}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(state.encode()).hexdigest()


def get(key: str | None) -> dict | None:
    return cache.get(key) if key else None


def put(key: str | None, value: dict) -> None:
    if key:
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
