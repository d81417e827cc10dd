"""Correcting (đính chính) and revoking (hủy bỏ, thu hồi) decisions: the original stays as issued, the mend is its own QĐ.

Luật Thi đua, khen thưởng 2022, Chương VII: a decision on commendation is revoked and the
object and money recovered when the achievements were declared dishonestly, the dossier was
false, the procedure broke the law, or a later finding shows the standard was not met.
Decree 30/2020 mends an error of a document by a document of the same kind. Here both are
decisions (QĐ) numbered by the outgoing-document register, prepared by the office (the
permission that prepares decisions), approved by a leader as a decision is (awards.approval) and
issued by whoever issues decisions; each names the
decision it mends (`Decision.amends`), which lists it back (`Decision.amendments`).

A revoking decision lists the awards it takes back with the money to recover; once issued
their nominations become REVOKED, so the award no longer counts where awards count
(eligibility: "already awarded", "requires" another award), and the pages showing the
original (decision, certificates, history, honour board) say it was revoked or corrected.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import TransitionError
from documents.identity import NoIssuingBody, issuer_on
from documents.rendering import default_signer, document_context, render_document

from .approval import valid_approval
from .decision_rules import deciding_authority, merit_phrase, movement_phrase, vnd_in_words
from .decisions import DECISION_SYMBOL, _signer_for, approval_missing_message, record_issue
from .models import (
    Award,
    Decision,
    DecisionStatus,
    Nomination,
    NominationEvent,
    NominationStatus,
    RevokedAward,
)
from .snapshots import as_printed, printed_issuer, printed_merit

AMENDMENT_KINDS = (Decision.Kind.CORRECTION, Decision.Kind.REVOCATION)
AMENDMENT_TEMPLATE = "awards/documents/amendment.html"


def is_amendment(decision):
    return decision.kind in AMENDMENT_KINDS


# --- what the pages show -------------------------------------------------------------------


def issued_revocations():
    return RevokedAward.objects.filter(decision__status=DecisionStatus.ISSUED, decision__kind=Decision.Kind.REVOCATION)


def revoked_award_ids(decision=None):
    """The awards (of `decision`, or of any) taken back by an issued revoking decision."""
    qs = issued_revocations()
    if decision is not None:
        qs = qs.filter(award__decision=decision)
    return set(qs.values_list("award_id", flat=True))


def amendments_of(decision, *, issued_only=True):
    qs = decision.amendments.select_related("document").order_by("decided_on", "pk")
    return qs.filter(status=DecisionStatus.ISSUED) if issued_only else qs


def annotate_awards(awards):
    """Set `award.revoked_by` (the issued revoking decision, or None) and `award.corrected_by` (issued corrections
    of its decision) on each award, in two queries whatever their number."""
    awards = list(awards)
    ids = [a.pk for a in awards]
    revoked = {
        line.award_id: line.decision
        for line in issued_revocations().filter(award_id__in=ids).select_related("decision__document")
    }
    corrections = {}
    for correction in (
        Decision.objects.filter(
            kind=Decision.Kind.CORRECTION,
            status=DecisionStatus.ISSUED,
            amends_id__in={a.decision_id for a in awards},
        )
        .select_related("document")
        .order_by("decided_on", "pk")
    ):
        corrections.setdefault(correction.amends_id, []).append(correction)
    for award in awards:
        award.revoked_by = revoked.get(award.pk)
        award.corrected_by = corrections.get(award.decision_id, [])
    return awards


# --- preparing ------------------------------------------------------------------------------


def _check_original(original, decided_on):
    if original.status != DecisionStatus.ISSUED or original.kind != Decision.Kind.DECISION:
        raise TransitionError(_("Only an issued decision on commendation can be corrected or revoked."))
    if decided_on < original.decided_on:
        raise TransitionError(
            _("The date cannot be earlier than the decision it mends (%(date)s).")
            % {"date": original.decided_on.strftime("%d/%m/%Y")}
        )


def default_amendment_title(kind, original):
    reference = original.document.reference if original.document_id else ""
    day = original.decided_on.strftime("%d/%m/%Y")
    if kind == Decision.Kind.CORRECTION:
        return f"Về việc đính chính Quyết định số {reference} ngày {day}"
    return f"Về việc hủy bỏ quyết định khen thưởng và thu hồi tiền thưởng tại Quyết định số {reference} ngày {day}"


@transaction.atomic
def prepare_correction(original, *, by, decided_on, correction, reason="", signer=None, title=None):
    """A draft correcting decision (đính chính): what is corrected, in the words it will print."""
    original = Decision.objects.select_for_update(of=("self",)).select_related("document").get(pk=original.pk)
    _check_original(original, decided_on)
    if not correction.strip():
        raise TransitionError(_("Write what is corrected."))
    return Decision.objects.create(
        campaign=original.campaign,
        occasion=original.occasion,
        kind=Decision.Kind.CORRECTION,
        amends=original,
        title=title or default_amendment_title(Decision.Kind.CORRECTION, original),
        decided_on=decided_on,
        signer=_signer_for(signer, decided_on),
        correction=correction.strip(),
        reason=reason.strip(),
        created_by=by,
    )


@transaction.atomic
def prepare_revocation(original, lines, *, by, decided_on, reason, signer=None, title=None):
    """A draft revoking decision (hủy bỏ, thu hồi): `lines` are (award, amount to recover) of the original's awards."""
    original = Decision.objects.select_for_update(of=("self",)).select_related("document").get(pk=original.pk)
    _check_original(original, decided_on)
    if not reason.strip():
        raise TransitionError(_("Give the grounds of the revocation."))
    lines = list(lines)
    if not lines:
        raise TransitionError(_("Choose at least one award to revoke."))
    revoked = revoked_award_ids(original)
    for award, amount in lines:
        if award.decision_id != original.pk:
            raise TransitionError(_("An award chosen is not one of this decision's."))
        if award.pk in revoked:
            raise TransitionError(_("“%(awardee)s” is already revoked.") % {"awardee": as_printed(award).awardee_name})
        if amount < 0 or amount > award.amount:
            raise TransitionError(
                _("The money to recover from “%(awardee)s” must be between 0 and the amount awarded.")
                % {"awardee": as_printed(award).awardee_name}
            )
    decision = Decision.objects.create(
        campaign=original.campaign,
        occasion=original.occasion,
        kind=Decision.Kind.REVOCATION,
        amends=original,
        title=title or default_amendment_title(Decision.Kind.REVOCATION, original),
        decided_on=decided_on,
        signer=_signer_for(signer, decided_on),
        reason=reason.strip(),
        created_by=by,
    )
    for award, amount in lines:
        RevokedAward.objects.create(decision=decision, award=award, amount_to_recover=amount)
    return decision


