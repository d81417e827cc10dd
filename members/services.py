"""State changes of the member registry: each one checked, atomic and recorded."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import TransitionError

from .models import AccountChange, OperatingStatus, Organization, StatusChange, User
from .permissions import is_privileged_role


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


@transaction.atomic
def archive_organization(organization, *, by, effective_on, reason, merged_into=None):
    """Archive a dissolved unit, or one merged into another: its operating status becomes
    dissolved (a StatusChange with the date and the reason), it leaves the default lists and
    pickers, and everything that refers to it — history, reports, issued awards — stays."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise TransitionError(_("Give the reason for archiving."))
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    if org.archived_on:
        raise TransitionError(_("This organization is already archived."))
    if merged_into is not None and (merged_into.pk == org.pk or merged_into.archived_on):
        raise TransitionError(_("Choose an organization that still operates to merge into."))
    if merged_into is not None:
        cause = _("Merged into %(name)s: %(reason)s") % {"name": merged_into.name, "reason": reason}
    else:
        cause = reason
    change_status(org, OperatingStatus.DISSOLVED, by=by, effective_on=effective_on, cause=cause)
    org.archived_on = effective_on
    org.merged_into = merged_into
    org._history_user = by
    org._change_reason = cause[:100]
    org.save(update_fields=["archived_on", "merged_into", "updated_at"])
    organization.archived_on, organization.merged_into, organization.status = effective_on, merged_into, org.status
    return org


@transaction.atomic
def restore_organization(organization, *, by, reason):
    """Restore an organization archived by mistake (or re-established): it is back in the lists and
    pickers, no longer merged into another, with the operating status it had before it was archived
    (a StatusChange dated today, or the archive's date if that is later). The reason is in its history."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise TransitionError(_("Give the reason for restoring."))
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    if not org.archived_on:
        raise TransitionError(_("This organization is not archived."))
    cause = _("Restored from the archive: %(reason)s") % {"reason": reason}
    latest = org.status_changes.order_by("-effective_on", "-changed_at", "-pk").first()
    # The archive's own change (dissolved on the archive's day) is undone; a unit dissolved
    # before it was archived, or whose status changed since, keeps the status it has.
    if latest and latest.status == OperatingStatus.DISSOLVED and latest.effective_on == org.archived_on:
        before = latest.old_status or OperatingStatus.ACTIVE
        change_status(org, before, by=by, effective_on=max(timezone.localdate(), latest.effective_on), cause=cause)
    org.archived_on = None
    org.merged_into = None
    org._history_user = by
    org._change_reason = cause[:100]
    org.save(update_fields=["archived_on", "merged_into", "updated_at"])
    organization.archived_on, organization.merged_into, organization.status = None, None, org.status
    return org


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


# --- accounts: who may do what is decided here, and every change is recorded -----------------


def _may_change(by, account):
    if not by.has_perm("members.change_account", account):
        raise PermissionDenied


def _may_grant(by, role):
    if is_privileged_role(role) and not by.has_perm("members.grant_privileged_roles"):
        raise PermissionDenied


@transaction.atomic
def create_account(account, *, by):
    """Save a new account (its password already set); only a superuser gives the office or leadership role."""
    _may_grant(by, account.role)
    account._history_user = by
    account.save()
    AccountChange.objects.create(account=account, action=AccountChange.Action.CREATED, new_role=account.role, by=by)
    return account


@transaction.atomic
def update_account(account, *, by):
    """Save the changes of an account, recording a change of role and (de)activation with who and when."""
    before = User.objects.select_for_update().get(pk=account.pk)
    _may_change(by, before)
    _may_grant(by, account.role)
    account._history_user = by
    account.save()
    if before.role != account.role:
        AccountChange.objects.create(
            account=account, action=AccountChange.Action.ROLE, old_role=before.role, new_role=account.role, by=by
        )
    if before.is_active != account.is_active:
        action = AccountChange.Action.ACTIVATED if account.is_active else AccountChange.Action.DEACTIVATED
        AccountChange.objects.create(
            account=account, action=action, old_role=account.role, new_role=account.role, by=by
        )
    return account


@transaction.atomic
def set_account_password(account, password, *, by):
    """Set an account's password (the password itself is never recorded, the fact is)."""
    locked = User.objects.select_for_update().get(pk=account.pk)
    _may_change(by, locked)
    locked.set_password(password)
    locked.save(update_fields=["password"])
    AccountChange.objects.create(
        account=locked, action=AccountChange.Action.PASSWORD, old_role=locked.role, new_role=locked.role, by=by
    )
    return locked
