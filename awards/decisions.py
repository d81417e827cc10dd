"""Decisions on commendation and proposals upward: prepare a draft, issue it from the register, discard a draft.

A decision (QĐ) grants the Alliance's own awards to APPROVED nominations and fixes each
awardee's amount on the decision's date; a proposal (TTr) asks a higher body (the national
Alliance, the provincial People's Committee) to grant its awards. Issuing numbers the
document from the outgoing-document register, stores its PDF, and moves every nomination to
DECIDED or PROPOSED with a NominationEvent. Once issued, nothing of it changes: amounts stay
as computed even if a legal parameter is corrected later.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.plan import issued_plan
from core.errors import TransitionError
from core.jobs import enqueue
from documents.identity import NoIssuingBody, issuer_on
from documents.rendering import default_signer, document_context, render_document
from documents.services import documents_for, issue_document
from members.permissions import is_leader

from .approval import fingerprint_of, latest_approval, valid_approval
from .dating import cited_dates, date_error
from .decision_rules import (
    Line,
    award_sort_key,
    count_phrase,
    deciding_authority,
    deciding_body,
    group_counts,
    honorific,
    household_name,
    lower_first,
    merit_phrase,
    movement_phrase,
    printed_name,
    receives_as_collective,
    signature_lines,
    summary,
    title_name,
    vnd_in_words,
)
from .history import record_issued
from .legal_texts import legal_texts_on
from .models import (
    Award,
    AwardIssuer,
    Decision,
    DecisionApproval,
    DecisionStatus,
    Nomination,
    NominationEvent,
    NominationStatus,
    Occasion,
    SessionStatus,
)
from .parameters import NoParameterValue, NotForCollectives, bonus_on
from .register import number_certificates
from .snapshots import snapshot_award, snapshot_decision

DECISION_SYMBOL = "QĐ"
PROPOSAL_SYMBOL = "TTr"
DECISION_TEMPLATE = "awards/documents/decision.html"
PROPOSAL_TEMPLATE = "awards/documents/proposal.html"

# Who a proposal is addressed to, as written after "Kính gửi:"; the province's name comes from the issuer.
ADDRESSEES = {
    AwardIssuer.NATIONAL: "Ban Thường vụ Liên minh Hợp tác xã Việt Nam",
    AwardIssuer.PROVINCE: "Chủ tịch Ủy ban nhân dân tỉnh {place}",
}


def addressee_line(addressee, place):
    return ADDRESSEES[addressee].format(place=place)


def default_title(kind, campaign, award_types=(), addressee=None, place="", merit=None):
    """The subject under QUYẾT ĐỊNH or TỜ TRÌNH, in Vietnamese as printed; outside a campaign
    (`campaign` None) `merit` says what the awardees did (decision_rules.merit_phrase)."""
    merit = merit or merit_phrase(Occasion.CAMPAIGN, movement_phrase(campaign.name))
    if kind == Decision.Kind.PROPOSAL:
        names = ", ".join(dict.fromkeys(t.name for t in award_types)) or "Bằng khen"
        body = addressee_line(addressee, place) if addressee else "cấp trên"
        return f"Về việc đề nghị {body} tặng {names} cho các tập thể, cá nhân có {merit}"
    return f"Về việc khen thưởng các tập thể, cá nhân có {merit}"


def occasion_of(campaign, nominations):
    """The occasion a draft is made for: its campaign's, or the one occasion of its nominations outside any."""
    if campaign is not None:
        return Occasion.CAMPAIGN
    found = {n.occasion for n in nominations}
    if len(found) != 1 or Occasion.CAMPAIGN in found:
        raise TransitionError(_("List nominations of one occasion outside a campaign only."))
    return found.pop()


def merit_of(occasion, campaign, nominations):
    """What the document says the listed awardees did (decision_rules.merit_phrase)."""
    movement = movement_phrase(campaign.name) if campaign is not None else ""
    return merit_phrase(occasion, movement, [n.occasion_title for n in nominations])


