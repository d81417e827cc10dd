"""Querysets scoped to a user: every object of the registry is fetched through these."""

from .models import ImportJob, Organization, Person
from .permissions import is_office, reads_registry


def own_organization_id(user):
    """The organization a signed-in unit representative acts for, else None."""
    return getattr(user, "organization_id", None) if getattr(user, "is_authenticated", False) else None


def organizations_for_user(user):
    qs = Organization.objects.select_related("province", "district", "commune")
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(pk=org)
    return qs.none()


def people_for_user(user):
    qs = Person.objects.select_related("organization")
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(organization_id=org)
    return qs.none()


def imports_for_user(user):
    if is_office(user):
        return ImportJob.objects.select_related("created_by")
    return ImportJob.objects.none()
