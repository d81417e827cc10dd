"""The Council's sessions and the leadership's approval, as services: each checked, atomic and recorded.

A session is created by the office with the members present; the campaign's eligible
nominations are put on its agenda (in_council); present members vote once each; closing
applies each award type's threshold over the whole membership (tally.py), sets every
nomination passed or not passed and issues the minutes (Biên bản, BB) from the register.
The leadership then approves or rejects each nomination the Council passed.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.caching import remember
from core.collation import vietnamese_key
from core.errors import TransitionError
from documents.identity import issuer_on
from documents.rendering import document_context, render_document
from documents.services import documents_for, issue_document
from members.models import Gender, Role, User
from members.scopes import PEOPLE

from . import nominations, scopes, tally
from .decision_rules import movement_phrase
from .models import (
    AwardType,
    CouncilSession,
    Nomination,
    NominationEvent,
    NominationStatus,
    NomineeKind,
    Recusal,
    SessionEvent,
    SessionStatus,
    Vote,
    VoteChoice,
)
from .nominations import cached_quota_base
from .notices import notices_for_session
from .parameter_keys import COUNCIL_QUORUM
from .parameters import NoParameterValue, threshold_on
from .queries import for_a_page
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


CHAIR_ROLES = (Role.COUNCIL, Role.LEADER)
SECRETARY_ROLES = (Role.COUNCIL, Role.OFFICE)


def _check_signers(chair, secretary):
    """The chair is a Council or leadership account, the secretary a Council or office account, not the same."""
    if chair is not None and (chair.role not in CHAIR_ROLES or not chair.is_active):
        raise TransitionError(_("The chair is an active Council or leadership account."))
    if secretary is not None and (secretary.role not in SECRETARY_ROLES or not secretary.is_active):
        raise TransitionError(_("The secretary is an active Council or office account."))
    if chair is not None and secretary is not None and chair.pk == secretary.pk:
        raise TransitionError(_("The chair and the secretary are two different people."))


def signers_missing(session):
    """What must still be named before voting opens: the chair and the secretary sign the minutes."""
    missing = []
    if session.chair_id is None:
        missing.append(_("the chair"))
    if session.secretary_id is None:
        missing.append(_("the secretary"))
    return missing


def _require_signers(session):
    missing = signers_missing(session)
    if missing:
        raise TransitionError(
            _("Name %(missing)s of the session first: they sign the minutes, and voting opens only then.")
            % {"missing": _(" and ").join(str(part) for part in missing)}
        )


def voting_started(session):
    """Whether a vote has been cast: from then on the session's members, base, agenda and date are frozen."""
    return Vote.objects.filter(session=session).exists()


def _require_not_voting(locked, what):
    if voting_started(locked):
        raise TransitionError(
            _("Voting has begun: %(what)s can no longer change (members, membership, agenda and date are frozen).")
            % {"what": what}
        )


# The fields of a session a change is recorded for, in the order the history shows them.
SESSION_FIELDS = {
    "held_on": _lazy("Held on"),
    "place": _lazy("Place"),
    "chair": _lazy("Chaired by"),
    "secretary": _lazy("Secretary"),
    "members_total": _lazy("Members of the Council"),
    "present": _lazy("Members present"),
    "agenda": _lazy("Agenda"),
    "reason": _lazy("Reason"),
}


def _printable(session, present):
    """The values of a session as the history prints them."""
    return {
        "held_on": session.held_on.strftime("%d/%m/%Y") if session.held_on else "",
        "place": session.place or "",
        "chair": session.chair.display_name if session.chair else "",
        "secretary": session.secretary.display_name if session.secretary else "",
        "members_total": str(session.members_total),
        "present": ", ".join(sorted((user.display_name for user in present), key=vietnamese_key)),
    }


def _log(session, kind, changes, *, by):
    return SessionEvent.objects.create(session=session, kind=kind, changes=changes, by=by)


def _diff(before, after):
    return [{"field": key, "old": before[key], "new": after[key]} for key in before if before[key] != after[key]]