# --- preparing a draft -----------------------------------------------------------------


def _locked_nominations(campaign, nominations):
    ids = sorted({n.pk for n in nominations})
    if not ids:
        raise TransitionError(_("Choose at least one approved nomination."))
    locked = list(
        # Only the nominations are locked: PostgreSQL cannot lock the nullable side of an outer join.
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("award_type", "organization", "person", "household", "initiative")
    )
    if len(locked) != len(ids):
        raise TransitionError(_("A chosen nomination no longer exists."))
    for nomination in locked:
        if nomination.campaign_id != (campaign.pk if campaign is not None else None):
            raise TransitionError(
                _("“%(nominee)s” is nominated in another campaign.") % {"nominee": nomination.nominee_name}
                if nomination.campaign_id
                else _("“%(nominee)s” is nominated outside any campaign.") % {"nominee": nomination.nominee_name}
            )
        if nomination.status != NominationStatus.APPROVED:
            raise TransitionError(
                _("“%(nominee)s” is not approved by the leadership (status: %(status)s).")
                % {"nominee": nomination.nominee_name, "status": nomination.get_status_display()}
            )
    taken = Award.objects.filter(nomination_id__in=ids).select_related("decision", "nomination")
    for award in taken:
        raise TransitionError(
            _("“%(nominee)s” is already listed in “%(decision)s”.")
            % {"nominee": award.nomination.nominee_name, "decision": award.decision}
        )
    return sorted(
        locked,
        key=lambda n: award_sort_key(
            n.award_type.order, n.award_type.name, n.award_type_id, n.nominee_kind, n.nominee_name
        ),
    )


def _amount_fields(nomination, day):
    """Coefficient, base salary and amount of one awardee on `day` (None, None, 0 when the award carries no money)."""
    key = nomination.award_type.coefficient_key
    if not key:
        return {"coefficient": None, "base_salary": None, "amount": 0}
    try:
        bonus = bonus_on(key, day, collective=receives_as_collective(nomination.nominee_kind))
    except (NoParameterValue, NotForCollectives) as error:
        raise TransitionError(f"{nomination.nominee_name}: {error}") from error
    return {"coefficient": bonus.coefficient, "base_salary": bonus.base_salary, "amount": bonus.amount}


def check_date(campaign, nominations, day):
    """Refuse a date before what the document cites (plan, Council minutes, periods) or after today."""
    error = date_error(day, cited_dates(campaign, nominations), timezone.localdate())
    if error:
        raise TransitionError(error)


def _signer_for(signer, day):
    """The signer if they sign for the identity in force on `day`; the identity is checked either way."""
    try:
        issuer = issuer_on(day)
    except NoIssuingBody as error:
        raise TransitionError(_("No issuing body applies on %(date)s.") % {"date": day.strftime("%d/%m/%Y")}) from error
    if signer is not None and signer.issuing_body_id != issuer.pk:
        raise TransitionError(_("%(signer)s does not sign for the issuing body of that date.") % {"signer": signer})
    return signer


@transaction.atomic
def prepare_decision(campaign, nominations, *, by, decided_on, signer=None, title=None, request=None):
    """A draft decision granting the Alliance's own awards to approved nominations, with amounts on `decided_on`.

    `request` names the tờ trình it answers ({"request_by", "request_reference", "request_date"}).

    Each nomination gets one Award line (ordered by award type, collectives first, then by
    name) with the coefficient, base salary and amount of its award type on that date.
    """
    locked = _locked_nominations(campaign, nominations)
    for nomination in locked:
        if nomination.award_type.is_upward:
            raise TransitionError(
                _("“%(award)s” is granted by a higher body: propose it upward instead.")
                % {"award": nomination.award_type}
            )
    occasion = occasion_of(campaign, locked)
    check_date(campaign, locked, decided_on)
    signer = _signer_for(signer, decided_on)
    decision = Decision.objects.create(
        campaign=campaign,
        occasion=occasion,
        kind=Decision.Kind.DECISION,
        addressee=AwardIssuer.ALLIANCE,
        title=title or default_title(Decision.Kind.DECISION, campaign, merit=merit_of(occasion, campaign, locked)),
        decided_on=decided_on,
        signer=signer,
        created_by=by,
        **_request_fields(request, decided_on),
    )
    for order, nomination in enumerate(locked, start=1):
        Award.objects.create(
            decision=decision, nomination=nomination, order=order, **_amount_fields(nomination, decided_on)
        )
    return decision


