"""Pages of incidents whose total never costs a count of the whole catalogue: the unfiltered
total is kept by the database (FacetCount), a search's is counted up to a cap ("1,000+"), a
list narrowed by facets is counted with its facet counts (the bitmaps, or a search's narrow
rows), and only what the facets did not count is counted on the incidents."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.functional import cached_property

from . import narrow
from .facets import unfiltered
from .filters import sort_incidents
from .models import FacetCount

SEARCH_COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows (a LIMIT subquery), or takes `known`, a count made
    already (the facet counts count a search's matches); `capped` says the count stopped
    there."""

    def __init__(self, object_list, per_page, cap, known: int | None = None):
        super().__init__(object_list, per_page)
        self.cap = cap
        self.known = known

    @cached_property
    def count(self):
        if self.known is not None:
            return min(self.known, self.cap + 1)
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


class KnownCountPaginator(Paginator):
    """The whole catalogue's pages: its size is kept by the database (FacetCount)."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.known = count

    @cached_property
    def count(self):
        return self.known


def paginator_for(filterset, queryset, per_page: int) -> Paginator:
    # Counted with the facets (facets.count_live), when they were counted first.
    known = getattr(filterset, "narrow_total", None)
    if filterset.searching:
        paginator = CappedPaginator(queryset, per_page, cap=SEARCH_COUNT_CAP, known=known)
        if paginator.capped and filterset.active_sort.lstrip("-") == "date":
            # A common term: its matches are dense, so walking the date index finds a page at
            # once. The fence (filters.sort_incidents) is for rare terms, where that walk
            # would read the whole index (FIELD-NOTES).
            paginator.object_list = sort_incidents(queryset, filterset.active_sort)
        return paginator
    if unfiltered(filterset):
        return KnownCountPaginator(queryset, per_page, FacetCount.total())
    if getattr(filterset, "scope", Q()) == Q():
        # Only facets narrow the list: counted on the narrow rows (IncidentFacets).
        return KnownCountPaginator(queryset, per_page, narrow.total(filterset))
    if known is not None:
        # The API's date ranges with facets: their matches were counted with the facets.
        return KnownCountPaginator(queryset, per_page, known)
    return Paginator(queryset, per_page)