@transaction.atomic
def create_session(*, campaign, held_on, by, place="", chair=None, secretary=None, present=(), members_total=None):
    """A new open session of the Council on a campaign's nominations, or (campaign None) on those
    made outside any campaign.

    `members_total` is the whole membership (thresholds are shares of it); it defaults to
    the number of active Council accounts and may be higher when some members have none.
    """
    if members_total is None:
        members_total = council_accounts().count()
    present = _check_members(present, members_total)
    _check_signers(chair, secretary)
    session = CouncilSession.objects.create(
        campaign=campaign,
        held_on=held_on,
        place=place,
        chair=chair,
        secretary=secretary,
        members_total=members_total,
        created_by=by,
    )
    session.present.set(present)
    values = _printable(session, present)
    _log(session, "created", [{"field": key, "old": "", "new": value} for key, value in values.items() if value], by=by)
    return session


@transaction.atomic
def update_session(session, *, by, held_on, place="", chair=None, secretary=None, present=(), members_total):
    """Correct an open session's date, place, chair, secretary, presence or membership.

    Once a vote is cast only the place may still be corrected: the members, the membership
    (the quorum and thresholds' base), the signers and the date are frozen, so that nobody
    who has seen votes come in can steer the result. Every change is in the session's history.
    """
    locked = _locked_session(session)
    _require_open(locked)
    present = _check_members(present, members_total)
    _check_signers(chair, secretary)
    before = _printable(locked, locked.present.all())
    locked.held_on, locked.place, locked.chair, locked.secretary = held_on, place, chair, secretary
    locked.members_total = members_total
    after = _printable(locked, present)
    changes = _diff(before, after)
    if not changes:
        return locked
    if voting_started(locked) and any(change["field"] != "place" for change in changes):
        raise TransitionError(
            _(
                "Voting has begun: the members present, the membership, the chair, the secretary and the date "
                "are frozen; only the place can still be corrected."
            )
        )
    locked.save(update_fields=["held_on", "place", "chair", "secretary", "members_total"])
    locked.present.set(present)
    _log(locked, "changed", changes, by=by)
    return locked


@transaction.atomic
def withdraw_session(session, *, by, reason):
    """Withdraw a session opened by mistake, before any vote: its agenda's nominations go back to
    the status they had before it (eligible) and off its agenda; the session stays, as withdrawn,
    with who, when and why in its history."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise TransitionError(_("Give the reason for withdrawing."))
    locked = _locked_session(session)
    _require_open(locked)
    _require_not_voting(locked, _("the session"))
    back = []
    for nomination in Nomination.objects.select_for_update().filter(session=locked).order_by("pk"):
        if nomination.status == NominationStatus.IN_COUNCIL:
            before = (
                NominationEvent.objects.filter(nomination=nomination, status=NominationStatus.IN_COUNCIL)
                .order_by("-at", "-pk")
                .values_list("old_status", flat=True)
                .first()
            )
            _record(nomination, before or NominationStatus.ELIGIBLE, by=by, note=reason)
        nomination.session = None
        nomination._history_user = by
        nomination.save(update_fields=["status", "session", "version", "updated_at"])
        back.append(f"{nomination.nominee_name} ({nomination.award_type.short_name})")
    locked.status = SessionStatus.WITHDRAWN
    locked.save(update_fields=["status"])
    changes = [{"field": "reason", "old": "", "new": reason}]
    if back:
        changes.append({"field": "agenda", "old": ", ".join(back), "new": ""})
    _log(locked, "withdrawn", changes, by=by)
    session.status = locked.status
    return locked


@transaction.atomic
def reinstate_session(session, *, by, reason):
    """Reinstate a session withdrawn by mistake: it is open again, with its date, place, signers and
    members present, and an empty agenda (its nominations went back among the eligible when it was
    withdrawn; the office puts them on it again). Who, when and why are in its history."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise TransitionError(_("Give the reason for reinstating."))
    locked = _locked_session(session)
    if locked.status != SessionStatus.WITHDRAWN:
        raise TransitionError(_("Only a withdrawn session can be reinstated."))
    locked.status = SessionStatus.OPEN
    locked.save(update_fields=["status"])
    _log(locked, "reinstated", [{"field": "reason", "old": "", "new": reason}], by=by)
    session.status = locked.status
    return locked


def session_history(session):
    """The session's changes, oldest first, each with its fields' labels: [(event, [(label, old, new)])]."""
    events = session.events.select_related("by")
    return [
        (
            event,
            [(SESSION_FIELDS.get(c["field"], c["field"]), c.get("old", ""), c.get("new", "")) for c in event.changes],
        )
        for event in events
    ]


