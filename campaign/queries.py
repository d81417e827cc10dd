"""Querysets scoped to a user: every campaign object is fetched through these."""

from members.permissions import is_council, reads_registry
from members.queries import own_organization_id

from .models import Campaign, CampaignStatus, Evidence, Registration, Submission, Violation
from .models_blocks import BlockYear


def campaigns_seen(user):
    """Which campaigns the user reads: "all" (staff and the Council), "published" (a unit: not the
    drafts) or "none". What is cached of the campaigns for a user is kept per answer."""
    if reads_registry(user):
        return "all"
    if own_organization_id(user):
        return "published"
    return "none"


def campaigns_for_user(user):
    seen = campaigns_seen(user)
    qs = Campaign.objects.all()
    if seen == "all":
        return qs
    if seen == "published":
        return qs.exclude(status=CampaignStatus.DRAFT)
    return qs.none()


def registrations_for_user(user):
    qs = Registration.objects.select_related("campaign", "organization")
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(organization_id=org)
    return qs.none()


def submissions_for_user(user):
    qs = Submission.objects.select_related("period", "period__campaign", "organization")
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(organization_id=org)
    return qs.none()


def evidence_for_user(user):
    """The office and the leadership read every unit's evidence, a unit its own; the Council none
    (it judges nominations and their own files, issue 16)."""
    qs = Evidence.objects.select_related("value__submission__organization", "value__criterion")
    if is_council(user):
        return qs.none()
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(value__submission__organization_id=org)
    return qs.none()


def violations_for_user(user):
    qs = Violation.objects.select_related("campaign", "organization", "person", "criterion")
    if reads_registry(user):
        return qs
    if org := own_organization_id(user):
        return qs.filter(organization_id=org)
    return qs.none()


def block_year_for_user(user, pk):
    """The block year `pk` if the user may see it (the registry's readers, or a member unit), else None."""
    year = BlockYear.objects.select_related("block", "head", "deputy").filter(pk=pk).first()
    if year is None:
        return None
    if reads_registry(user):
        return year
    if getattr(user, "organization_id", None) and year.members.filter(organization_id=user.organization_id).exists():
        return year
    return None