def _request_fields(request, decided_on):
    """The tờ trình a decision answers, checked: dated no later than the decision."""
    request = request or {}
    day = request.get("request_date")
    if day is not None and day > decided_on:
        raise TransitionError(_("The proposal (tờ trình) is dated after the decision."))
    return {
        "request_by": (request.get("request_by") or "").strip(),
        "request_reference": (request.get("request_reference") or "").strip(),
        "request_date": day,
    }


@transaction.atomic
def prepare_proposal(campaign, nominations, *, addressee, by, decided_on, signer=None, title=None):
    """A draft proposal (tờ trình) asking `addressee` to grant its awards to approved nominations.

    The higher body pays its own bonus, so the lines carry no amount.
    """
    if addressee not in (AwardIssuer.NATIONAL, AwardIssuer.PROVINCE):
        raise TransitionError(
            _("A proposal goes to the Vietnam Cooperative Alliance or the provincial People's Committee.")
        )
    locked = _locked_nominations(campaign, nominations)
    for nomination in locked:
        if nomination.award_type.issuer != addressee:
            raise TransitionError(
                _("“%(award)s” is not granted by the body this proposal is addressed to.")
                % {"award": nomination.award_type}
            )
    occasion = occasion_of(campaign, locked)
    check_date(campaign, locked, decided_on)
    signer = _signer_for(signer, decided_on)
    place = issuer_on(decided_on).place
    decision = Decision.objects.create(
        campaign=campaign,
        occasion=occasion,
        kind=Decision.Kind.PROPOSAL,
        addressee=addressee,
        title=title
        or default_title(
            Decision.Kind.PROPOSAL,
            campaign,
            [n.award_type for n in locked],
            addressee=addressee,
            place=place,
            merit=merit_of(occasion, campaign, locked),
        ),
        decided_on=decided_on,
        signer=signer,
        created_by=by,
    )
    for order, nomination in enumerate(locked, start=1):
        Award.objects.create(decision=decision, nomination=nomination, order=order, amount=0)
    return decision


@transaction.atomic
def discard_draft(decision, *, by):
    """Delete a draft and its lines, so that its nominations can be listed again; an issued one stays."""
    locked = Decision.objects.select_for_update().get(pk=decision.pk)
    if locked.status == DecisionStatus.ISSUED:
        raise TransitionError(_("An issued document is kept as it was: it cannot be discarded."))
    locked.awards.all().delete()
    locked.delete()


# --- the document's context --------------------------------------------------------------


def awards_of(decision):
    return list(
        decision.awards.select_related(
            "nomination__award_type",
            "nomination__organization",
            "nomination__person",
            "nomination__household",
            "nomination__initiative",
        ).order_by("order", "pk")
    )


def annex_groups(awards):
    """The annexed list by award type, each split into collectives and individuals, with running numbers."""
    groups = []
    counts = group_counts(
        Line(
            type_key=a.nomination.award_type_id,
            collective=receives_as_collective(a.nomination.nominee_kind),
            amount=int(a.amount),
        )
        for a in awards
    )
    number = 0
    for type_id, (collectives, individuals, total) in counts.items():
        rows = [a for a in awards if a.nomination.award_type_id == type_id]
        parts = []
        for label, wanted in (("Tập thể", True), ("Cá nhân", False)):
            part = [a for a in rows if receives_as_collective(a.nomination.nominee_kind) == wanted]
            if not part:
                continue
            lines = []
            for award in part:
                number += 1
                lines.append(
                    {
                        "number": number,
                        "award": award,
                        "nomination": award.nomination,
                        "name": nominee_printed_name(award.nomination),
                        **awardee_lines(award.nomination),
                        "achievement": summary(award.nomination.achievements),
                    }
                )
            parts.append({"label": label, "lines": lines})
        award_type = rows[0].nomination.award_type
        groups.append(
            {
                "award_type": award_type,
                "is_title": award_type.category == "title",
                "title_name": title_name(award_type.name),
                "parts": parts,
                "count_phrase": count_phrase(collectives, individuals),
                "total": total,
            }
        )
    return groups