def eligible_nominations(campaign):
    """The campaign's nominations that can go on a session's agenda (campaign None: those outside any)."""
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
        _require_not_voting(locked, _("the agenda"))
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
        if result.added:
            names = ", ".join(f"{n.nominee_name} ({n.award_type.short_name})" for n in result.added)
            _log(locked, "agenda", [{"field": "agenda", "old": "", "new": names}], by=by)
    return result


def agenda(session):
    """The nominations on a session's agenda, ranked within award type as the shortlist is."""
    return list(
        session.nominations.select_related(
            "award_type", "organization", "person", "household", "initiative"
        ).prefetch_related("attachments")
    )


# --- votes ------------------------------------------------------------------------------------


def must_recuse(voter, nomination):
    """Whether the member works in the nominee's unit: then they stand aside from it, whatever they say."""
    return bool(voter.organization_id) and voter.organization_id == nomination.organization_id


def cast_vote(session, nomination, *, voter, choice, recusal=""):
    """One present member's vote on one nomination of an open session; cast once, never changed.

    `choice` is agree, disagree, abstain or recused; a recusal names the connection (`recusal`).
    A member of the nominee's own unit can only recuse. Voting opens once the chair and the
    secretary are named.
    """
    if choice not in VoteChoice.values:
        raise TransitionError(_("Choose Agree, Disagree or Abstain, or recuse yourself."))
    if choice == VoteChoice.RECUSED and recusal not in Recusal.values:
        raise TransitionError(_("Say how you are connected to the nominee to recuse yourself."))
    if choice != VoteChoice.RECUSED:
        recusal = ""
    try:
        with transaction.atomic():
            locked = _locked_session(session)
            _require_open(locked)
            _require_signers(locked)
            if voter.role != Role.COUNCIL or not locked.present.filter(pk=voter.pk).exists():
                raise TransitionError(_("Only Council members present at the session vote in it."))
            on_agenda = Nomination.objects.filter(pk=nomination.pk, session=locked, status=NominationStatus.IN_COUNCIL)
            if not on_agenda.exists():
                raise TransitionError(_("This nomination is not on the session's agenda."))
            if Vote.objects.filter(session=locked, nomination=nomination, voter=voter).exists():
                raise TransitionError(_("You have already voted on this nomination; a vote cannot be changed."))
            if must_recuse(voter, nomination) and choice != VoteChoice.RECUSED:
                raise TransitionError(
                    _("You work in the nominee's unit (%(unit)s): recuse yourself from this nomination.")
                    % {"unit": nomination.organization.name}
                )
            return Vote.objects.create(
                session=locked, nomination=nomination, voter=voter, choice=choice, recusal=recusal
            )
    except IntegrityError as error:  # a second vote at the same moment: the unique constraint answers
        raise TransitionError(_("You have already voted on this nomination; a vote cannot be changed.")) from error


@dataclass
class VoteCard:
    """What a member sees of one nominee before voting: band, score, the check's findings, warnings."""

    nomination: Nomination
    choice: str | None  # the member's vote, None before they vote
    recusal: str
    score: object
    band: str | None
    minimum_band: str
    met: list  # conditions found met
    reasons: list  # reasons against (empty when eligible)
    warnings: list
    must_recuse: bool


def vote_cards(session, voter):
    """The vote cards of a session's agenda for one member, the facts read again as the check reads them."""
    mine = {
        vote.nomination_id: vote
        for vote in Vote.objects.filter(session=session, voter=voter).only("nomination", "choice", "recusal")
    }
    cards = []
    for nomination in agenda(session):
        found = nominations.assess(nomination)
        reasons = [str(reason) for reason in found.reasons]
        warnings = []
        if found.in_campaign and found.band is None:
            warnings.append(
                _("The unit is not classified in the campaign (score %(score)s).")
                % {"score": found.score if found.score is not None else "—"}
            )
        if nomination.award_type.conditions_note:
            warnings.append(nomination.award_type.conditions_note)
        recuse = must_recuse(voter, nomination)
        if recuse:
            warnings.append(_("You work in the nominee's unit: you can only recuse yourself."))
        vote = mine.get(nomination.pk)
        cards.append(
            VoteCard(
                nomination=nomination,
                choice=vote.choice if vote else None,
                recusal=vote.recusal if vote else "",
                score=nomination.score if nomination.score is not None else found.score,
                band=found.band,
                minimum_band=found.minimum_band,
                met=found.met,
                reasons=reasons,
                warnings=warnings,
                must_recuse=recuse,
            )
        )
    return cards


