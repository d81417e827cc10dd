"""The Council's sessions and the leadership's approval, as services: each checked, atomic and recorded.

A session is created by the office with the members present; the campaign's eligible
nominations are put on its agenda (in_council); present members vote once each; closing
applies each award type's threshold over the whole membership (tally.py), sets every
nomination passed or not passed and issues the minutes (Biên bản, BB) from the register.
The leadership then approves or rejects each nomination the Council passed.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.ranking import periods_up_to, ranked_scores
from campaign.versions import data_version
from core.errors import TransitionError
from documents.identity import issuer_on
from documents.rendering import document_context, render_document
from documents.services import documents_for, issue_document
from members.models import Role, User

from . import nominations, tally
from .decision_rules import movement_phrase
from .models import (
    CouncilSession,
    Nomination,
    NominationEvent,
    NominationStatus,
    SessionStatus,
    Vote,
    VoteChoice,
)
from .nominations import quota_base
from .parameter_keys import COUNCIL_QUORUM
from .parameters import NoParameterValue, threshold_on
from .quota import Quota, quota_against

MINUTES_SYMBOL = "BB"
MINUTES_TEMPLATE = "awards/documents/minutes.html"


def council_accounts():
    """The active Council accounts: who may be marked present and vote."""
    return User.objects.filter(role=Role.COUNCIL, is_active=True).order_by("last_name", "first_name", "username")


def _record(nomination, status, *, by, note=""):
    """Move a locked nomination to `status` with its event row (who, when, why)."""
    event = NominationEvent.objects.create(
        nomination=nomination, old_status=nomination.status, status=status, note=note, by=by
    )
    nomination.status = status
    nomination.version += 1
    nomination._history_user = by
    return event


def _locked_session(session):
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


def _require_open(session):
    if session.status != SessionStatus.OPEN:
        raise TransitionError(_("The session is closed: nothing can change in it any more."))


# --- sessions ---------------------------------------------------------------------------------


def _check_members(present, members_total):
    present = list(present)
    outsiders = [user for user in present if user.role != Role.COUNCIL or not user.is_active]
    if outsiders:
        raise TransitionError(
            _("Only active Council accounts can be present: %(names)s.")
            % {"names": ", ".join(user.display_name for user in outsiders)}
        )
    if members_total < 1:
        raise TransitionError(_("The Council has at least one member."))
    if len(present) > members_total:
        raise TransitionError(
            _("%(present)s members present, but the Council has only %(total)s members.")
            % {"present": len(present), "total": members_total}
        )
    return present


@transaction.atomic
def create_session(*, campaign, held_on, by, place="", chair=None, present=(), members_total=None):
    """A new open session of the Council on a campaign's nominations.

    `members_total` is the whole membership (thresholds are shares of it); it defaults to
    the number of active Council accounts and may be higher when some members have none.
    """
    if members_total is None:
        members_total = council_accounts().count()
    present = _check_members(present, members_total)
    session = CouncilSession.objects.create(
        campaign=campaign, held_on=held_on, place=place, chair=chair, members_total=members_total, created_by=by
    )
    session.present.set(present)
    return session


@transaction.atomic
def update_session(session, *, by, held_on, place="", chair=None, present=(), members_total):
    """Correct an open session's date, place, chair, presence or membership.

    A member who has already voted stays present: their votes are cast.
    """
    locked = _locked_session(session)
    _require_open(locked)
    present = _check_members(present, members_total)
    voters = set(Vote.objects.filter(session=locked).values_list("voter_id", flat=True))
    dropped = voters - {user.pk for user in present}
    if dropped:
        names = ", ".join(user.display_name for user in User.objects.filter(pk__in=dropped))
        raise TransitionError(_("%(names)s already voted in this session and stays present.") % {"names": names})
    locked.held_on, locked.place, locked.chair, locked.members_total = held_on, place, chair, members_total
    locked.save(update_fields=["held_on", "place", "chair", "members_total"])
    locked.present.set(present)
    return locked


def eligible_nominations(campaign):
    """The campaign's nominations that can go on a session's agenda."""
    return Nomination.objects.filter(campaign=campaign, status=NominationStatus.ELIGIBLE).select_related(
        "award_type", "organization", "person", "household", "initiative"
    )


def _recheck_eligibility(nomination, *, by):
    """Run the eligibility check again before the vote: the facts may have changed since it was sent."""
    nominations.check_eligibility(nomination, by=by)


@dataclass
class AgendaResult:
    added: list
    left_out: list  # (nomination, [reasons])


def reason_texts(reasons):
    """Eligibility reasons as lines of text, whatever shape the check stored them in."""
    texts = []
    for reason in reasons or []:
        if isinstance(reason, dict):
            texts.append(str(reason.get("message") or reason.get("text") or reason.get("code") or reason))
        else:
            texts.append(str(reason))
    return texts


def add_to_session(session, nominations, *, by):
    """Put eligible nominations of the session's campaign on its agenda (status in_council).

    Eligibility is checked again first; a nomination no longer eligible is left out with its
    reasons. A nomination already on this agenda is left as it is.
    """
    result = AgendaResult(added=[], left_out=[])
    with transaction.atomic():
        locked = _locked_session(session)
        _require_open(locked)
        for nomination in nominations:
            if nomination.session_id == locked.pk and nomination.status == NominationStatus.IN_COUNCIL:
                continue
            if nomination.campaign_id != locked.campaign_id:
                result.left_out.append((nomination, [_("It belongs to another campaign.")]))
                continue
            if nomination.status == NominationStatus.ELIGIBLE:
                _recheck_eligibility(nomination, by=by)
            current = Nomination.objects.select_for_update().get(pk=nomination.pk)
            if current.status != NominationStatus.ELIGIBLE:
                reasons = reason_texts(current.eligibility_reasons) or [
                    _("Its status is “%(status)s”, not eligible.") % {"status": current.get_status_display()}
                ]
                result.left_out.append((current, reasons))
                continue
            _record(current, NominationStatus.IN_COUNCIL, by=by, note=str(locked))
            current.session = locked
            current.save(update_fields=["status", "session", "version", "updated_at"])
            result.added.append(current)
    return result


def agenda(session):
    """The nominations on a session's agenda, ranked within award type as the shortlist is."""
    return list(
        session.nominations.select_related(
            "award_type", "organization", "person", "household", "initiative"
        ).prefetch_related("attachments")
    )


