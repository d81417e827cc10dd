"""The campaign plan as an official document: draft preview, issue from the register, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.errors import TransitionError
from core.permissions import require
from documents.identity import NoIssuingBody
from documents.responses import issued_file_response, pdf_response
from documents.services import peek_next_number

from ..plan import PLAN_SYMBOL, issue_plan, issued_plan, plan_context, render_plan_draft
from ..queries import campaigns_for_user


def _campaign(request, pk, perm):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    require(request.user, perm, campaign)
    return campaign


@login_required  # office and leadership
def plan_preview(request, pk):
    """The plan as it would be issued today, watermarked DỰ THẢO and without a number."""
    campaign = _campaign(request, pk, "campaign.preview_plan")
    try:
        data = render_plan_draft(campaign)
    except NoIssuingBody:
        messages.error(request, _("No issuing body applies on the plan's date: add one under Issuing bodies."))
        return redirect(campaign)
    return pdf_response(data, f"du-thao-ke-hoach-{campaign.pk}.pdf")


@login_required  # office
def plan_issue(request, pk):
    """GET shows what will be issued (number, date, signer, recipients); POST issues it."""
    campaign = _campaign(request, pk, "campaign.issue_plan")
    issued = issued_plan(campaign)
    if request.method == "POST":
        try:
            document = issue_plan(campaign, by=request.user)
        except (TransitionError, NoIssuingBody) as error:
            messages.error(request, str(error) or _("No issuing body applies on the plan's date."))
        else:
            messages.success(request, _("Plan %(reference)s issued.") % {"reference": document.reference})
        return redirect(campaign)
    context = {"campaign": campaign, "issued": issued}
    if issued is None and campaign.plan_date:
        try:
            document = plan_context(campaign)
        except NoIssuingBody:
            document = None
        if document:
            context["document"] = document
            context["next_number"] = peek_next_number(campaign.plan_date.year, PLAN_SYMBOL, document["issuer"].symbol)
    return render(request, "campaign/plan/issue.html", context)


@login_required  # whoever may see the campaign
def plan_download(request, pk):
    """The issued plan, byte for byte as stored in the register."""
    campaign = _campaign(request, pk, "campaign.view_campaign")
    document = issued_plan(campaign)
    if document is None:
        raise Http404
    return issued_file_response(document)