def votes_of(session, voter):
    """{nomination id: choice} of one member in a session."""
    return dict(Vote.objects.filter(session=session, voter=voter).values_list("nomination_id", "choice"))


@dataclass
class Ballots:
    """How many ballots are in while a session is open, without what they say."""

    expected: int  # members present × nominations on the agenda
    cast: int
    by_nomination: dict  # {nomination id: ballots cast on it}
    missing: list  # [(member, number of nominations they have not voted on)]

    @property
    def missing_count(self):
        return self.expected - self.cast


def ballots(session):
    """The count of ballots cast, per nomination and missing per member: what the office may see
    while the session is open (the tally is shown only once it is closed)."""
    present = list(session.present.order_by("last_name", "first_name", "username"))
    nomination_ids = list(session.nominations.values_list("pk", flat=True))
    votes = list(Vote.objects.filter(session=session).values_list("nomination_id", "voter_id"))
    by_nomination = {pk: 0 for pk in nomination_ids}
    by_voter = {}
    for nomination_id, voter_id in votes:
        by_nomination[nomination_id] = by_nomination.get(nomination_id, 0) + 1
        by_voter[voter_id] = by_voter.get(voter_id, 0) + 1
    missing = [
        (member, len(nomination_ids) - by_voter.get(member.pk, 0))
        for member in present
        if by_voter.get(member.pk, 0) < len(nomination_ids)
    ]
    return Ballots(
        expected=len(present) * len(nomination_ids), cast=len(votes), by_nomination=by_nomination, missing=missing
    )


# --- the tally --------------------------------------------------------------------------------


@dataclass
class SessionTally:
    quorum: tally.Quorum
    rows: list  # (nomination, Tally, Threshold) in agenda order
    votes_cast: int

    @property
    def passed(self):
        return [nomination for nomination, result, _rule in self.rows if result.passed]


def session_tally(session, nominations=None):
    """The quorum and each agenda nomination's tally, with the parameters in force on the session's date.
    `nominations`: only these of its agenda (with their award types), e.g. the rows a page shows.

    Raises NoParameterValue when a quorum or threshold has no value on that date.
    """
    votes = Vote.objects.filter(session=session)
    if nominations is None:
        nominations = agenda(session)
    else:
        votes = votes.filter(nomination__in=[n.pk for n in nominations])
    present = session.present.count()
    thresholds = {}
    for nomination in nominations:
        key = nomination.award_type.vote_rule
        if key not in thresholds:
            thresholds[key] = threshold_on(key, session.held_on)
    votes = list(votes.values_list("nomination_id", "choice"))
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
        "Agree %(agree)s, disagree %(disagree)s, abstain %(abstain)s, recused %(recused)s, vote missing "
        "%(not_voted)s, absent %(absent)s of %(members)s members; %(needed)s needed."
    ) % {
        "agree": result.agree,
        "disagree": result.disagree,
        "abstain": result.abstain,
        "recused": result.recused,
        "not_voted": result.not_voted,
        "absent": result.absent,
        "members": result.members,
        "needed": result.needed,
    }


# --- the minutes ------------------------------------------------------------------------------


@dataclass
class MinutesLine:
    """One nominee's result as the minutes state it, in words."""

    nomination: Nomination
    result: tally.Tally
    recused: list  # [(member, connection label)]
    text: str


# How the minutes print a recusal's connection (printed in Vietnamese, never translated).
RECUSAL_PRINTED = {
    Recusal.SAME_UNIT: "cùng đơn vị với người được đề nghị",
    Recusal.FAMILY: "có quan hệ gia đình",
    Recusal.OTHER: "có liên quan khác",
}


def _vi_percent(value):
    # One decimal, Vietnamese comma: 83,3%.
    return f"{float(value):.1f}".replace(".", ",") + "%"


def nominee_phrase(nomination):
    """The nominee as the minutes name it: Ông/Bà before a person, Hộ before a household."""
    # Official documents are written in Vietnamese: this text is printed, never translated.
    if nomination.nominee_kind == NomineeKind.INDIVIDUAL:
        honorific = "Bà" if nomination.person.gender == Gender.FEMALE else "Ông"
        return f"{honorific} {nomination.person.full_name}"
    if nomination.nominee_kind == NomineeKind.HOUSEHOLD:
        return f"Hộ gia đình {nomination.household.head_name}"
    if nomination.nominee_kind == NomineeKind.INITIATIVE:
        return f"Sáng kiến “{nomination.initiative.title}”"
    return nomination.organization.name