def _plan_reference(campaign, issuer):
    if campaign is None:
        return None, None
    document = issued_plan(campaign)
    if document is not None:
        return document.reference, document.issued_on
    if campaign.plan_number and campaign.plan_date:
        return f"{campaign.plan_number:02d}/KH-{issuer.symbol}", campaign.plan_date
    return None, campaign.plan_date


def _council_minutes(awards):
    """The closed Council sessions that voted on these nominations, with their minutes when issued."""
    sessions = {a.nomination.session for a in awards if a.nomination.session_id}
    found = []
    for session in sorted(sessions, key=lambda s: (s.held_on, s.pk)):
        if session.status != SessionStatus.CLOSED:
            continue
        minutes = documents_for(session).filter(type_symbol="BB").order_by("-pk").first()
        found.append({"session": session, "minutes": minutes})
    return found


def decision_context(decision, *, number=None):
    """The context of the decision's or proposal's document, under the identity in force on its date."""
    issuer = issuer_on(decision.decided_on)
    signer = (
        decision.signer if decision.signer and decision.signer.issuing_body_id == issuer.pk else default_signer(issuer)
    )
    awards = awards_of(decision)
    plan_reference, plan_date = _plan_reference(decision.campaign, issuer)
    campaign = decision.campaign
    movement = movement_phrase(campaign.name) if campaign is not None else ""
    is_proposal = decision.kind == Decision.Kind.PROPOSAL
    symbol = PROPOSAL_SYMBOL if is_proposal else DECISION_SYMBOL
    total = sum(int(a.amount) for a in awards)
    collectives = sum(1 for a in awards if receives_as_collective(a.nomination.nominee_kind))
    recipients = _recipients(decision, issuer)
    context = document_context(
        issuer=issuer,
        type_symbol=symbol,
        issued_on=decision.decided_on,
        number=number,
        signer=signer,
        recipients=recipients,
        subject=decision.title,
        decision=decision,
        campaign=campaign,
        occasion=decision.occasion,
        movement=movement,
        merit=merit_phrase(decision.occasion, movement, [a.nomination.occasion_title for a in awards]),
        campaign_subject=lower_first(campaign.name) if campaign is not None else "",
        plan_reference=plan_reference,
        plan_date=plan_date,
        legal_bases=list(campaign.legal_bases.all()) if campaign is not None else [],
        council=_council_minutes(awards),
        awards=awards,
        groups=annex_groups(awards),
        count_phrase=count_phrase(collectives, len(awards) - collectives),
        total=total,
        total_in_words=vnd_in_words(total),
        base_salary=next((a.base_salary for a in awards if a.base_salary), None),
        addressee_line=addressee_line(decision.addressee, issuer.place) if is_proposal else "",
        authority=deciding_authority(signer.authority, signer.authority_line) if signer else "CHỦ TỊCH",
    )
    if not is_proposal:
        context.update(authority_context(decision_authority(awards), signer))
        context["legal_texts"] = legal_texts_on(decision.decided_on)
        context["request_line"] = request_line(decision)
    return context


def decision_authority(awards):
    """The Standing Committee decides when any listed award is its to give; else the chairman."""
    return "committee" if any(a.nomination.award_type.decided_by == "committee" for a in awards) else "chairman"


