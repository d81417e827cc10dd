"""Pages of decisions and proposals, their certificates, and the commendation history. Each view names its roles.

Objects are fetched through awards.queries (another unit's decision answers 404); a decision
a user may see but not act on answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import TransitionError
from core.listing import paginate, querystring_without_page, xlsx_response
from core.permissions import permission, require
from core.spreadsheets import Column, build_workbook, safe_cell
from documents.identity import NoIssuingBody, issuer_on
from documents.responses import issued_file_response, pdf_response
from documents.services import peek_next_number
from members.permissions import reads_registry

from .. import certificates
from ..amendments import (
    AMENDMENT_KINDS,
    amendments_of,
    for_display,
    is_amendment,
    issue_amendment,
    prepare_correction,
    prepare_revocation,
    render_amendment_draft,
    revoked_award_ids,
    revoked_lines,
)
from ..certificates import certificate_awards, start_certificate_job, stored_certificates_pdf
from ..decisions import (
    DECISION_SYMBOL,
    PROPOSAL_SYMBOL,
    approval_state,
    approve_draft,
    awards_of,
    discard_draft,
    issue,
    parameters_used,
    prepare_decision,
    prepare_proposal,
    render_draft,
)
from ..forms_decisions import AmendmentForm, CampaignChoiceForm, DecisionFilter, HistoryFilter, PrepareForm
from ..models import AwardIssuer, Certificate, CertificateJob, CertificateJobStatus, Decision, DecisionStatus, Occasion
from ..queries import awards_for_user, decisions_for_user
from ..snapshots import printed_signer


def _decision(request, pk, perm):
    decision = get_object_or_404(decisions_for_user(request.user), pk=pk)
    require(request.user, perm, decision)
    return decision


@permission("awards.view_decisions")  # office, leadership, council
def decision_list(request):
    qs = decisions_for_user(request.user).annotate(total=Sum("awards__amount")).order_by("-decided_on", "-pk")
    filterset = DecisionFilter(request.GET or None, queryset=qs, request=request)
    context = {
        "filter": filterset,
        "page": paginate(request, filterset.qs),
        "querystring": querystring_without_page(request),
    }
    return render(request, "awards/decision/list.html", context)


@permission("awards.manage_decisions")  # office
def decision_prepare(request, kind):
    """Step one (GET) chooses the campaign; step two lists its approved nominations to put on a draft."""
    if kind not in (Decision.Kind.DECISION, Decision.Kind.PROPOSAL):
        raise Http404
    chooser = CampaignChoiceForm(request.GET or None, kind=kind)
    context = {"kind": kind, "chooser": chooser, "is_proposal": kind == Decision.Kind.PROPOSAL}
    if not chooser.is_valid():
        return render(request, "awards/decision/prepare.html", context)
    campaign = chooser.cleaned_data["campaign"]
    occasion = chooser.cleaned_data["occasion"]
    addressee = chooser.cleaned_data.get("addressee") or None
    if kind == Decision.Kind.PROPOSAL and not addressee:
        chooser.add_error("addressee", _("Choose the body the proposal goes to."))
        return render(request, "awards/decision/prepare.html", context)
    form = PrepareForm(
        request.POST or None,
        campaign=campaign,
        kind=kind,
        addressee=addressee,
        occasion=occasion,
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "by": request.user,
            "decided_on": data["decided_on"],
            "signer": data["signer"],
            "title": data["title"] or None,
        }
        try:
            if kind == Decision.Kind.PROPOSAL:
                decision = prepare_proposal(campaign, data["nominations"], addressee=addressee, **common)
            else:
                decision = prepare_decision(campaign, data["nominations"], request=form.request_values(), **common)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The draft was prepared: look at it before issuing it."))
            return redirect(decision)
    context.update(
        {
            "campaign": campaign,
            "occasion_label": Occasion(occasion).label,
            "addressee": addressee,
            "addressee_label": AwardIssuer(addressee).label if addressee else "",
            "form": form,
        }
    )
    return render(request, "awards/decision/prepare.html", context)


@login_required  # office, leadership, council read; a unit has no draft to see (404) and reads issued ones in its history
def decision_detail(request, pk):
    decision = _decision(request, pk, "awards.view_decisions")
    awards = for_display(awards_of(decision))
    numbers = dict(Certificate.objects.filter(award__in=awards).values_list("award_id", "number"))
    for award in awards:
        if award.pk in numbers:
            award.certificate_ref = f"{numbers[award.pk]:02d}/{decision.decided_on.year}"
    context = {
        "decision": decision,
        "awards": awards,
        "total": sum(int(a.amount) for a in awards),
        "is_proposal": decision.kind == Decision.Kind.PROPOSAL,
        "parameters": parameters_used(decision) if decision.status == DecisionStatus.DRAFT else [],
        **_approval(decision),
        "is_amendment": is_amendment(decision),
        "signer_as_printed": printed_signer(decision),
        "amendments": amendments_of(decision, issued_only=False) if reads_registry(request.user) else [],
        "revoked_lines": revoked_lines(decision) if decision.kind == Decision.Kind.REVOCATION else [],
        "can_amend": (
            decision.kind == Decision.Kind.DECISION
            and decision.status == DecisionStatus.ISSUED
            and request.user.has_perm("awards.manage_decisions")
        ),
    }
    return render(request, "awards/decision/detail.html", context)


def _approval(decision):
    """The leader's approval of a draft (a decision, a proposal, a correction or a revocation)."""
    return approval_state(decision)