# --- votes ------------------------------------------------------------------------------------


def cast_vote(session, nomination, *, voter, choice):
    """One present member's vote on one nomination of an open session; cast once, never changed."""
    if choice not in VoteChoice.values:
        raise TransitionError(_("Choose Agree or Disagree."))
    try:
        with transaction.atomic():
            locked = _locked_session(session)
            _require_open(locked)
            if voter.role != Role.COUNCIL or not locked.present.filter(pk=voter.pk).exists():
                raise TransitionError(_("Only Council members present at the session vote in it."))
            on_agenda = Nomination.objects.filter(pk=nomination.pk, session=locked, status=NominationStatus.IN_COUNCIL)
            if not on_agenda.exists():
                raise TransitionError(_("This nomination is not on the session's agenda."))
            if Vote.objects.filter(session=locked, nomination=nomination, voter=voter).exists():
                raise TransitionError(_("You have already voted on this nomination; a vote cannot be changed."))
            return Vote.objects.create(session=locked, nomination=nomination, voter=voter, choice=choice)
    except IntegrityError as error:  # a second vote at the same moment: the unique constraint answers
        raise TransitionError(_("You have already voted on this nomination; a vote cannot be changed.")) from error


def votes_of(session, voter):
    """{nomination id: choice} of one member in a session."""
    return dict(Vote.objects.filter(session=session, voter=voter).values_list("nomination_id", "choice"))


# --- the tally --------------------------------------------------------------------------------


@dataclass
class SessionTally:
    quorum: tally.Quorum
    rows: list  # (nomination, Tally, Threshold) in agenda order
    votes_cast: int

    @property
    def passed(self):
        return [nomination for nomination, result, _rule in self.rows if result.passed]


def session_tally(session):
    """The quorum and each agenda nomination's tally, with the parameters in force on the session's date.

    Raises NoParameterValue when a quorum or threshold has no value on that date.
    """
    nominations = agenda(session)
    present = session.present.count()
    thresholds = {}
    for nomination in nominations:
        key = nomination.award_type.vote_rule
        if key not in thresholds:
            thresholds[key] = threshold_on(key, session.held_on)
    votes = list(Vote.objects.filter(session=session).values_list("nomination_id", "choice"))
    results = tally.tally_votes(
        votes,
        {n.pk: thresholds[n.award_type.vote_rule] for n in nominations},
        present=present,
        members=session.members_total,
    )
    return SessionTally(
        quorum=tally.quorum(present, session.members_total, threshold_on(COUNCIL_QUORUM, session.held_on)),
        rows=[(n, results[n.pk], thresholds[n.award_type.vote_rule]) for n in nominations],
        votes_cast=len(votes),
    )


