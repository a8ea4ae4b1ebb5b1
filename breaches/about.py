"""What the catalogue holds and how its values are obtained: the front page's band and /about/."""

from dataclasses import dataclass

from django.core.cache import cache, caches
from django.db import connection
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from ingest.extract.fields import TABLE

from .detail import FIELD_LABELS
from .filters import TTD_LABELS
from .models import catalogue_version

OVERVIEW_CACHE_SECONDS = 3600  # keyed by the catalogue version: a write is seen at once

# What each field means, for the /about/ page; the labels themselves come from fields.TABLE.
FIELD_NOTES = {
    "organization": _("The organisation that published the notice."),
    "sites": _("The shops or sites whose payment pages were affected."),
    "published_on": _("The date the notice bears."),
    "first_disclosed_on": _("The earliest public announcement of the breach, over all notices."),
    "report_stage": _("First report, update or final report."),
    "discovered_on": _("When the merchant learnt of the breach (the first outside warning)."),
    "discovered_by": _("Who noticed first: card company, payment processor, police, …"),
    "forensic_firm": _("The firm that investigated, by its canonical name."),
    "forensic_investigation": _("Whether a forensic investigation is mentioned."),
    "forensic_report_on": _("When the investigation's report came back."),
    "causes": _("How the attackers got in, in the catalogue's vocabulary."),
    "card_data": _("Which card data items may have leaked."),
    "personal_data": _("Which personal data items may have leaked."),
    "records_max": _("The largest number of cards or records the notice says may have leaked."),
    "records_confirmed": _("The number of records the notice says certainly leaked."),
    "fraud_cases": _("Known fraudulent uses of the leaked cards."),
    "exposure_periods": _("When the payment page was compromised."),
    "payment_suspended_on": _("When card payment on the site was stopped."),
    "reported_to": _("Authorities the merchant reported to (police, PPC, …)."),
}


@dataclass(frozen=True)
class Overview:
    incidents: int
    notices: int
    first_date: object
    last_date: object
    last_import: object
    values: int
    unverified: int
    reviewed: int

    def share(self, n: int) -> float:
        return round(100 * n / self.values, 1) if self.values else 0.0

    @property
    def unverified_share(self) -> float:
        return self.share(self.unverified)

    @property
    def reviewed_share(self) -> float:
        return self.share(self.reviewed)

    # The band's sentences are built here, in the language of the request, each piece with its
    # punctuation in the translation: Japanese gets 、 and 。 and no spaces between sentences.

    @property
    def holdings(self) -> str:
        """Incidents and notices, the dates of first disclosure and the last import."""
        sentence = gettext("%(incidents)s from %(notices)s") % {
            "incidents": ngettext("%(n)s incident", "%(n)s incidents", self.incidents)
            % {"n": grouped(self.incidents)},
            "notices": ngettext("%(n)s notice", "%(n)s notices", self.notices)
            % {"n": grouped(self.notices)},
        }
        if self.first_date:
            sentence = gettext("%(sentence)s, first disclosed %(first)s – %(last)s") % {
                "sentence": sentence,
                "first": formats.date_format(self.first_date),
                "last": formats.date_format(self.last_date),
            }
        if self.last_import:
            when = timezone.localtime(self.last_import)
            sentence = gettext("%(sentence)s; last import %(when)s") % {
                "sentence": sentence,
                # Not DATETIME_FORMAT: English would end "3 a.m.." before the full stop.
                "when": f"{formats.date_format(when)} {formats.time_format(when, 'H:i')}",
            }
        return pgettext("end of a sentence", "%(sentence)s.") % {"sentence": sentence}

    @property
    def method(self) -> str:
        """How values are obtained, and the shares unverified and reviewed."""
        return gettext(
            "Values are extracted automatically from the notices; each links to its evidence. "
            "%(unverified)s%% of values are marked unverified, %(reviewed)s%% were reviewed by "
            "an editor."
        ) % {"unverified": decimal(self.unverified_share), "reviewed": decimal(self.reviewed_share)}


def grouped(n: int) -> str:
    """12,345 in both languages, as the request's locale writes it."""
    return formats.number_format(n, force_grouping=True)


def decimal(x: float) -> str:
    """One decimal when there is one: 24.2, 0, 100."""
    return formats.number_format(x, decimal_pos=0 if float(x).is_integer() else 1)


def overview(version: str | None = None) -> Overview:
    """Counts over the whole catalogue, counted once per catalogue version (which moves with
    every write, so the band is never behind the catalogue): kept in this process and in the
    cache the processes share, so one process counts for all. `version`: the catalogue
    version when the caller has read it."""
    key = f"catalogue-overview:{version or catalogue_version()}"
    found = cache.get(key)
    if found is None:
        shared = caches["shared"]
        found = shared.get(key)
        if found is None:
            found = count_overview()
            shared.set(key, found, OVERVIEW_CACHE_SECONDS)
        cache.set(key, found, OVERVIEW_CACHE_SECONDS)
    return found


OVERVIEW_SQL = """
SELECT
  (SELECT count(*) FROM breaches_incident),
  (SELECT min(first_disclosed_on) FROM breaches_incident),
  (SELECT max(first_disclosed_on) FROM breaches_incident),
  (SELECT coalesce(sum(cardinality(unverified_fields)), 0) FROM breaches_incident),
  (SELECT count(*) FROM breaches_disclosure),
  (SELECT max(updated_at) FROM breaches_disclosure),
  (SELECT count(*) FROM (
     SELECT incident_id, field FROM breaches_fieldreview
     UNION SELECT incident_id, field FROM breaches_correction
       WHERE reverted_at IS NULL AND incident_id IS NOT NULL
     UNION SELECT d.incident_id, c.field FROM breaches_correction c
       JOIN breaches_disclosure d ON d.id = c.disclosure_id WHERE c.reverted_at IS NULL
  ) AS reviewed)
"""


def count_overview() -> Overview:
    """One query: paid once per catalogue version (see `overview`)."""
    with connection.cursor() as cursor:
        cursor.execute(OVERVIEW_SQL)
        incidents, first, last, unverified, notices, last_import, reviewed = cursor.fetchone()
    return Overview(
        incidents=incidents,
        notices=notices,
        first_date=first,
        last_date=last,
        last_import=last_import,
        values=incidents * len(TABLE),
        unverified=unverified,
        reviewed=reviewed,
    )


def field_definitions() -> list[tuple[str, str, str]]:
    """(code, label, meaning) of every extracted field, in the extractor's order."""
    return [(f.name, str(FIELD_LABELS[f.name]), str(FIELD_NOTES.get(f.name, ""))) for f in TABLE]


def ttd_paragraph() -> str:
    """What time to disclosure measures and the filter's buckets, in the request's language."""
    separator = pgettext("between the items of a list", ", ")
    buckets = separator.join(str(label) for label in TTD_LABELS.values())
    return gettext(
        "Time to disclosure is the number of days from the discovery date (when the merchant "
        "was first warned, usually by its card company or payment processor) to the first "
        "public disclosure. It is left out when either date is missing, or when a check doubts "
        "them, until an editor reviews them. The buckets of the filter are: %(buckets)s."
    ) % {"buckets": buckets}


def about_page(request):
    context = {
        "overview": overview(),
        "fields": field_definitions(),
        "ttd_paragraph": ttd_paragraph(),
    }
    return render(request, "breaches/about.html", context)