def _lines_count(decision):
    """How many lines the draft lists: its awardees, or the awards a revocation takes back."""
    return decision.revoked_awards.count() if is_amendment(decision) else decision.awards.count()


@login_required  # leadership; GET asks, POST approves the draft as it stands
def decision_approve(request, pk):
    decision = _decision(request, pk, "awards.approve_decision")
    if request.method == "POST":
        try:
            approve_draft(decision, by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Approved: the draft can be issued as it stands now."))
        return redirect(decision)
    context = {
        "decision": decision,
        "awards_count": _lines_count(decision),
        "parameters": parameters_used(decision) if decision.status == DecisionStatus.DRAFT else [],
        **approval_state(decision),
    }
    return render(request, "awards/decision/approve.html", context)


@login_required  # office, leadership, council
def decision_preview(request, pk):
    """The draft as it would be issued, watermarked DỰ THẢO and without a number."""
    decision = _decision(request, pk, "awards.view_decisions")
    if decision.status == DecisionStatus.ISSUED:
        return redirect("awards:decision_download", pk=decision.pk)
    try:
        data = render_amendment_draft(decision) if is_amendment(decision) else render_draft(decision)
    except NoIssuingBody:
        messages.error(request, _("No issuing body applies on the document's date: add one under Issuing bodies."))
        return redirect(decision)
    return pdf_response(data, f"du-thao-{decision.pk}.pdf")


@login_required  # office and leadership; GET asks, POST issues
def decision_issue(request, pk):
    decision = _decision(request, pk, "awards.issue_decision")
    if request.method == "POST":
        try:
            decision = (issue_amendment if is_amendment(decision) else issue)(decision, by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(reference)s issued.") % {"reference": decision.document.reference})
        return redirect(decision)
    context = {"decision": decision, "awards_count": _lines_count(decision), **_approval(decision)}
    if decision.status == DecisionStatus.DRAFT:
        try:
            issuer = issuer_on(decision.decided_on)
        except NoIssuingBody:
            issuer = None
        if issuer is not None:
            symbol = PROPOSAL_SYMBOL if decision.kind == Decision.Kind.PROPOSAL else DECISION_SYMBOL
            context["next_reference"] = (
                f"{peek_next_number(decision.decided_on.year, symbol, issuer.symbol):02d}/{symbol}-{issuer.symbol}"
            )
            context["issuer"] = issuer
    return render(request, "awards/decision/issue.html", context)


@login_required  # office prepares (as it prepares decisions); the leadership issues it from the draft's page
def amendment_prepare(request, pk, kind):
    """A draft correcting (đính chính) or revoking (hủy bỏ, thu hồi) decision of an issued decision."""
    if kind not in AMENDMENT_KINDS:
        raise Http404
    original = _decision(request, pk, "awards.manage_decisions")
    if original.kind != Decision.Kind.DECISION or original.status != DecisionStatus.ISSUED:
        raise Http404
    revoked = revoked_award_ids(original)
    awards = [a for a in for_display(awards_of(original)) if a.pk not in revoked]
    form = AmendmentForm(request.POST or None, kind=kind, awards=awards, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "by": request.user,
            "decided_on": data["decided_on"],
            "signer": data["signer"],
            "title": data["title"] or None,
            "reason": data["reason"],
        }
        try:
            if kind == Decision.Kind.CORRECTION:
                draft = prepare_correction(original, correction=data["correction"], **common)
            else:
                draft = prepare_revocation(original, form.lines(), **common)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The draft was prepared: look at it before issuing it."))
            return redirect(draft)
    context = {"original": original, "form": form, "kind": kind, "is_revocation": kind == Decision.Kind.REVOCATION}
    return render(request, "awards/decision/amend.html", context)


@login_required  # office; GET asks, POST discards a draft
def decision_discard(request, pk):
    decision = _decision(request, pk, "awards.manage_decisions")
    if request.method == "POST":
        try:
            discard_draft(decision, by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(decision)
        messages.success(request, _("The draft was discarded; its nominations can be listed again."))
        return redirect("awards:decision_list")
    return render(request, "awards/decision/discard.html", {"decision": decision})


@login_required  # office, leadership, council; a unit the decision awards
def decision_download(request, pk):
    """The issued document, byte for byte as stored in the register."""
    decision = _decision(request, pk, "awards.download_decision")
    if decision.status != DecisionStatus.ISSUED or decision.document is None:
        raise Http404
    return issued_file_response(decision.document)


@login_required  # office and leadership: every certificate; a unit: its own awardees' certificates only
def decision_certificates(request, pk):
    decision = _decision(request, pk, "awards.download_certificates")
    if decision.kind != Decision.Kind.DECISION or decision.status != DecisionStatus.ISSUED:
        raise Http404
    # Staff print every certificate; a unit its own awardees'.
    organization = None if request.user.has_perm("awards.issue_decision") else request.user.organization
    awards = certificate_awards(decision, organization)
    if len(awards) > certificates.SYNC_LIMIT:
        # Too many to render within a request: a worker renders them, a page shows the progress.
        if request.method == "POST":
            try:
                job = start_certificate_job(decision, by=request.user, organization=organization)
            except TransitionError as error:
                messages.error(request, str(error))
                return redirect("awards:history")
            return redirect(job)
        recent = CertificateJob.objects.filter(decision=decision, requested_by=request.user)[:5]
        return render(
            request,
            "awards/decision/certificates.html",
            {"decision": decision, "count": len(awards), "recent": recent, "amendments": amendments_of(decision)},
        )
    try:
        data = stored_certificates_pdf(decision, awards)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("awards:history")
    return pdf_response(data, f"giay-khen-{decision.document.download_name}", inline=False)


def _certificate_job(request, pk):
    # A batch is seen only by the user who asked for it; anyone else gets 404.
    return get_object_or_404(
        CertificateJob.objects.select_related("decision__document").filter(requested_by=request.user), pk=pk
    )


@login_required  # whoever asked for the batch
def certificate_job(request, pk):
    job = _certificate_job(request, pk)
    return render(request, "awards/decision/certificate_job.html", {"job": job, "decision": job.decision})


@login_required  # whoever asked for the batch
def certificate_job_progress(request, pk):
    job = _certificate_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "percent": job.progress_percent,
            "finished": job.is_finished,
        }
    )


@login_required  # whoever asked for the batch
def certificate_job_download(request, pk):
    job = _certificate_job(request, pk)
    if job.status != CertificateJobStatus.DONE or not job.file:
        raise Http404
    with job.file.open("rb") as handle:
        data = handle.read()
    return pdf_response(data, f"giay-khen-{job.decision.document.download_name}", inline=False)


# --- commendation history --------------------------------------------------------------


@permission("awards.view_history")  # office, leadership, council; a unit sees its own awards
def history(request):
    qs = (
        awards_for_user(request.user)
        .filter(decision__status=DecisionStatus.ISSUED)
        .select_related("decision__campaign", "nomination")
        .order_by("-decision__decided_on", "decision_id", "order", "pk")
    )
    filterset = HistoryFilter(request.GET or None, queryset=qs, request=request)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_history_workbook(filterset.qs), _("commendation history"))
    page = paginate(request, filterset.qs)
    page.object_list = for_display(page.object_list)
    context = {
        "filter": filterset,
        "page": page,
        "querystring": querystring_without_page(request),
        "is_staff_reader": reads_registry(request.user),
    }
    return render(request, "awards/history/list.html", context)