def result_in_words(nomination, result):
    """E.g. “Ông Nguyễn Văn A: đạt 5/6 phiếu (83,3%), đề nghị khen thưởng Giấy khen …”."""
    share = f"{result.agree}/{result.members} phiếu ({_vi_percent(result.agree_percent)})"
    extra = []
    if result.abstain:
        extra.append(f"{result.abstain} phiếu không biểu quyết")
    if result.recused:
        extra.append(f"{result.recused} thành viên không tham gia biểu quyết do có liên quan")
    if result.not_voted:
        extra.append(f"{result.not_voted} thành viên có mặt chưa biểu quyết")
    detail = f"; {', '.join(extra)}" if extra else ""
    award = nomination.award_type.name
    if result.passed:
        verdict = f"đạt {share}{detail}, đề nghị khen thưởng {award}"
    else:
        verdict = f"không đạt, {share}{detail} (cần tối thiểu {result.needed} phiếu), không đề nghị khen thưởng {award}"
    return f"{nominee_phrase(nomination)}: {verdict}."


def absent_members(session, present):
    """The active Council accounts not present, and how many absent members have no account."""
    named = list(council_accounts().exclude(pk__in=[user.pk for user in present]))
    unnamed = max(session.members_total - len(present) - len(named), 0)
    return named[: max(session.members_total - len(present), 0)], unnamed


def minutes_context(session):
    """The context of the session's minutes, under the identity in force on the session's date.

    The minutes are signed by the session's secretary and chair (named before voting opens).
    """
    result = session_tally(session)
    issuer = issuer_on(session.held_on)
    present = list(session.present.order_by("last_name", "first_name", "username"))
    absent, absent_unnamed = absent_members(session, present)
    recusals = {}
    for vote in Vote.objects.filter(session=session, choice=VoteChoice.RECUSED).select_related("voter"):
        recusals.setdefault(vote.nomination_id, []).append((vote.voter, RECUSAL_PRINTED.get(vote.recusal, "")))
    lines = [
        MinutesLine(
            nomination=nomination,
            result=outcome,
            recused=recusals.get(nomination.pk, []),
            text=result_in_words(nomination, outcome),
        )
        for nomination, outcome, _rule in result.rows
    ]
    return document_context(
        issuer=issuer,
        type_symbol=MINUTES_SYMBOL,
        issued_on=session.held_on,
        recipients=[],
        subject=_minutes_subject(session),
        session=session,
        campaign=session.campaign,
        movement=movement_phrase(session.campaign.name) if session.campaign else "",
        present=present,
        absent=absent,
        absent_unnamed=absent_unnamed,
        tally=result,
        lines=lines,
        passed_count=len(result.passed),
        secretary=session.secretary,
        signer=MinutesSigners(secretary=session.secretary, chair=session.chair),
        notices=notices_for_session(session),
    )


@dataclass(frozen=True)
class MinutesSigners:
    """The minutes' two signers as the register records them (its signer name and title)."""

    secretary: object
    chair: object

    @property
    def full_name(self):
        return ", ".join(user.display_name for user in (self.secretary, self.chair) if user is not None)

    @property
    def block_lines(self):
        # Printed titles of the minutes' signature block, left to right.
        return ["Thư ký", "Chủ trì"]


def _minutes_subject(session):
    # Official documents are written in Vietnamese: this text is printed, never translated.
    if session.campaign is None:
        return "Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng ngoài phong trào thi đua"
    return f"Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng trong {movement_phrase(session.campaign.name)}"


def render_minutes_draft(session):
    return render_document(MINUTES_TEMPLATE, minutes_context(session), draft=True)


def issued_minutes(session):
    """The session's minutes in the outgoing-document register, or None before closing."""
    return documents_for(session).filter(type_symbol=MINUTES_SYMBOL).order_by("-pk").first()


class MissingVotes(TransitionError):
    """Closing would count votes that are missing as against: the office must confirm it."""


