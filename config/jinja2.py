"""The Jinja2 environment of the catalogue's busiest templates (templates/jinja2/): the list's
region with its facets and the incident page's body. They are rendered for nearly every
request that the page cache does not serve, and Jinja2 renders them about ten times faster
than the Django template engine (README, Performance).

Translations go through Django's catalogue (gettext, ngettext) and are escaped like any other
value, as Django's {% translate %} does; tests/test_i18n.py checks that every message of these
templates has a Japanese translation. Filters are Django's own, so dates and numbers read the
same on every page."""

import datetime as dt
import functools

from django.template import defaultfilters
from django.urls import reverse
from django.utils.translation import get_language, gettext, ngettext, pgettext
from jinja2 import Environment, Undefined


def environment(**options) -> Environment:
    # Django's backend swaps in DebugUndefined under DEBUG, which prints "{{ name }}" for a
    # missing value; the pages render a missing value as nothing, as Django's templates do.
    options["undefined"] = Undefined
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext)
    env.globals.update(url=reverse, pgettext=pgettext)
    env.filters.update(date=date, floatformat=defaultfilters.floatformat)
    return env


def date(value, arg=None):
    """Django's `date` filter; a calendar date (no time, so no time zone) is formatted once per
    language and format, as a page formats forty of them and Django's formatter takes 70 µs."""
    if type(value) is dt.date:
        return day(value, get_language(), arg)
    return defaultfilters.date(value, arg)


@functools.lru_cache(maxsize=8192)
def day(value: dt.date, language: str | None, arg: str | None) -> str:
    return defaultfilters.date(value, arg)
