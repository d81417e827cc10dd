"""Querysets scoped to a user: every nomination, session and decision is fetched through these."""

from django.db.models import Q

from core.listing import kept_count
from members.permissions import is_council, reads_registry
from members.queries import own_organization_id

from . import scopes
from .history import records
from .models import Award, CouncilSession, Decision, Household, Initiative, Nomination, NominationStatus


def nominations_for_user(user):
    """Staff see every nomination; a Council member those submitted and put on a session's agenda
    (never drafts); a unit its own."""
    qs = Nomination.objects.select_related(
        "campaign", "award_type", "organization", "person", "household", "initiative"
    )
    if is_council(user):
        return qs.filter(session__isnull=False).exclude(status=NominationStatus.DRAFT)
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(organization_id=org)
    return qs.none()


def count_nominations_for_user(user):
    """How many nominations `nominations_for_user` holds (the nomination list without a filter),
    kept until a nomination is saved or deleted (awards.scopes.NOMINATIONS), as the people list's."""
    if is_council(user):
        reach = "council"
    elif reads_registry(user):
        reach = "all"
    elif org := own_organization_id(user):
        reach = f"unit:{org}"
    else:
        return 0
    return kept_count(f"nominations-count:{reach}", nominations_for_user(user), [scopes.NOMINATIONS])


def for_a_page(nominations):
    """Nominations as a page lists them: the award type and the unit joined, the optional relations
    (campaign, person, household, initiative, session) each in a query of their own — an 8-table
    join costs PostgreSQL more to plan (15–30 ms) than a page's whole read through its index."""
    return (
        nominations.select_related(None)
        .select_related("award_type", "organization")
        .prefetch_related("campaign", "person", "household", "initiative", "session")
    )


def households_for_user(user):
    qs = Household.objects.select_related("organization")
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(organization_id=org)
    return qs.none()


def initiatives_for_user(user):
    qs = Initiative.objects.select_related("organization", "recognised_by")
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(organization_id=org)
    return qs.none()


def sessions_for_user(user):
    if reads_registry(user):
        return CouncilSession.objects.select_related("campaign", "chair")
    return CouncilSession.objects.none()


def decisions_for_user(user):
    """Staff and the Council see every decision; a unit sees the issued ones that award it."""
    qs = Decision.objects.select_related("campaign", "document", "signer")
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(status="issued", awards__nomination__organization_id=org).distinct()
    return qs.none()


def awards_for_user(user):
    qs = Award.objects.select_related("decision", "decision__document", "nomination__award_type")
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(nomination__organization_id=org)
    return qs.none()


def records_for_user(user):
    """The award history: staff and the Council read all of it; a unit the rows of itself, its people and
    its households."""
    qs = records()
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(Q(organization_id=org) | Q(person__organization_id=org) | Q(household__organization_id=org))
    return qs.none()
