"""Proposals upward once issued: their dossier and its completeness, sending them, and the higher body's answers.

A proposal (tờ trình) is prepared by the office, approved by a leader and issued through the
register (awards.decisions). Then the office completes its dossier (the components the law asks,
awards.proposal_rules), sends it — refused while a component is missing — with the time limit of
the receiving level in force that day copied with its deadline, and records what the higher body
decided for each line: granted or not, by which document (its number, date and file). A line
granted enters the award history and the public honour board.
"""

import logging

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from core import uploads
from core.errors import TransitionError
from core.workdays import covers
from documents.services import documents_for
from members.permissions import is_office

from . import proposal_rules as rules
from .history import record_past_award
from .models import (
    Award,
    AwardIssuer,
    Decision,
    DecisionStatus,
    HigherAnswer,
    LineAnswer,
    NominationEvent,
    NoticeEntry,
    ProposalDispatch,
    ProposalFile,
    RecordSource,
)
from .snapshots import printed_issuer

logger = logging.getLogger(__name__)

# Who answers, as the answer's "issued by" is prefilled; the province's name comes from the issuer.
ANSWERING_BODIES = {
    AwardIssuer.PROVINCE: "Chủ tịch Ủy ban nhân dân tỉnh",
    AwardIssuer.NATIONAL: "Chủ tịch Liên minh Hợp tác xã Việt Nam",
}


def answering_body(proposal):
    """Who usually answers the proposal, as the answer form is prefilled ("Chủ tịch UBND tỉnh Đắk Nông")."""
    body = ANSWERING_BODIES.get(proposal.addressee, "")
    if proposal.addressee == AwardIssuer.PROVINCE:
        issuer = printed_issuer(proposal)
        return f"{body} {issuer.place if issuer else ''}".strip()
    return body


def is_proposal(decision):
    return decision.kind == Decision.Kind.PROPOSAL


def _lines(proposal):
    return list(
        proposal.awards.select_related("nomination__award_type", "nomination__person", "nomination__session")
        .prefetch_related("dossier_files")
        .order_by("order", "pk")
    )


def dispatch_of(proposal):
    """The proposal's sending, read afresh (an object fetched before it was sent caches its absence)."""
    return ProposalDispatch.objects.filter(proposal_id=proposal.pk).first()


def dossier_day(proposal, today=None):
    """The day whose rules the dossier follows: the day it was sent, else today."""
    dispatch = dispatch_of(proposal)
    return dispatch.sent_on if dispatch else (today or timezone.localdate())


# --- the dossier ---------------------------------------------------------------------------------


def _minutes_of(lines):
    """{session pk: issued minutes or None} of the sessions that voted on the lines' nominations."""
    found = {}
    for line in lines:
        session = line.nomination.session
        if session is not None and session.pk not in found:
            found[session.pk] = documents_for(session).filter(type_symbol="BB").order_by("-pk").first()
    return found


def _has_recognised_initiative(person):
    return person is not None and person.initiatives.exclude(recognition_number="").exists()


def _notice_done(nomination, today):
    """Whether a public notice listing the nomination has run to its end."""
    return NoticeEntry.objects.filter(nomination=nomination, notice__ends_on__lt=today).exists()