def authority_context(decided_by, signer):
    """The heading's deciding body and the signature block's lines of a decision or its certificates."""
    return {
        "decided_by": decided_by,
        "authority": deciding_body(decided_by),
        "signature_lines": signature_lines(decided_by, signer.title, signer.authority, signer.authority_line)
        if signer
        else [],
    }


def request_line(decision):
    """ "Xét đề nghị của … tại Tờ trình số … ngày …," (LAW.md A9); without a number, who proposed only."""
    by = decision.request_by or "Thường trực Hội đồng Thi đua - Khen thưởng"
    if not decision.request_reference:
        return f"Xét đề nghị của {by},"
    day = f" ngày {decision.request_date:%d/%m/%Y}" if decision.request_date else ""
    return f"Xét đề nghị của {by} tại Tờ trình số {decision.request_reference}{day},"


def awardee_lines(nomination):
    """How an annex and a certificate name an awardee: "Ông Nguyễn Văn A" / "Hộ bà …" / the unit, and
    the line of position and unit under it (empty for a collective)."""
    kind = nomination.nominee_kind
    organization = nomination.organization.name
    if kind == "individual":
        person = nomination.person
        title = honorific(person.gender)
        position = (person.position or "").strip()
        return {
            "honorific": title,
            "printed": f"{title} {person.full_name}".strip(),
            "is_person": True,
            "position_unit": f"{position}, {organization}" if position else organization,
        }
    if kind == "household":
        household = nomination.household
        return {
            "honorific": "",
            "printed": household_name(household.head_name, household.head_gender),
            "is_person": True,
            "position_unit": f"Thành viên {organization}",
        }
    if kind == "initiative":
        authors = ", ".join(
            f"{honorific(person.gender)} {person.full_name}".strip() for person in nomination.initiative.authors.all()
        )
        return {
            "honorific": "",
            "printed": authors or organization,
            "is_person": False,
            "position_unit": f"Tác giả sáng kiến “{nomination.initiative.title}”, {organization}",
        }
    return {"honorific": "", "printed": organization, "is_person": False, "position_unit": ""}


def nominee_printed_name(nomination):
    return printed_name(
        nomination.nominee_kind,
        person_name=nomination.person.full_name if nomination.person_id else "",
        organization_name=nomination.organization.name,
        household_head=household_name(nomination.household.head_name, nomination.household.head_gender)
        if nomination.household_id
        else "",
        initiative_title=nomination.initiative.title if nomination.initiative_id else "",
    )


def _recipients(decision, issuer):
    archive = [line for line in issuer.recipient_lines if line.startswith("Lưu")] or ["Lưu: VT, VP."]
    others = [line for line in issuer.recipient_lines if not line.startswith("Lưu")]
    if decision.kind == Decision.Kind.PROPOSAL:
        return ["Như trên;", *archive]
    return ["Như Điều 3;", *others, *archive]


def template_for(decision):
    return PROPOSAL_TEMPLATE if decision.kind == Decision.Kind.PROPOSAL else DECISION_TEMPLATE


def render_draft(decision):
    """The document as it would be issued, watermarked DỰ THẢO and without a number."""
    return render_document(template_for(decision), decision_context(decision), draft=True)


# --- the leadership's approval ---------------------------------------------------------------