def _tally_note(result):
    return _(
        "Agree %(agree)s, disagree %(disagree)s, not voted %(not_voted)s, absent %(absent)s of %(members)s members; %(needed)s needed."
    ) % {
        "agree": result.agree,
        "disagree": result.disagree,
        "not_voted": result.not_voted,
        "absent": result.absent,
        "members": result.members,
        "needed": result.needed,
    }


# --- the minutes ------------------------------------------------------------------------------


def minutes_context(session, *, secretary=None):
    """The context of the session's minutes, under the identity in force on the session's date."""
    result = session_tally(session)
    issuer = issuer_on(session.held_on)
    present = list(session.present.order_by("last_name", "first_name", "username"))
    return document_context(
        issuer=issuer,
        type_symbol=MINUTES_SYMBOL,
        issued_on=session.held_on,
        recipients=[],
        subject=_minutes_subject(session),
        session=session,
        campaign=session.campaign,
        movement=movement_phrase(session.campaign.name),
        present=present,
        tally=result,
        passed_count=len(result.passed),
        secretary=secretary,
    )


def _minutes_subject(session):
    # Official documents are written in Vietnamese: this text is printed, never translated.
    return f"Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng trong {movement_phrase(session.campaign.name)}"


def render_minutes_draft(session, *, secretary=None):
    return render_document(MINUTES_TEMPLATE, minutes_context(session, secretary=secretary), draft=True)


def issued_minutes(session):
    """The session's minutes in the outgoing-document register, or None before closing."""
    return documents_for(session).filter(type_symbol=MINUTES_SYMBOL).order_by("-pk").first()


@transaction.atomic
def close_session(session, *, by):
    """Close an open session: tally, set each nomination passed or not, issue the minutes.

    Refused without quorum or with nothing on the agenda; closing a closed session does nothing.
    Returns the session; its minutes are `issued_minutes(session)`.
    """
    locked = _locked_session(session)
    if locked.status == SessionStatus.CLOSED:
        return locked
    try:
        result = session_tally(locked)
    except NoParameterValue as error:
        raise TransitionError(str(error)) from error
    if not result.rows:
        raise TransitionError(_("Put nominations on the agenda before closing the session."))
    if not result.quorum.met:
        raise TransitionError(
            _("No quorum: %(present)s of %(members)s members are present, %(needed)s are needed.")
            % {"present": result.quorum.present, "members": result.quorum.members, "needed": result.quorum.needed}
        )
    context = minutes_context(locked, secretary=by)
    for nomination, outcome, _rule in result.rows:
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        status = NominationStatus.PASSED if outcome.passed else NominationStatus.NOT_PASSED
        _record(current, status, by=by, note=_tally_note(outcome))
        current.save(update_fields=["status", "version", "updated_at"])
    locked.status = SessionStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = by
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    issue_document(
        template_name=MINUTES_TEMPLATE,
        context=context,
        type_symbol=MINUTES_SYMBOL,
        issued_on=locked.held_on,
        subject=context["subject"],
        by=by,
        issuer=context["issuer"],
        signer=None,
        related=locked,
    )
    return locked


# --- the leadership's approval ----------------------------------------------------------------

DECIDABLE = (NominationStatus.PASSED, NominationStatus.APPROVED, NominationStatus.REJECTED)


def _decide(nomination, status, *, by, comment):
    with transaction.atomic():
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if current.status == status:
            return current
        if current.status not in DECIDABLE:
            raise TransitionError(
                _("Only nominations passed by the Council can be approved or rejected; this one is “%(status)s”.")
                % {"status": current.get_status_display()}
            )
        if reverses(current.status, status) and not comment:
            raise TransitionError(_("Say why the earlier decision on this nomination is reversed."))
        _record(current, status, by=by, note=comment)
        current.leader_comment = comment
        current.save(update_fields=["status", "leader_comment", "version", "updated_at"])
    nomination.status, nomination.leader_comment = current.status, current.leader_comment
    return current


def reverses(old_status, new_status):
    """Whether the leadership turns its own decision round (an approval into a rejection or back): a reason is required."""
    decided = (NominationStatus.APPROVED, NominationStatus.REJECTED)
    return old_status in decided and new_status in decided and old_status != new_status


def approve(nomination, *, by, comment=""):
    """The leadership approves a nomination the Council passed (or changes its mind before the decision)."""
    return _decide(nomination, NominationStatus.APPROVED, by=by, comment=comment.strip())


