"""Keeping the score table (campaign.UnitPeriodScore) in step with what it caches.

campaign.scoring is the rule and campaign.ranking computes with it; the table only saves
recomputing every unit of the country on each page. When something a score depends on
changes, the service that changed it calls `mark_stale` in its transaction: the rows are
flagged at once (a page reading them recomputes those units itself, so nobody sees an
old score) and a task recomputes them in the background (synchronously when Celery runs
eagerly). Ranks and bands are never stored.
"""

import contextlib
import threading

from django.core.cache import cache

from thidua.jobs import enqueue

from .models import Registration, ReportingPeriod, UnitPeriodScore
from .ranking import campaign_criteria, compute_scores, considered_units


def data_version(campaign_id):
    """A number that changes whenever a campaign's scores or submissions change (cache keys use it)."""
    return cache.get_or_set(f"campaign:{campaign_id}:version", 1, timeout=None)


def bump_version(campaign_id):
    try:
        cache.incr(f"campaign:{campaign_id}:version")
    except ValueError:
        cache.set(f"campaign:{campaign_id}:version", 2, timeout=None)


# The refreshes held back by `refreshes_held`: campaign id -> [unit ids, period ids] (None: all).
_held = threading.local()


@contextlib.contextmanager
def refreshes_held():
    """Within the block, `mark_stale` still flags the rows at once but queues no refresh; at its
    end one refresh per campaign covers every unit and period marked.

    For loading a campaign's whole history in one go (the demo): a refresh queued per change
    would recompute the same units hundreds of times at the commit. Nested blocks hold for the
    outermost one; a block left by an error queues nothing (its transaction is rolled back).
    """
    if getattr(_held, "jobs", None) is not None:
        yield
        return
    _held.jobs = {}
    try:
        yield
        jobs = _held.jobs
    finally:
        _held.jobs = None
    from .tasks import refresh_scores

    for campaign_id, (organization_ids, period_ids) in jobs.items():
        enqueue(
            refresh_scores,
            campaign_id,
            None if organization_ids is None else sorted(organization_ids),
            None if period_ids is None else sorted(period_ids),
        )


def _hold(jobs, campaign_id, organization_ids, period_ids):
    """Widen the campaign's held refresh to these units and periods: a refresh of the union of
    units over the union of periods covers every pair that was marked."""
    held = jobs.setdefault(campaign_id, [set(), set()])
    for index, ids in enumerate((organization_ids, period_ids)):
        if ids is None or held[index] is None:
            held[index] = None
        else:
            held[index].update(ids)


def mark_stale(campaign_id, organization_ids=None, period_ids=None):
    """Flag the rows of these units (all when None) in these periods (all when None) and queue their refresh."""
    rows = UnitPeriodScore.objects.filter(period__campaign_id=campaign_id)
    if organization_ids is not None:
        rows = rows.filter(organization_id__in=organization_ids)
    if period_ids is not None:
        rows = rows.filter(period_id__in=period_ids)
    rows.update(stale=True)
    bump_version(campaign_id)
    jobs = getattr(_held, "jobs", None)
    if jobs is not None:
        _hold(jobs, campaign_id, organization_ids, period_ids)
        return
    from .tasks import refresh_scores

    enqueue(
        refresh_scores,
        campaign_id,
        None if organization_ids is None else list(organization_ids),
        None if period_ids is None else list(period_ids),
    )


def refresh(campaign_id, organization_ids=None, period_ids=None):
    """Recompute and store the scores of these units and periods (all when None); returns how many rows."""
    from .models import Campaign

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return 0
    periods = ReportingPeriod.objects.filter(campaign=campaign).order_by("starts_on", "pk")
    if period_ids is not None:
        periods = periods.filter(pk__in=period_ids)
    periods = list(periods)
    units = considered_units(campaign, campaign_criteria(campaign), organization_ids=organization_ids)
    scored = compute_scores(campaign, periods, units)
    # Units no longer ranked (registration gone, kind changed) keep no row.
    gone = UnitPeriodScore.objects.filter(period__in=periods)
    if organization_ids is not None:
        gone = gone.filter(organization_id__in=organization_ids)
    gone.exclude(organization_id__in=Registration.objects.filter(campaign=campaign).values("organization_id")).delete()
    bump_version(campaign_id)
    return len(scored)
