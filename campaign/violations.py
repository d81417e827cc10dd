"""Violations the office records: checked, atomic, and kept in the history with who and why."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import TransitionError

from .models import CampaignStatus, ScoringRule, Violation, ViolationEffect
from .score_table import mark_stale


class ViolationError(TransitionError):
    """A violation that breaks a rule; `field` names the form field the message belongs to."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


FIELDS = ("organization", "person", "criterion", "occurred_on", "description", "effect", "points")


def ensure_open(campaign):
    """A closed campaign's results are final: its violations no longer change."""
    if campaign.status == CampaignStatus.CLOSED:
        raise ViolationError(_("The campaign is closed: its violations can no longer change."))


def check_violation(campaign, *, organization, person=None, criterion=None, occurred_on, effect, points=None):
    """The points the violation takes off, after checking it against the campaign.

    Raises ViolationError (a TransitionError) naming the first rule broken and its field. Without points, a DEDUCTION
    criterion's points per violation apply; a veto takes off no points.
    """
    ensure_open(campaign)
    if not campaign.starts_on <= occurred_on <= campaign.ends_on:
        raise ViolationError(
            _("The date must fall within the campaign (%(start)s – %(end)s).")
            % {"start": campaign.starts_on.strftime("%d/%m/%Y"), "end": campaign.ends_on.strftime("%d/%m/%Y")},
            "occurred_on",
        )
    if not campaign.takes_part(organization, kinds_only=True):
        raise ViolationError(_("This kind of organization does not take part in the campaign."), "organization")
    if person is not None and person.organization_id != organization.pk:
        raise ViolationError(_("The person does not belong to this organization."), "person")
    if effect not in ViolationEffect.values:
        raise ViolationError(_("Choose deduction or veto."), "effect")
    if criterion is not None:
        if criterion.campaign_id != campaign.pk:
            raise ViolationError(_("The criterion is not one of this campaign's."), "criterion")
        if criterion.rule not in (ScoringRule.DEDUCTION, ScoringRule.VETO):
            raise ViolationError(_("Choose a criterion scored by deduction or veto."), "criterion")
        if criterion.rule != effect:
            raise ViolationError(
                _("The effect must be that of the criterion (%(rule)s).") % {"rule": criterion.get_rule_display()},
                "effect",
            )
    if effect == ViolationEffect.VETO:
        return Decimal("0")  # a veto bars awards; it takes off no points
    if points is None:
        points = criterion.points_per_unit if criterion is not None and criterion.points_per_unit else None
    if points is None:
        raise ViolationError(_("Give the points this violation takes off."), "points")
    if points < 0:
        raise ViolationError(_("The points deducted cannot be negative."), "points")
    return points


@transaction.atomic
def record_violation(
    campaign, *, organization, person=None, criterion=None, occurred_on, description, effect, points=None, by
):
    """Record a violation of a unit (or of one of its people); it counts in the unit's score at once."""
    points = check_violation(
        campaign,
        organization=organization,
        person=person,
        criterion=criterion,
        occurred_on=occurred_on,
        effect=effect,
        points=points,
    )
    violation = Violation(
        campaign=campaign,
        organization=organization,
        person=person,
        criterion=criterion,
        occurred_on=occurred_on,
        description=description,
        effect=effect,
        points=points,
        recorded_by=by,
    )
    violation._history_user = by
    violation.save()
    mark_stale(campaign.pk, [organization.pk])
    return violation


@transaction.atomic
def update_violation(violation, *, by, reason="", **changes):
    """Change a violation's fields; the history keeps the old values, who changed them and why.

    Changing nothing writes nothing. Returns True when something changed.
    """
    violation = Violation.objects.select_for_update().select_related("campaign").get(pk=violation.pk)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    fields = {name: changes.get(name, getattr(violation, name)) for name in FIELDS}
    fields["points"] = check_violation(
        violation.campaign,
        organization=fields["organization"],
        person=fields["person"],
        criterion=fields["criterion"],
        occurred_on=fields["occurred_on"],
        effect=fields["effect"],
        points=fields["points"],
    )
    changed = [name for name, value in fields.items() if getattr(violation, name) != value]
    if not changed:
        return False
    units = {violation.organization_id, fields["organization"].pk}
    for name in changed:
        setattr(violation, name, fields[name])
    violation._history_user = by
    violation._change_reason = reason
    violation.save()
    mark_stale(violation.campaign_id, sorted(units))
    return True


@transaction.atomic
def delete_violation(violation, *, by, reason):
    """Delete a violation, with the reason; the history keeps it (who, when, why)."""
    if not reason.strip():
        raise ViolationError(_("Give the reason for deleting the violation."), "reason")
    violation = Violation.objects.select_for_update().select_related("campaign").filter(pk=violation.pk).first()
    if violation is None:
        return False
    ensure_open(violation.campaign)
    violation._history_user = by
    violation._change_reason = reason
    campaign_id, organization_id = violation.campaign_id, violation.organization_id
    violation.delete()
    mark_stale(campaign_id, [organization_id])
    return True