def dossier(proposal, today=None):
    """The dossier's checklist: each need with whether it is met and by what; and the rule it follows.

    Returns {"rule", "rows", "gaps", "complete"}; each row is a dict with the need, its label,
    the line (or None), `met` and `by` (the register's document or the files that meet it).
    """
    today = today or timezone.localdate()
    day = dossier_day(proposal, today)
    lines = _lines(proposal)
    # A proposal wholly for deeds takes the simplified procedure where one is in force; else the standard.
    procedure = rules.procedure_for(line.nomination.occasion for line in lines)
    rule = rules.dossier_rule(day, procedure) or rules.dossier_rule(day)
    by_key = {line.pk: line for line in lines}
    if rule is None:
        return {"rule": None, "rows": [], "gaps": [], "complete": False}
    needs = rules.dossier_needs(rule, [(line.pk, line.nomination.award_type.name) for line in lines])
    # Where the law or the Alliance's rules ask for a public notice, its result belongs to the dossier too.
    needs += [
        rules.Need(rules.NOTICE_RESULT, line.pk) for line in lines if line.nomination.award_type.public_notice_days
    ]
    files = list(proposal.dossier_files.all())
    minutes = _minutes_of(lines)
    rows, present = [], set()
    for need in needs:
        line = by_key.get(need.line)
        met_by = [f for f in files if f.component == need.component and f.line_id == need.line]
        automatic = ""
        if need.component == rules.TO_TRINH and proposal.status == DecisionStatus.ISSUED and proposal.document_id:
            automatic = proposal.document.reference
        elif need.component == rules.COUNCIL_MINUTES and minutes and all(minutes.values()):
            automatic = ", ".join(sorted(m.reference for m in minutes.values()))
        elif need.component == rules.INITIATIVE_PROOF and _has_recognised_initiative(line.nomination.person):
            initiative = line.nomination.person.initiatives.exclude(recognition_number="").first()
            automatic = f"{initiative.recognition_number} – {initiative.title}"
        elif need.component == rules.NOTICE_RESULT and _notice_done(line.nomination, today):
            notice = NoticeEntry.objects.filter(nomination=line.nomination).select_related("notice").first().notice
            automatic = f"{notice.starts_on:%d/%m/%Y} – {notice.ends_on:%d/%m/%Y}"
        met = bool(automatic or met_by)
        if met:
            present.add(need)
        rows.append(
            {
                "need": need,
                "component": need.component,
                "label": rules.COMPONENT_LABELS[need.component],
                "line": line,
                "met": met,
                "automatic": automatic,
                "files": met_by,
                "uploadable": need.component not in (rules.TO_TRINH, rules.NOTICE_RESULT),
            }
        )
    gaps = rules.dossier_gaps(needs, present)
    return {"rule": rule, "rows": rows, "gaps": gaps, "complete": not gaps}


def _editable_dossier(proposal):
    if not is_proposal(proposal):
        raise TransitionError(_("This is not a proposal."))
    if dispatch_of(proposal) is not None:
        raise TransitionError(_("The proposal was sent: its dossier stays as it was sent."))


def uploadable_components(proposal, today=None):
    """(component, line or None) pairs the office may attach a file to, from the dossier's checklist."""
    return [(row["component"], row["line"]) for row in dossier(proposal, today)["rows"] if row["uploadable"]]


@transaction.atomic
def add_dossier_file(proposal, uploaded_file, *, component, line=None, by):
    """Attach a file to one component of the dossier (for one line, or the whole dossier)."""
    locked = Decision.objects.select_for_update().get(pk=proposal.pk)
    _editable_dossier(locked)
    allowed = {(c, ln.pk if ln else None) for c, ln in uploadable_components(locked)}
    if (component, line.pk if line else None) not in allowed:
        raise TransitionError(_("That component is not asked of this dossier."))
    return uploads.attach(ProposalFile, uploaded_file, proposal=locked, component=component, line=line, uploaded_by=by)


@transaction.atomic
def remove_dossier_file(item, *, by):
    locked = Decision.objects.select_for_update().get(pk=item.proposal_id)
    _editable_dossier(locked)
    logger.info("Dossier file %s (%s) of proposal %s removed by %s", item.pk, item.original_name, locked.pk, by)
    uploads.detach(item)


# --- sending ---------------------------------------------------------------------------------------


