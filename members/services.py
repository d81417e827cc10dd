"""State changes of the member registry: each one checked, atomic and recorded."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Organization, StatusChange


class TransitionError(Exception):
    """A state change that the rules do not allow; its message is shown to the user."""


class ConflictError(TransitionError):
    """The record was saved by someone else since the form was opened (its version moved on).

    One class for every optimistic lock (submissions, nominations), so that a view catching it
    needs not know which service raised it; the message says what was kept."""


@transaction.atomic
def change_status(organization, status, *, by, effective_on=None, cause="", caused_by_covid=False):
    """Record a new operating status; the organization's current status follows from it.

    Asking for the status it already has changes nothing and records nothing.
    """
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    effective_on = effective_on or timezone.localdate()
    if org.status == status:
        return None
    if org.founded_on and effective_on < org.founded_on:
        raise TransitionError(_("The status cannot change before the organization was founded."))
    latest = org.status_changes.order_by("-effective_on", "-changed_at", "-pk").first()
    if latest and effective_on < latest.effective_on:
        raise TransitionError(
            _("The date must not be earlier than the last recorded change (%(date)s).")
            % {"date": latest.effective_on.strftime("%d/%m/%Y")}
        )
    change = StatusChange.objects.create(
        organization=org,
        old_status=org.status,
        status=status,
        effective_on=effective_on,
        cause=cause,
        caused_by_covid=caused_by_covid,
        changed_by=by,
    )
    org.status = status
    org._history_user = by
    org.save(update_fields=["status", "updated_at"])
    organization.status = status
    return change


def status_on(organization, day):
    """The operating status an organization had on `day`, from its history."""
    change = (
        organization.status_changes.filter(effective_on__lte=day)
        .order_by("-effective_on", "-changed_at", "-pk")
        .first()
    )
    if change:
        return change.status
    first = organization.status_changes.order_by("effective_on", "changed_at", "pk").first()
    return first.old_status if first and first.old_status else organization.status


def statuses_on(organizations, day):
    """{organization id: status on `day`} for many organizations in one query; the rule of `status_on`."""
    organizations = list(organizations)
    latest, first = {}, {}
    changes = (
        StatusChange.objects.filter(organization_id__in=[org.pk for org in organizations])
        .order_by("organization_id", "effective_on", "changed_at", "pk")
        .values_list("organization_id", "effective_on", "old_status", "status")
    )
    for org_id, effective_on, old_status, status in changes:
        first.setdefault(org_id, old_status)
        if effective_on <= day:
            latest[org_id] = status
    result = {}
    for org in organizations:
        if org.pk in latest:
            result[org.pk] = latest[org.pk]
        else:
            result[org.pk] = first.get(org.pk) or org.status
    return result