HISTORY_COLUMNS = [
    Column("name", gettext_lazy("Awardee"), width=36),
    Column("kind", gettext_lazy("Nominee"), width=14),
    Column("organization", gettext_lazy("Unit"), width=36),
    Column("award", gettext_lazy("Award"), width=36),
    Column("document", gettext_lazy("Kind"), width=20),
    Column("reference", gettext_lazy("Number"), width=18),
    Column("date", gettext_lazy("Date"), width=12),
    Column("campaign", gettext_lazy("Campaign"), width=40),
    Column("amount", gettext_lazy("Amount (VND)"), width=14),
    Column("amended", gettext_lazy("Corrected or revoked"), width=30),
]


def _amended_cell(award):
    notes = []
    if award.revoked_by is not None:
        notes.append(_("revoked by %(reference)s") % {"reference": award.revoked_by.document.reference})
    notes.extend(
        _("corrected by %(reference)s") % {"reference": correction.document.reference}
        for correction in award.corrected_by
    )
    return "; ".join(notes)


def _history_workbook(awards):
    rows = (
        [
            safe_cell(a.printed.awardee_name),
            str(a.nomination.get_nominee_kind_display()),
            safe_cell(a.printed.unit_name),
            safe_cell(a.printed.award_name),
            str(a.decision.get_kind_display()),
            a.decision.document.reference if a.decision.document_id else "",
            a.decision.decided_on,
            safe_cell(a.decision.made_for),
            int(a.amount),
            _amended_cell(a),
        ]
        for a in for_display(awards.select_related("decision__document"))
    )
    return build_workbook(_("Commendation history"), HISTORY_COLUMNS, rows)