# --- the document ----------------------------------------------------------------------------


def revoked_lines(decision):
    lines = list(decision.revoked_awards.select_related("award__nomination").order_by("award__order", "award__pk"))
    for number, line in enumerate(lines, start=1):
        line.number = number
        line.printed = as_printed(line.award)
    return lines


def amendment_context(decision, *, number=None):
    issuer = issuer_on(decision.decided_on)
    signer = (
        decision.signer if decision.signer and decision.signer.issuing_body_id == issuer.pk else default_signer(issuer)
    )
    original = decision.amends
    lines = revoked_lines(decision) if decision.kind == Decision.Kind.REVOCATION else []
    to_recover = sum(int(line.amount_to_recover) for line in lines)
    archive = [line for line in issuer.recipient_lines if line.startswith("Lưu")] or ["Lưu: VT, VP."]
    return document_context(
        issuer=issuer,
        type_symbol=DECISION_SYMBOL,
        issued_on=decision.decided_on,
        number=number,
        signer=signer,
        recipients=["Như Điều 3;", *archive],
        subject=decision.title,
        decision=decision,
        original=original,
        original_reference=original.document.reference if original.document_id else "",
        original_issuer=printed_issuer(original) or (original.document.issuer if original.document_id else issuer),
        is_revocation=decision.kind == Decision.Kind.REVOCATION,
        movement=movement_phrase(decision.campaign.name) if decision.campaign_id else "",
        merit=printed_merit(original)
        or merit_phrase(
            original.occasion,
            movement_phrase(original.campaign.name) if original.campaign_id else "",
            [a.nomination.occasion_title for a in original.awards.select_related("nomination")],
        ),
        lines=lines,
        to_recover=to_recover,
        to_recover_in_words=vnd_in_words(to_recover),
        authority=deciding_authority(signer.authority, signer.authority_line) if signer else "CHỦ TỊCH",
    )


