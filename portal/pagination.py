"""Pagination that stays fast on a million rows."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows: a list of a million dossiers shows
    "more than 10,000" instead of counting them all on every page view."""

    @cached_property
    def count(self) -> int:
        # No ORDER BY and no joins in the count: the first COUNT_CAP + 1 matching ids.
        return self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_CAP