def reject(nomination, *, by, comment):
    """The leadership rejects a nomination the Council passed; the reason is required."""
    comment = (comment or "").strip()
    if not comment:
        raise TransitionError(_("Say why the nomination is rejected."))
    return _decide(nomination, NominationStatus.REJECTED, by=by, comment=comment)


def approve_all_passed(campaign, *, by, comment=""):
    """Approve every nomination of the campaign still waiting as passed: one approve() each."""
    waiting = Nomination.objects.filter(campaign=campaign, status=NominationStatus.PASSED).order_by("pk")
    return [approve(nomination, by=by, comment=comment) for nomination in waiting]


# --- the shortlist ----------------------------------------------------------------------------

SHORTLISTED = (
    NominationStatus.PASSED,
    NominationStatus.APPROVED,
    NominationStatus.REJECTED,
    NominationStatus.DECIDED,
    NominationStatus.PROPOSED,
)


@dataclass
class ShortlistRow:
    nomination: Nomination
    score: object  # Decimal or None
    band: str | None
    tally: object  # tally.Tally, or None when the session's parameters are missing
    reasons: list

    @property
    def can_decide(self):
        return self.nomination.status in DECIDABLE


@dataclass
class ShortlistGroup:
    award_type: object
    rows: list
    shares: tally.Shares
    quota: Quota


@dataclass
class Shortlist:
    groups: list
    shares: tally.Shares  # over every nominee still proposed (not rejected)
    waiting: int  # passed, not yet approved or rejected


def _nominee(nomination):
    person = nomination.person
    return tally.Nominee(kind=nomination.nominee_kind, direct_worker=bool(person and person.is_direct_worker))


def _tallies(nominations):
    """{nomination id: Tally} from each nomination's session (None when its parameters are missing)."""
    found = {}
    for session in {n.session for n in nominations if n.session_id}:
        try:
            result = session_tally(session)
        except NoParameterValue:
            continue
        found.update({nomination.pk: outcome for nomination, outcome, _rule in result.rows})
    return found


def _nominated_units(campaign):
    """{organization id: its cumulated score (total and band)} of the units with a shortlisted
    nomination: sums of the stored scores, kept in the cache under the campaign's data version."""
    key = f"shortlist-units:{campaign.pk}:{data_version(campaign.pk)}:{timezone.localdate().isoformat()}"
    found = cache.get(key)
    if found is None:
        nominated = Nomination.objects.filter(campaign=campaign, status__in=SHORTLISTED).values("organization_id")
        scores = ranked_scores(campaign, periods_up_to(campaign), organization_ids=nominated)
        found = {s.organization_id: s for s in scores}
        cache.set(key, found, 300)
    return found


def shortlist(campaign):
    """The nominations the Council passed, grouped by award type and ranked by score, with tallies,
    the shares of direct workers and collectives, and each award type's quota."""
    nominations = list(
        Nomination.objects.filter(campaign=campaign, status__in=SHORTLISTED).select_related(
            "award_type", "organization", "person", "household", "initiative", "session"
        )
    )
    units = _nominated_units(campaign) if nominations else {}
    tallies = _tallies(nominations)
    by_type = {}
    for nomination in nominations:
        unit = units.get(nomination.organization_id)
        score = nomination.score if nomination.score is not None else (unit.total if unit else None)
        row = ShortlistRow(
            nomination=nomination,
            score=score,
            band=unit.band if unit else None,
            tally=tallies.get(nomination.pk),
            reasons=reason_texts(nomination.eligibility_reasons),
        )
        by_type.setdefault(nomination.award_type, []).append(row)
    groups = []
    for award_type in sorted(by_type, key=lambda t: (t.order, t.name)):
        rows = sorted(by_type[award_type], key=lambda r: tally.rank_key(r.score, r.nomination.nominee_name))
        proposed = [r.nomination for r in rows if r.nomination.status != NominationStatus.REJECTED]
        groups.append(
            ShortlistGroup(
                award_type=award_type,
                rows=rows,
                shares=tally.shares(_nominee(n) for n in proposed),
                quota=quota_against(
                    len(proposed),
                    quota_count=award_type.quota_count,
                    quota_share=award_type.quota_share,
                    participants=quota_base(campaign, award_type) if award_type.quota_share is not None else 0,
                ),
            )
        )
    return Shortlist(
        groups=groups,
        shares=tally.shares(_nominee(n) for n in nominations if n.status != NominationStatus.REJECTED),
        waiting=sum(1 for n in nominations if n.status == NominationStatus.PASSED),
    )