@transaction.atomic
def send_proposal(proposal, *, sent_on, how="", by):
    """Record that an issued proposal was sent on `sent_on`, with the receiving level's time limit and deadline.

    Refused before it is issued, with its dossier incomplete, dated before its issue or after
    today, or when no time limit is known for that day. Sending it again changes nothing.
    """
    if not is_office(by):
        raise TransitionError(_("The office sends a proposal."))
    locked = Decision.objects.select_for_update(of=("self",)).select_related("document").get(pk=proposal.pk)
    if not is_proposal(locked):
        raise TransitionError(_("This is not a proposal."))
    existing = dispatch_of(locked)
    if existing is not None:
        return existing
    if locked.status != DecisionStatus.ISSUED:
        raise TransitionError(_("Only an issued proposal is sent: a leader approves it and the register numbers it."))
    today = timezone.localdate()
    if sent_on < locked.decided_on or sent_on > today:
        raise TransitionError(
            _("The sending date is between the proposal's date (%(date)s) and today.")
            % {"date": locked.decided_on.strftime("%d/%m/%Y")}
        )
    checklist = dossier(locked, today)
    if checklist["rule"] is None:
        raise TransitionError(_("No dossier rule applies on that date."))
    if not checklist["complete"]:
        missing = "; ".join(
            str(row["label"]) + (f" ({row['line'].nomination.nominee_name})" if row["line"] else "")
            for row in checklist["rows"]
            if not row["met"]
        )
        raise TransitionError(_("The dossier is not complete: %(missing)s.") % {"missing": missing})
    limit = rules.answer_limit(locked.addressee, sent_on)
    if limit is None:
        raise TransitionError(_("No time limit of the receiving level is known for that date."))
    return ProposalDispatch.objects.create(
        proposal=locked,
        sent_on=sent_on,
        how=how.strip(),
        answer_days=limit.working_days,
        limit_source=limit.source,
        limit_confirmed=limit.confirmed,
        deadline=rules.answer_deadline(sent_on, limit.working_days),
        sent_by=by,
    )


# --- the higher body's answers ---------------------------------------------------------------------


def unanswered_lines(proposal):
    return list(
        proposal.awards.filter(higher_answer__isnull=True)
        .select_related("nomination__award_type", "nomination__person", "nomination__organization")
        .order_by("order", "pk")
    )


def _record_history(line, answer, *, by):
    """A granted line enters the award history, in the answer's transaction, as the higher body granted it."""
    nomination = line.nomination
    return record_past_award(
        by=by,
        year=nomination.campaign.ends_on.year,  # the year the achievements are for, as history.record_issued
        award_type=nomination.award_type,
        person=nomination.person,
        organization=nomination.organization,
        household=nomination.household,
        nominee_kind=nomination.nominee_kind,
        deciding_body=answer.body,
        decision_number=answer.reference,
        decision_date=answer.decided_on,
        source=RecordSource.HIGHER_BODY_ANSWER,
        award=line,
    )