@transaction.atomic
def close_session(session, *, by, confirm_missing=False):
    """Close an open session: tally, set each nomination passed or not, issue the minutes.

    Refused while a public notice of a nomination on the agenda still runs (the minutes print its
    comments), without quorum, without chair and secretary (they sign the minutes) or with
    nothing on the agenda; with a present member's vote missing it is refused (MissingVotes)
    unless `confirm_missing`: a missing vote counts as not in favour and the minutes say so.
    Closing a closed session does nothing. Returns the session; its minutes are `issued_minutes(session)`.
    """
    locked = _locked_session(session)
    if locked.status == SessionStatus.CLOSED:
        return locked
    running = [n for n in notices_for_session(locked) if n.ends_on >= timezone.localdate()]
    if running:
        # The minutes record the notice's comments and their handling: it must have run its course.
        raise TransitionError(
            _("The public notice of a nomination on the agenda runs until %(date)s: close the session after it.")
            % {"date": running[0].ends_on.strftime("%d/%m/%Y")}
        )
    _require_signers(locked)
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
    counted = ballots(locked)
    if counted.missing_count and not confirm_missing:
        raise MissingVotes(
            _(
                "%(count)s votes are missing (%(members)s): a missing vote counts as not in favour. Confirm to "
                "close anyway."
            )
            % {
                "count": counted.missing_count,
                "members": ", ".join(f"{member.display_name}: {n}" for member, n in counted.missing),
            }
        )
    context = minutes_context(locked)
    for nomination, outcome, _rule in result.rows:
        current = Nomination.objects.select_for_update().get(pk=nomination.pk)
        status = NominationStatus.PASSED if outcome.passed else NominationStatus.NOT_PASSED
        _record(current, status, by=by, note=_tally_note(outcome))
        current.save(update_fields=["status", "version", "updated_at"])
    locked.status = SessionStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = by
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    _log(locked, "closed", [], by=by)
    issue_document(
        template_name=MINUTES_TEMPLATE,
        context=context,
        type_symbol=MINUTES_SYMBOL,
        issued_on=locked.held_on,
        subject=context["subject"],
        by=by,
        issuer=context["issuer"],
        signer=context["signer"],
        related=locked,
    )
    return locked


# --- the leadership's approval ----------------------------------------------------------------

DECIDABLE = (NominationStatus.PASSED, NominationStatus.APPROVED, NominationStatus.REJECTED)


def council_needed(nomination):
    """Whether the Council votes on a nomination before the leadership decides: its form says
    (AwardType.council_required); a form without a vote goes to the leadership once eligible."""
    return nomination.award_type.council_required


def decidable(nomination):
    """Whether the leadership may approve or reject a nomination now."""
    if nomination.status in DECIDABLE:
        return True
    return nomination.status == NominationStatus.ELIGIBLE and not council_needed(nomination)


def _decide(nomination, status, *, by, comment):
    with transaction.atomic():
        current = Nomination.objects.select_for_update(of=("self",)).select_related("award_type").get(pk=nomination.pk)
        if current.status == status:
            return current
        if not decidable(current):
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


# What the leadership has still to decide: passed by the Council, or eligible for a form without a vote.
WAITING = Q(status=NominationStatus.PASSED) | Q(status=NominationStatus.ELIGIBLE, award_type__council_required=False)


def waiting_for_leadership(campaign, award_type=None):
    """The nominations of a campaign (or, None, outside any) the leadership has still to decide,
    of one award type when given."""
    waiting = shortlisted(campaign).filter(WAITING)
    return waiting if award_type is None else waiting.filter(award_type=award_type)


def approve_all_passed(campaign, *, by, comment="", award_type=None):
    """Approve every nomination of the campaign (of one award type when given) still waiting: one approve() each."""
    waiting = waiting_for_leadership(campaign, award_type).order_by("pk")
    return [approve(nomination, by=by, comment=comment) for nomination in waiting]


# --- the shortlist ----------------------------------------------------------------------------

SHORTLISTED = (
    NominationStatus.PASSED,
    NominationStatus.APPROVED,
    NominationStatus.REJECTED,
    NominationStatus.DECIDED,
    NominationStatus.PROPOSED,
)
SHORTLIST_PAGE_SIZE = 50


@dataclass
class ShortlistRow:
    nomination: Nomination
    score: object  # Decimal or None
    band: str | None
    tally: object  # tally.Tally, or None when the session's parameters are missing
    reasons: list

    @property
    def can_decide(self):
        return decidable(self.nomination)


@dataclass
class ShortlistTab:
    """One award type of the shortlist: how many it lists, their shares, its quota, how many wait."""

    award_type: object
    rows: int
    shares: tally.Shares
    quota: Quota
    waiting: int


