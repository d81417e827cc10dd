"""What the leadership's shortlist shows and sorts by, stored on each nomination.

The shortlist of a national campaign runs to thousands of nominations; it reads one page of
one award type through an index (`nomination_shortlist_idx`) instead of building them all.
Each nomination keeps its unit's cumulated score, band and veto as campaign.ranking gives
them (the one ranking API: no scoring rule here), the score it is ranked by
(awards.tally.shortlist_score) and its nominee's name as a Vietnamese sort key.

`refresh_rank_scores` is the one writer. It runs when a nomination is created or changed,
after a unit's scores are refreshed (campaign.signals.scores_refreshed, sent by the task
that refreshes them), and every night for every campaign (celery beat, and
`manage.py refresh_rank_scores` by hand): a cumulated score also moves when a period's
deadline passes. A nominee renamed (a person, a household, an initiative) has its nominations'
sort keys put right when the change is committed (`nominee_changed`).
"""

from django.db import transaction

from campaign.models import Campaign
from campaign.ranking import periods_up_to, ranked_scores
from core.collation import vietnamese_sort_bytes

from .models import RANK_SCORE_FIELDS, Nomination
from .tally import shortlist_score


def shortlist_fields(own, unit_total):
    """The shortlist's score of a nomination with its own score and its unit's total, and whether it has one."""
    score = shortlist_score(own, unit_total)
    return {"shortlist_score": score, "shortlist_scored": score is not None}


def stored_values(nomination, unit):
    """The values of RANK_SCORE_FIELDS a nomination should hold, its unit's ranked score given (or None)."""
    total = unit.total if unit is not None else None
    return {
        "unit_total": total,
        "unit_band": (unit.band or "") if unit is not None else "",
        "unit_vetoed": bool(unit is not None and unit.vetoed),
        **shortlist_fields(nomination.score, total),
        "nominee_sort_key": vietnamese_sort_bytes(nomination.nominee_name),
    }


def _current(nomination, field):
    value = getattr(nomination, field)
    return bytes(value) if field == "nominee_sort_key" and value is not None else value


def refresh_rank_scores(campaign, organization_ids=None):
    """Store the rank scores of the nominations of `campaign` (None: outside any campaign) of these
    units (all when None); returns how many nominations changed."""
    nominations = (
        Nomination.objects.filter(campaign=campaign) if campaign else Nomination.objects.filter(campaign__isnull=True)
    )
    if organization_ids is not None:
        nominations = nominations.filter(organization_id__in=list(organization_ids))
    with transaction.atomic():
        # Locked so that an eligibility check storing a new `score` meanwhile is not overwritten.
        rows = list(
            nominations.select_for_update(of=("self",)).select_related(
                "organization", "person", "household", "initiative"
            )
        )
        if not rows:
            return 0
        units = {}
        if campaign is not None:
            ids = sorted({n.organization_id for n in rows})
            units = {
                s.organization_id: s
                for s in ranked_scores(campaign, periods_up_to(campaign), cumulated=True, organization_ids=ids)
            }
        changed = []
        for nomination in rows:
            values = stored_values(nomination, units.get(nomination.organization_id))
            if any(_current(nomination, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(nomination, field, value)
                changed.append(nomination)
        Nomination.objects.bulk_update(changed, RANK_SCORE_FIELDS, batch_size=500)
    return len(changed)


def nominating_campaigns():
    """Where nominations are, for `refresh_rank_scores`: every campaign with one, then None
    (the nominations outside any campaign)."""
    return [*Campaign.objects.filter(nominations__isnull=False).distinct().order_by("pk"), None]


def refresh_all_rank_scores():
    """Every campaign's nominations, and those outside any campaign: {campaign id or None: changed}."""
    return {campaign.pk if campaign else None: refresh_rank_scores(campaign) for campaign in nominating_campaigns()}


NOMINEE_FIELDS = {"Person": "person", "Household": "household", "Initiative": "initiative"}


def nominee_changed(sender, instance, created=False, **kwargs):
    """post_save of a person, household or initiative: once committed, its nominations are stored
    again (the shortlist sorts by the nominee's name). A new one has no nomination yet."""
    if created:
        return
    field = NOMINEE_FIELDS[sender.__name__]

    def refresh():
        found = Nomination.objects.filter(**{field: instance.pk}).values_list("campaign_id", "organization_id")
        by_campaign = {}
        for campaign_id, organization_id in found:
            by_campaign.setdefault(campaign_id, set()).add(organization_id)
        for campaign_id, organization_ids in by_campaign.items():
            campaign = Campaign.objects.get(pk=campaign_id) if campaign_id is not None else None
            refresh_rank_scores(campaign, organization_ids)

    transaction.on_commit(refresh)


def units_rescored(sender, campaign_id, organization_ids=None, **kwargs):
    """campaign.signals.scores_refreshed: the units' nominations follow their new scores."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is not None:
        refresh_rank_scores(campaign, organization_ids)
