"""Querysets scoped to a user: every object of the registry is fetched through these."""

from core.listing import kept_count

from . import scopes
from .models import ImportJob, Organization, Person
from .permissions import is_office, reads_registry


def own_organization_id(user):
    """The organization a signed-in unit representative acts for, else None."""
    return getattr(user, "organization_id", None) if getattr(user, "is_authenticated", False) else None


def _reach(user):
    """Whose organizations and people the user sees: "all", one organization's id, or None."""
    if reads_registry(user):
        return "all"
    return own_organization_id(user)


def organizations_for_user(user):
    qs = Organization.objects.select_related("province", "district", "commune")
    reach = _reach(user)
    if reach == "all":
        return qs
    if reach:
        return qs.filter(pk=reach)
    return qs.none()


def people_for_user(user):
    qs = Person.objects.select_related("organization")
    reach = _reach(user)
    if reach == "all":
        return qs
    if reach:
        return qs.filter(organization_id=reach)
    return qs.none()


def count_people_for_user(user):
    """How many people `people_for_user` holds, kept in the cache under the version of the
    people (raised by every change of a person): the unfiltered people list counts 300,000
    rows otherwise on every view. Exact: while one process counts again after a change, the
    others wait for its figure rather than show the previous one."""
    reach = _reach(user)
    if not reach:
        return 0
    return kept_count(f"people-count:{reach}", people_for_user(user), [scopes.PEOPLE])


def count_current_organizations_for_user(user):
    """How many organizations not archived `organizations_for_user` holds (the organization list
    without a filter), kept like `count_people_for_user` under the version of the organizations."""
    reach = _reach(user)  # the same reach: the whole registry, or the unit's own
    if not reach:
        return 0
    return kept_count(f"organizations-count:{reach}", organizations_for_user(user).current(), [scopes.ORGANIZATIONS])


def imports_for_user(user):
    if is_office(user):
        return ImportJob.objects.select_related("created_by")
    return ImportJob.objects.none()
