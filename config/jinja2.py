"""The Jinja2 environment of the catalogue's busiest templates (templates/jinja2/): the list's
region with its facets and the incident page's body. They are rendered for nearly every
request that the page cache does not serve, and Jinja2 renders them about ten times faster
than the Django template engine (README, Performance).

Translations go through Django's catalogue (gettext, ngettext) and are escaped like any other
value, as Django's {% translate %} does; tests/test_i18n.py checks that every message of these
templates has a Japanese translation. Filters are Django's own, so dates and numbers read the
same on every page."""

from django.template import defaultfilters
from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext
from jinja2 import Environment, Undefined


def environment(**options) -> Environment:
    # Django's backend swaps in DebugUndefined under DEBUG, which prints "{{ name }}" for a
    # missing value; the pages render a missing value as nothing, as Django's templates do.
    options["undefined"] = Undefined
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext)
    env.globals.update(url=reverse, pgettext=pgettext)
    env.filters.update(date=defaultfilters.date, floatformat=defaultfilters.floatformat)
    return env