def _fix_amounts(decision, awards):
    """Set each line's amounts to those in force on the decision's date (a decision's lines only)."""
    for award in awards:
        fields = _amount_fields(award.nomination, decision.decided_on)
        if any(getattr(award, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(award, name, value)
            award.save(update_fields=list(fields))


def approval_missing_message(decision):
    if latest_approval(decision) is None:
        return _("The leadership has not approved this draft: it can be issued only once a leader approves it.")
    return _("The draft changed after the leadership approved it: a leader must approve it again before it is issued.")


@transaction.atomic
def approve_draft(decision, *, by):
    """A leader approves a draft as it stands now: its amounts are fixed on its date and its content fingerprinted.

    Only an account of the leadership approves (never the office, never a superuser as such);
    the approval holds while the draft's content keeps that fingerprint (awards.approval).
    """
    if not is_leader(by):
        raise TransitionError(_("Only the leadership approves a decision, a report or a proposal."))
    locked = Decision.objects.select_for_update(of=("self",)).select_related("campaign", "signer").get(pk=decision.pk)
    if locked.status == DecisionStatus.ISSUED:
        raise TransitionError(_("This document is already issued."))
    amendment = locked.kind in (Decision.Kind.CORRECTION, Decision.Kind.REVOCATION)
    awards = [] if amendment else awards_of(locked)
    if not awards and (
        not amendment or (locked.kind == Decision.Kind.REVOCATION and not locked.revoked_awards.exists())
    ):
        raise TransitionError(_("The draft lists nobody."))
    try:
        issuer_on(locked.decided_on)
    except NoIssuingBody as error:
        raise TransitionError(
            _("No issuing body applies on %(date)s.") % {"date": locked.decided_on.strftime("%d/%m/%Y")}
        ) from error
    if not amendment:
        check_date(locked.campaign, [a.nomination for a in awards], locked.decided_on)
    if locked.kind == Decision.Kind.DECISION:
        _fix_amounts(locked, awards)
    return DecisionApproval.objects.create(decision=locked, fingerprint=fingerprint_of(locked, awards), approved_by=by)


def parameters_used(decision):
    """The legal-parameter rows a decision's amounts are computed with on its date (for the draft's page)."""
    if decision.kind != Decision.Kind.DECISION:
        return []
    rows = {}
    for award in awards_of(decision):
        key = award.nomination.award_type.coefficient_key
        if not key:
            continue
        try:
            bonus = bonus_on(key, decision.decided_on, collective=receives_as_collective(award.nomination.nominee_kind))
        except (NoParameterValue, NotForCollectives):
            continue
        for row in bonus.rows:
            rows[row.pk] = row
    return sorted(rows.values(), key=lambda row: (row.key, row.valid_from))


def approval_state(decision):
    """For the draft's page: the latest approval and whether it still holds."""
    approval = latest_approval(decision)
    if approval is None or decision.status == DecisionStatus.ISSUED:
        return {"approval": approval, "holds": approval is not None}
    return {"approval": approval, "holds": valid_approval(decision, awards_of(decision)) is not None}


# --- issuing -----------------------------------------------------------------------------


def record_issue(locked, *, template_name, context, type_symbol, issuer, by):
    """Number and store the document of a locked draft, mark it issued and copy its issuer and signer as printed."""
    document = issue_document(
        template_name=template_name,
        context=context,
        type_symbol=type_symbol,
        issued_on=locked.decided_on,
        subject=locked.title,
        by=by,
        issuer=issuer,
        signer=locked.signer,
        related=locked,
    )
    locked.document = document
    locked.status = DecisionStatus.ISSUED
    locked.save(update_fields=["document", "status", "signer"])
    snapshot_decision(
        locked,
        issuer=issuer,
        signer=locked.signer,
        authority=context["authority"],
        movement=context["movement"],
        merit=context.get("merit", ""),
    )
    return document


def _issue(decision, *, by, kind):
    locked = Decision.objects.select_for_update(of=("self",)).select_related("campaign", "signer").get(pk=decision.pk)
    if locked.kind != kind:
        raise TransitionError(_("This is not a document of that kind."))
    if locked.status == DecisionStatus.ISSUED:
        return locked  # issued once; asking again changes nothing
    awards = awards_of(locked)
    if not awards:
        raise TransitionError(_("The draft lists nobody."))
    nominations = {
        # Ordered by pk: the default order joins the (nullable) campaign, and PostgreSQL refuses FOR
        # UPDATE on the nullable side of an outer join.
        n.pk: n
        for n in Nomination.objects.select_for_update().filter(pk__in=[a.nomination_id for a in awards]).order_by("pk")
    }
    for award in awards:
        if nominations[award.nomination_id].status != NominationStatus.APPROVED:
            raise TransitionError(
                _("“%(nominee)s” is no longer approved: discard the draft and prepare it again.")
                % {"nominee": award.nomination.nominee_name}
            )
    try:
        issuer = issuer_on(locked.decided_on)
    except NoIssuingBody as error:
        raise TransitionError(
            _("No issuing body applies on %(date)s.") % {"date": locked.decided_on.strftime("%d/%m/%Y")}
        ) from error
    check_date(locked.campaign, [a.nomination for a in awards], locked.decided_on)
    if kind == Decision.Kind.DECISION:
        # The amounts are those in force on the decision's date, fixed now for good.
        _fix_amounts(locked, awards)
    # What the leadership approved is what is issued: any change since voids the approval.
    if valid_approval(locked, awards) is None:
        raise TransitionError(approval_missing_message(locked))
    if locked.signer is None or locked.signer.issuing_body_id != issuer.pk:
        locked.signer = default_signer(issuer)
    # What the document prints of each awardee is copied into its line, in this transaction.
    now = timezone.now()
    for award in awards:
        snapshot_award(award, at=now)
    document = record_issue(
        locked,
        template_name=template_for(locked),
        context=decision_context(locked),
        type_symbol=PROPOSAL_SYMBOL if kind == Decision.Kind.PROPOSAL else DECISION_SYMBOL,
        issuer=issuer,
        by=by,
    )
    if kind == Decision.Kind.DECISION:
        # Each awardee's history gets the award now, in this transaction (awards.history).
        record_issued(locked, awards, by=by)
        # Each certificate takes its number in the certificate register now; a worker renders the pages once.
        number_certificates(locked, awards)
        enqueue("awards.tasks.render_decision_certificates", locked.pk)
    new_status = NominationStatus.PROPOSED if kind == Decision.Kind.PROPOSAL else NominationStatus.DECIDED
    for nomination in nominations.values():
        nomination.status = new_status
        nomination.version += 1
        nomination._history_user = by
        nomination.save(update_fields=["status", "version", "updated_at"])
        NominationEvent.objects.create(
            nomination=nomination,
            old_status=NominationStatus.APPROVED,
            status=new_status,
            note=f"{document.kind_name} số {document.reference} ngày {document.issued_on:%d/%m/%Y}",
            by=by,
        )
    return locked


@transaction.atomic
def issue_decision(decision, *, by):
    """Number the decision (QĐ), fix its amounts, store its PDF; its nominations become DECIDED."""
    return _issue(decision, by=by, kind=Decision.Kind.DECISION)


@transaction.atomic
def issue_proposal(decision, *, by):
    """Number the proposal (TTr) and store its PDF; its nominations become PROPOSED."""
    return _issue(decision, by=by, kind=Decision.Kind.PROPOSAL)


def issue(decision, *, by):
    """Issue a draft of either kind."""
    if decision.kind == Decision.Kind.PROPOSAL:
        return issue_proposal(decision, by=by)
    return issue_decision(decision, by=by)


def approved_for(campaign, kind, addressee=None, occasion=None):
    """The approved nominations of a campaign (None: of `occasion`, outside any campaign) not yet on
    any decision or proposal, that a draft of `kind` may list."""
    scope = {"campaign": campaign} if campaign is not None else {"campaign__isnull": True, "occasion": occasion}
    qs = (
        Nomination.objects.filter(**scope, status=NominationStatus.APPROVED, award__isnull=True)
        .select_related("award_type", "organization", "person", "household", "initiative")
        .order_by("award_type__order", "award_type__name", "pk")
    )
    if kind == Decision.Kind.PROPOSAL:
        return (
            qs.filter(award_type__issuer=addressee)
            if addressee
            else qs.exclude(award_type__issuer=AwardIssuer.ALLIANCE)
        )
    return qs.filter(award_type__issuer=AwardIssuer.ALLIANCE)