def render_amendment_draft(decision):
    return render_document(AMENDMENT_TEMPLATE, amendment_context(decision), draft=True)


# --- issuing ---------------------------------------------------------------------------------


@transaction.atomic
def issue_amendment(decision, *, by):
    """Number the correcting or revoking decision (QĐ) and store it; a revoked award's nomination becomes REVOKED."""
    locked = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("campaign", "signer", "amends")
        .get(pk=decision.pk)
    )
    if not is_amendment(locked):
        raise TransitionError(_("This is not a document of that kind."))
    if locked.status == DecisionStatus.ISSUED:
        return locked
    original = Decision.objects.select_for_update(of=("self",)).select_related("document").get(pk=locked.amends_id)
    _check_original(original, locked.decided_on)
    try:
        issuer = issuer_on(locked.decided_on)
    except NoIssuingBody as error:
        raise TransitionError(
            _("No issuing body applies on %(date)s.") % {"date": locked.decided_on.strftime("%d/%m/%Y")}
        ) from error
    lines = []
    if locked.kind == Decision.Kind.REVOCATION:
        lines = list(locked.revoked_awards.select_related("award"))
        if not lines:
            raise TransitionError(_("The draft lists nobody."))
        already = revoked_award_ids(original) & {line.award_id for line in lines}
        if already:
            raise TransitionError(_("An award of this draft was revoked meanwhile: discard the draft."))
    # What the leadership approved is what is issued: a revocation takes back awards and money.
    if valid_approval(locked, []) is None:
        raise TransitionError(approval_missing_message(locked))
    if locked.signer is None or locked.signer.issuing_body_id != issuer.pk:
        locked.signer = default_signer(issuer)
    document = record_issue(
        locked,
        template_name=AMENDMENT_TEMPLATE,
        context=amendment_context(locked),
        type_symbol=DECISION_SYMBOL,
        issuer=issuer,
        by=by,
    )
    note = f"{document.kind_name} số {document.reference} ngày {document.issued_on:%d/%m/%Y}"
    if lines:
        award_ids = [line.award_id for line in lines]
        nominations = (
            Nomination.objects.select_for_update()
            .filter(pk__in=Award.objects.filter(pk__in=award_ids).values("nomination_id"))
            .order_by("pk")  # the default order joins the nullable campaign: no FOR UPDATE there
        )
        for nomination in nominations:
            old = nomination.status
            nomination.status = NominationStatus.REVOKED
            nomination.version += 1
            nomination._history_user = by
            nomination.save(update_fields=["status", "version", "updated_at"])
            NominationEvent.objects.create(
                nomination=nomination, old_status=old, status=NominationStatus.REVOKED, note=note, by=by
            )
    return locked


def for_display(awards):
    """Awards ready for a page: `award.printed` (its copy at issue), `award.printed_name`, and whether revoked or
    corrected (`annotate_awards`)."""
    awards = annotate_awards(awards)
    for award in awards:
        award.printed = as_printed(award)
        award.printed_name = award.printed.awardee_name
    return awards
