"""The office's queue of submissions: its order, and pages read from an index with counts from the counters.

The queue lists a campaign's submissions newest period first; in a period, what waits for
verification on top (submitted, returned, draft, verified), the first sent first. Each
(period, status) is one range of the index `submission_queue_idx` (period, status,
submitted_at, id), and the counters (campaign.counters) say how many rows each range holds
under the queue's filters; a page is then read from one or two ranges, never sorted from
all the submissions. A search by name cannot be counted: it is sorted and counted as a query.
"""

from django.db.models import Case, IntegerField, Value, When

from . import counters
from .areas import campaign_map
from .models import SubmissionStatus

# What waits for the office first.
STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED, SubmissionStatus.DRAFT, SubmissionStatus.VERIFIED)

STATUS_ORDER = Case(
    *(When(status=status, then=Value(order)) for order, status in enumerate(STATUSES)),
    output_field=IntegerField(),
)

# The queue's order in one query (exports, the ticked reports); `QueuePages` reads the same order range by range.
QUEUE_ORDER = ("-period__starts_on", "-period__pk", "status_order", "submitted_at", "pk")
RANGE_ORDER = ("submitted_at", "pk")


def ordered(queryset):
    """Submissions in the queue's order."""
    return queryset.annotate(status_order=STATUS_ORDER).order_by(*QUEUE_ORDER)


def queue_periods(campaign, period=None):
    """The periods a queue lists, newest first: `period`, or all the campaign's."""
    if period is not None:
        return [period]
    return list(campaign.periods.order_by("-starts_on", "-pk"))


def places_in(campaign, area):
    """The recorded areas (counters' `place`) the campaign's map puts in `area`."""
    at_level = campaign_map(campaign).at_level
    return [place for place, found in at_level.items() if found == area.pk]


def range_counts(campaign, periods, *, kind=None, area=None, is_late=None):
    """{(period id, status): n} of the submissions of these periods under the filters, from the counters."""
    found = {}
    rows = counters.submission_rows(
        periods,
        kinds=None if not kind else [kind],
        places=None if area is None else places_in(campaign, area),
        is_late=is_late,
    )
    for period_id, _place, _kind, status, _late, n in rows:
        found[(period_id, status)] = found.get((period_id, status), 0) + n
    return found


class QueuePages:
    """The queue as a sequence a Paginator pages: its length from the counts, each slice read
    from the index ranges it spans (`queryset` holds the filters; the ranges add period and status)."""

    def __init__(self, queryset, periods, statuses, counts):
        self.queryset = queryset
        self.ranges = [
            (period.pk, status, counts.get((period.pk, status), 0))
            for period in periods
            for status in statuses
            if counts.get((period.pk, status), 0)
        ]

    def __len__(self):
        return sum(n for _period, _status, n in self.ranges)

    def __getitem__(self, chosen):
        if not isinstance(chosen, slice) or chosen.step not in (None, 1):
            raise TypeError("QueuePages is read by slices")
        start, stop = chosen.start or 0, len(self) if chosen.stop is None else chosen.stop
        rows, offset = [], 0
        for period_id, status, n in self.ranges:
            if offset >= stop:
                break
            if offset + n > start:
                lower, upper = max(start - offset, 0), min(stop - offset, n)
                part = self.queryset.filter(period_id=period_id, status=status).order_by(*RANGE_ORDER)
                rows += list(part[lower:upper])
            offset += n
        return rows
