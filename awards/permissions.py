"""Who may do what with awards and their legal parameters, as `rules` predicates.

Units nominate their own collectives and people and follow their nominations; the office
runs the process; the Council votes; the leadership approves and signs.
"""

import rules

from members.permissions import is_council, is_leader, is_office, is_unit, reads_registry

from .eligibility import can_withdraw
from .models import NominationStatus


@rules.predicate
def owns_nomination(user, nomination):
    return nomination is not None and is_unit(user) and user.organization_id == nomination.organization_id


@rules.predicate
def nomination_is_open(user, nomination):
    return nomination is not None and nomination.status == NominationStatus.DRAFT


@rules.predicate
def nomination_is_withdrawable(user, nomination):
    return nomination is not None and can_withdraw(nomination.status, nomination.session_id is not None)


@rules.predicate
def nomination_is_withdrawn(user, nomination):
    return nomination is not None and nomination.status == NominationStatus.WITHDRAWN


staff = is_office | is_leader

# The council reads the thresholds it votes by; only the office records new values.
rules.add_perm("awards.view_parameters", is_office | is_leader | is_council)
rules.add_perm("awards.manage_parameters", is_office)

rules.add_perm("awards.view_award_types", reads_registry | is_unit)
rules.add_perm("awards.manage_award_types", is_office)
rules.add_perm("awards.manage_nominees", is_office | is_unit)  # households and initiatives of one's own unit
rules.add_perm("awards.nominate", is_office | is_unit)
rules.add_perm("awards.view_nominations", reads_registry)
rules.add_perm("awards.view_nomination", reads_registry | owns_nomination)
rules.add_perm("awards.change_nomination", (is_office | owns_nomination) & nomination_is_open)
rules.add_perm("awards.withdraw_nomination", (is_office | owns_nomination) & nomination_is_withdrawable)
rules.add_perm("awards.reinstate_nomination", (is_office | owns_nomination) & nomination_is_withdrawn)
rules.add_perm("awards.check_eligibility", is_office)
rules.add_perm("awards.manage_sessions", is_office)
rules.add_perm("awards.view_sessions", reads_registry)
rules.add_perm("awards.vote", is_council)
rules.add_perm("awards.view_shortlist", staff)
rules.add_perm("awards.approve", is_leader)
rules.add_perm("awards.view_decisions", reads_registry)
rules.add_perm("awards.manage_decisions", is_office)
rules.add_perm("awards.issue_decision", staff)  # the register numbers it only once a leader approved (decisions.py)
rules.add_perm("awards.approve_decision", is_leader)  # what the leader approves is what is issued
rules.add_perm("awards.manage_examples", is_office)


# --- decisions, certificates, commendation history (issue 5, items 5–7) ---------------------


@rules.predicate
def is_awarded_unit(user, decision):
    """A unit representative whose unit is awarded by this issued decision or proposal."""
    return (
        decision is not None
        and is_unit(user)
        and decision.status == "issued"
        and decision.awards.filter(nomination__organization_id=user.organization_id).exists()
    )


rules.add_perm("awards.download_decision", reads_registry | is_awarded_unit)
rules.add_perm("awards.download_certificates", staff | is_awarded_unit)  # a unit gets its own awardees' pages only
rules.add_perm("awards.view_history", reads_registry | is_unit)  # a unit sees its own awards only


# --- proposals once issued and public notices (issue 22, items 5 and 6) ------------------------

rules.add_perm("awards.view_proposals", reads_registry)  # the dossier names other units: staff and Council
rules.add_perm("awards.manage_proposals", is_office)  # the office completes, sends and records answers
rules.add_perm("awards.view_notices", reads_registry)
rules.add_perm("awards.manage_notices", is_office)  # publishes, reads the commenters' contacts, handles comments


# --- the award history and who is due (issue 22) ----------------------------------------------

rules.add_perm("awards.manage_history", is_office)  # past awards entered by a form or an import
rules.add_perm("awards.view_due", reads_registry | is_unit)  # a unit sees its own people and itself only