@dataclass
class Shortlist:
    tabs: list
    shares: tally.Shares  # over every nominee still proposed (not rejected)
    waiting: int  # passed, not yet approved or rejected

    @property
    def rows(self):
        return sum(tab.rows for tab in self.tabs)

    def tab(self, award_type_id):
        """The tab of this award type, or the first one."""
        return next((t for t in self.tabs if t.award_type.pk == award_type_id), self.tabs[0] if self.tabs else None)


def shortlisted(campaign):
    """The nominations on the leadership's shortlist of a campaign, or (campaign None) of the awards
    outside any campaign: those the Council passed, and those of a form without a vote once eligible."""
    if campaign is None:
        return Nomination.objects.filter(campaign__isnull=True).filter(
            Q(status__in=SHORTLISTED) | Q(status=NominationStatus.ELIGIBLE, award_type__council_required=False)
        )
    return Nomination.objects.filter(campaign=campaign, status__in=SHORTLISTED)


def _tallies(nominations):
    """{nomination id: Tally} of these nominations, from their sessions (none when its parameters are missing)."""
    by_session = {}
    for nomination in nominations:
        if nomination.session_id:
            by_session.setdefault(nomination.session, []).append(nomination)
    found = {}
    for session, listed in by_session.items():
        try:
            result = session_tally(session, listed)
        except NoParameterValue:
            continue
        found.update({nomination.pk: outcome for nomination, outcome, _rule in result.rows})
    return found


def shortlist(campaign):
    """The award types of the shortlist, each with its count, shares, quota and how many wait,
    from one grouped query; the rows are read a page at a time (`ranked_nominations`)."""
    campaign_id = campaign.pk if campaign is not None else None
    groups = remember(
        f"shortlist-groups:{campaign_id}",
        lambda: list(
            shortlisted(campaign)
            .values("award_type", "status", "nominee_kind", "person__is_direct_worker")
            .annotate(n=Count("pk"), waiting=Count("pk", filter=WAITING))
            .order_by()
        ),
        # Kept until a nomination of the campaign or a person changes (a direct worker or not).
        scopes=[scopes.nominations(campaign_id), PEOPLE],
    )
    by_type = {}
    for group in groups:
        by_type.setdefault(group["award_type"], []).append(group)
    types = AwardType.objects.in_bulk(list(by_type))
    tabs, proposed_all = [], []
    for type_id, type_groups in by_type.items():
        award_type = types[type_id]
        proposed = [
            tally.Nominee(g["nominee_kind"], bool(g["person__is_direct_worker"]), g["n"])
            for g in type_groups
            if g["status"] != NominationStatus.REJECTED
        ]
        proposed_all += proposed
        tabs.append(
            ShortlistTab(
                award_type=award_type,
                rows=sum(g["n"] for g in type_groups),
                shares=tally.shares(proposed),
                quota=quota_against(
                    sum(n.count for n in proposed),
                    quota_count=award_type.quota_count,
                    quota_share=award_type.quota_share,
                    # Outside a campaign there is no score, no band and no quota to weigh.
                    participants=cached_quota_base(campaign, award_type)
                    if award_type.quota_share is not None and campaign is not None
                    else 0,
                ),
                waiting=sum(g["waiting"] for g in type_groups),
            )
        )
    tabs.sort(key=lambda t: (t.award_type.order, vietnamese_key(t.award_type.name)))
    return Shortlist(tabs=tabs, shares=tally.shares(proposed_all), waiting=sum(t.waiting for t in tabs))


def ranked_nominations(campaign, award_type):
    """The shortlist's nominations of one award type, highest score first, no score last, then by
    the nominee's name (awards.tally.rank_key, from the stored keys: `nomination_shortlist_idx`)."""
    return for_a_page(shortlisted(campaign).filter(award_type=award_type)).order_by(
        "-shortlist_scored", "-shortlist_score", "nominee_sort_key", "pk"
    )


def shortlist_rows(nominations):
    """ShortlistRows of these nominations (a page), with the Council's tallies of these only."""
    nominations = list(nominations)
    tallies = _tallies(nominations)
    return [
        ShortlistRow(
            nomination=nomination,
            score=nomination.shortlist_score,
            band=nomination.unit_band or None,
            tally=tallies.get(nomination.pk),
            reasons=reason_texts(nomination.eligibility_reasons),
        )
        for nomination in nominations
    ]
