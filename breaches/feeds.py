"""Atom feed of the newest disclosures of the incidents that match the list's filters."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .facets import state, url_with
from .models import Disclosure, Term
from .views import filtered

FEED_SIZE = 50


class DisclosureFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        from .api import bad_request

        self.filterset = filtered(request)
        if self.filterset.problems:
            return bad_request(self.filterset.problems)
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Card breach disclosures")

    def subtitle(self):
        return _("The newest disclosures matching the catalogue's filters")

    def link(self):
        return url_with(reverse("breaches:list"), state(self.filterset))

    def items(self):
        stages = Term.labels(Term.Kind.REPORT_STAGE)
        incidents = self.filterset.qs.order_by().values("pk")
        disclosures = (
            Disclosure.objects.filter(incident__in=incidents)
            .select_related("incident")
            .order_by("-published_on", "-created_at", "-id")[:FEED_SIZE]
        )
        for disclosure in disclosures:
            disclosure.stage_label = stages.get(disclosure.report_stage, "")
        return disclosures

    def item_title(self, item):
        name = str(item.incident).rsplit(" (", 1)[0]
        return f"{name} {item.stage_label}".strip()

    def item_description(self, item):
        return item.text[:300]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"disclosure-{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        if item.published_on:
            return dt.datetime.combine(item.published_on, dt.time(), tzinfo=dt.UTC)
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