@transaction.atomic
def record_answer(proposal, *, reference, decided_on, body, uploaded_file, granted, refused=(), note="", by):
    """Record a document of the higher body answering some lines: `granted` and `refused` are lines of the proposal.

    Refused before the proposal is sent, for a line already answered or of another proposal,
    with no line named, or dated before the sending or after today.
    """
    if not is_office(by):
        raise TransitionError(_("The office records the higher body's answer."))
    locked = Decision.objects.select_for_update().get(pk=proposal.pk)
    dispatch = dispatch_of(locked)
    if dispatch is None:
        raise TransitionError(_("Record the sending of the proposal first."))
    granted, refused = list(granted), list(refused)
    chosen = granted + refused
    if not chosen:
        raise TransitionError(_("Choose at least one line the answer decides."))
    ids = [line.pk for line in chosen]
    if len(set(ids)) != len(ids):
        raise TransitionError(_("A line is either granted or not, not both."))
    lines = {line.pk: line for line in Award.objects.select_for_update(of=("self",)).filter(pk__in=ids)}
    for pk in ids:
        line = lines.get(pk)
        if line is None or line.decision_id != locked.pk:
            raise TransitionError(_("A chosen line is not on this proposal."))
    if LineAnswer.objects.filter(line_id__in=ids).exists():
        raise TransitionError(_("A chosen line already has its answer."))
    if decided_on < dispatch.sent_on or decided_on > timezone.localdate():
        raise TransitionError(
            _("The answer is dated between the sending (%(date)s) and today.")
            % {"date": dispatch.sent_on.strftime("%d/%m/%Y")}
        )
    reference = reference.strip()
    if HigherAnswer.objects.filter(proposal=locked, reference=reference, decided_on=decided_on).exists():
        answer = HigherAnswer.objects.get(proposal=locked, reference=reference, decided_on=decided_on)
    else:
        answer = uploads.attach(
            HigherAnswer,
            uploaded_file,
            proposal=locked,
            reference=reference,
            decided_on=decided_on,
            body=body.strip(),
            uploaded_by=by,
        )
    granted_ids = {line.pk for line in granted}
    written = []
    for pk in ids:
        line = Award.objects.select_related("nomination__award_type").get(pk=pk)
        is_granted = pk in granted_ids
        written.append(
            LineAnswer.objects.create(line=line, answer=answer, granted=is_granted, note=note.strip(), recorded_by=by)
        )
        verdict = "Được tặng" if is_granted else "Không được tặng"
        NominationEvent.objects.create(
            nomination=line.nomination,
            old_status=line.nomination.status,
            status=line.nomination.status,
            note=f"{verdict} {line.nomination.award_type.name} theo {answer.reference} ngày "
            f"{answer.decided_on:%d/%m/%Y} của {answer.body}",
            by=by,
        )
        if is_granted:
            _record_history(line, answer, by=by)
    return answer


# --- where each proposal stands -------------------------------------------------------------------


def state_of(proposal, today=None):
    """The state of an issued proposal (proposal_rules.proposal_state) from its sending and answers."""
    today = today or timezone.localdate()
    dispatch = dispatch_of(proposal)
    total = proposal.awards.count()
    answered = LineAnswer.objects.filter(line__decision=proposal).count()
    return rules.proposal_state(
        sent_on=dispatch.sent_on if dispatch else None,
        deadline=dispatch.deadline if dispatch else None,
        today=today,
        lines=total,
        answered=answered,
    )


def outstanding(today=None):
    """Issued proposals still waiting for (part of) their answer, each with its state, overdue first.

    `item.state` is waiting, partly, overdue or not sent; `item.sent` is its sending or None. One
    query, however many proposals (the dashboard shows it on every visit).
    """
    today = today or timezone.localdate()
    qs = (
        Decision.objects.filter(kind=Decision.Kind.PROPOSAL, status=DecisionStatus.ISSUED)
        .annotate(
            line_count=Count("awards", distinct=True),
            answered_count=Count("awards__higher_answer", distinct=True),
        )
        .select_related("document", "dispatch", "campaign")
        .order_by("decided_on", "pk")
    )
    items = []
    for proposal in qs:
        sent = _has_dispatch(proposal)
        proposal.sent = proposal.dispatch if sent else None
        proposal.state = rules.proposal_state(
            sent_on=proposal.sent.sent_on if sent else None,
            deadline=proposal.sent.deadline if sent else None,
            today=today,
            lines=proposal.line_count,
            answered=proposal.answered_count,
        )
        if proposal.state == rules.ANSWERED:
            continue
        proposal.state_label = rules.STATE_LABELS[proposal.state]
        items.append(proposal)
    return sorted(items, key=lambda p: (p.state != rules.OVERDUE, p.sent.deadline if p.sent else today))


def _has_dispatch(proposal):
    try:
        return proposal.dispatch is not None
    except ProposalDispatch.DoesNotExist:
        return False


def deadline_warning(dispatch):
    """Whether the deadline falls in a year whose holidays are not listed (then only weekends were skipped)."""
    return dispatch is not None and not (covers(dispatch.sent_on.year) and covers(dispatch.deadline.year))
