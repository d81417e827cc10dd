"""Who may do what with campaigns, as `rules` predicates.

Staff run campaigns; the Council and the leadership read them; a unit representative
sees launched campaigns, and only its own registration, submissions and evidence.
"""

import rules

from members.permissions import is_leader, is_office, is_unit, reads_registry

from .models import CampaignStatus


@rules.predicate
def is_published(user, campaign):
    return campaign is not None and campaign.status != CampaignStatus.DRAFT


@rules.predicate
def owns_submission(user, submission):
    return submission is not None and is_unit(user) and user.organization_id == submission.organization_id


@rules.predicate
def owns_registration(user, registration):
    return registration is not None and is_unit(user) and user.organization_id == registration.organization_id


@rules.predicate
def owns_violation(user, violation):
    return violation is not None and is_unit(user) and user.organization_id == violation.organization_id


staff = is_office | is_leader

rules.add_perm("campaign.view_campaign", reads_registry | (is_unit & is_published))
rules.add_perm("campaign.manage_campaign", is_office)
rules.add_perm("campaign.preview_plan", staff)
rules.add_perm("campaign.issue_plan", is_office)
rules.add_perm("campaign.register", is_unit)
rules.add_perm("campaign.view_registrations", reads_registry)
rules.add_perm("campaign.view_registration", reads_registry | owns_registration)
rules.add_perm("campaign.change_registration", is_office | owns_registration)
rules.add_perm("campaign.review_registration", is_office)
rules.add_perm("campaign.view_submission", reads_registry | owns_submission)
rules.add_perm("campaign.change_submission", owns_submission)
rules.add_perm("campaign.review_submission", is_office)
rules.add_perm("campaign.view_submissions", reads_registry)
rules.add_perm("campaign.view_violation", reads_registry | owns_violation)
rules.add_perm("campaign.view_violations", reads_registry)
rules.add_perm("campaign.manage_violations", is_office)
rules.add_perm("campaign.view_ranking", reads_registry | is_unit)
rules.add_perm("campaign.view_dashboard", staff)
rules.add_perm("campaign.send_reminders", is_office)
# Emulation blocks (campaign/views/blocks.py): the office sets them up; members and the head act
# through their unit accounts, checked against the block's year in campaign.blocks.
rules.add_perm("campaign.manage_blocks", is_office)
rules.add_perm("campaign.view_blocks", reads_registry | is_unit)
