"""Pages of proposals once issued (dossier, sending, the higher body's answers) and of public notices.

Roles: staff and the Council read proposals and notices (awards.view_proposals, view_notices);
the office completes the dossier, sends, records answers, publishes notices and handles
comments (awards.manage_proposals, manage_notices). The public reads open and past notices and
comments through a form, without login (honor:notice_*).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaign.queries import campaigns_for_user
from core.errors import TransitionError
from core.limits import sender_key
from core.listing import paginate, querystring_without_page
from core.permissions import permission, require

from .. import notices, proposals
from ..forms_proposals import AnswerForm, CommentForm, DossierFileForm, HandlingForm, NoticeForm, SendForm
from ..models import Decision, DecisionStatus, HigherAnswer, NoticeComment, ProposalFile, PublicNotice
from ..proposal_rules import STATE_LABELS
from ..queries import decisions_for_user


def _proposal(request, pk, perm="awards.view_proposals"):
    proposal = get_object_or_404(
        decisions_for_user(request.user).filter(kind=Decision.Kind.PROPOSAL, status=DecisionStatus.ISSUED), pk=pk
    )
    require(request.user, perm, proposal)
    return proposal


def _file_response(item, *, attachment=True):
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=attachment, filename=item.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@permission("awards.view_proposals")  # office, leadership, Council
def proposal_list(request):
    today = timezone.localdate()
    qs = (
        Decision.objects.filter(kind=Decision.Kind.PROPOSAL, status=DecisionStatus.ISSUED)
        .select_related("document", "campaign", "dispatch")
        .order_by("-decided_on", "-pk")
    )
    page = paginate(request, qs)
    for proposal in page.object_list:
        proposal.state = proposals.state_of(proposal, today)
        proposal.state_label = STATE_LABELS[proposal.state]
    context = {"page": page, "querystring": querystring_without_page(request), "outstanding": proposals.outstanding()}
    return render(request, "awards/proposal/list.html", context)


def _page(request, proposal, *, file_form=None, send_form=None, answer_form=None, status=200):
    today = timezone.localdate()
    checklist = proposals.dossier(proposal, today)
    dispatch = _dispatch_of(proposal)
    unanswered = proposals.unanswered_lines(proposal)
    can_manage = request.user.has_perm("awards.manage_proposals", proposal)
    if can_manage and dispatch is None:
        file_form = file_form or DossierFileForm(slots=proposals.uploadable_components(proposal, today))
        send_form = send_form or SendForm(proposal=proposal)
    if can_manage and dispatch is not None and unanswered:
        answer_form = answer_form or AnswerForm(
            lines=unanswered,
            sent_on=dispatch.sent_on,
            initial={"body": proposals.answering_body(proposal)},
        )
    lines = list(
        proposal.awards.select_related("nomination__award_type", "nomination__organization", "higher_answer__answer")
        .prefetch_related("record")
        .order_by("order", "pk")
    )
    state = proposals.state_of(proposal, today)
    context = {
        "proposal": proposal,
        "checklist": checklist,
        "dispatch": dispatch,
        "deadline_warning": proposals.deadline_warning(dispatch),
        "lines": lines,
        "answers": list(proposal.answers.all()),
        "state": state,
        "state_label": STATE_LABELS[state],
        "can_manage": can_manage,
        "file_form": file_form,
        "send_form": send_form,
        "answer_form": answer_form,
    }
    return render(request, "awards/proposal/detail.html", context, status=status)


def _dispatch_of(proposal):
    return proposals.dispatch_of(proposal)


@permission("awards.view_proposals")  # office, leadership, Council; the office acts on the page
def proposal_detail(request, pk):
    proposal = _proposal(request, pk)
    return _page(request, proposal)


@require_POST
@permission("awards.manage_proposals")  # office
def proposal_file_add(request, pk):
    proposal = _proposal(request, pk, "awards.manage_proposals")
    form = DossierFileForm(request.POST, request.FILES, slots=proposals.uploadable_components(proposal))
    if form.is_valid():
        component, line = form.chosen()
        try:
            proposals.add_dossier_file(
                proposal, form.cleaned_data["file"], component=component, line=line, by=request.user
            )
        except (TransitionError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The file was added to the dossier."))
            return redirect("awards:proposal_detail", pk=proposal.pk)
    return _page(request, proposal, file_form=form, status=400)


@require_POST
@permission("awards.manage_proposals")  # office
def proposal_file_delete(request, pk):
    item = get_object_or_404(ProposalFile, pk=pk)
    proposal = _proposal(request, item.proposal_id, "awards.manage_proposals")
    try:
        proposals.remove_dossier_file(item, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The file was removed from the dossier."))
    return redirect("awards:proposal_detail", pk=proposal.pk)


@permission("awards.view_proposals")  # office, leadership, Council
def proposal_file_download(request, pk):
    item = get_object_or_404(ProposalFile, pk=pk)
    _proposal(request, item.proposal_id)
    return _file_response(item)


@require_POST
@permission("awards.manage_proposals")  # office
def proposal_send(request, pk):
    proposal = _proposal(request, pk, "awards.manage_proposals")
    form = SendForm(request.POST, proposal=proposal)
    if form.is_valid():
        try:
            dispatch = proposals.send_proposal(
                proposal, sent_on=form.cleaned_data["sent_on"], how=form.cleaned_data["how"], by=request.user
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Sent on %(sent)s: the answer is due by %(deadline)s.")
                % {"sent": dispatch.sent_on.strftime("%d/%m/%Y"), "deadline": dispatch.deadline.strftime("%d/%m/%Y")},
            )
            return redirect("awards:proposal_detail", pk=proposal.pk)
    return _page(request, proposal, send_form=form, status=400)


@require_POST
@permission("awards.manage_proposals")  # office
def proposal_answer(request, pk):
    proposal = _proposal(request, pk, "awards.manage_proposals")
    dispatch = _dispatch_of(proposal)
    if dispatch is None:
        messages.error(request, _("Record the sending of the proposal first."))
        return redirect("awards:proposal_detail", pk=proposal.pk)
    form = AnswerForm(request.POST, request.FILES, lines=proposals.unanswered_lines(proposal), sent_on=dispatch.sent_on)
    if form.is_valid():
        granted, refused = form.outcomes()
        data = form.cleaned_data
        try:
            proposals.record_answer(
                proposal,
                reference=data["reference"],
                decided_on=data["decided_on"],
                body=data["body"],
                uploaded_file=data["file"],
                granted=granted,
                refused=refused,
                note=data["note"],
                by=request.user,
            )
        except (TransitionError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The answer was recorded."))
            return redirect("awards:proposal_detail", pk=proposal.pk)
    return _page(request, proposal, answer_form=form, status=400)


@permission("awards.view_proposals")  # office, leadership, Council
def answer_download(request, pk):
    item = get_object_or_404(HigherAnswer, pk=pk)
    _proposal(request, item.proposal_id)
    return _file_response(item)


# --- public notices: the office's pages -----------------------------------------------------------


@permission("awards.view_notices")  # office, leadership, Council
def notice_list(request):
    qs = PublicNotice.objects.select_related("campaign").order_by("-starts_on", "-pk")
    today = timezone.localdate()
    page = paginate(request, qs)
    for notice in page.object_list:
        notice.is_open = notices.is_open(notice, today)
    campaigns = campaigns_for_user(request.user).exclude(status="draft").order_by("-starts_on", "-pk")
    context = {"page": page, "querystring": querystring_without_page(request), "campaigns": campaigns}
    return render(request, "awards/notice/list.html", context)


@permission("awards.manage_notices")  # office
def notice_create(request, pk):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    form = NoticeForm(request.POST or None, queryset=notices.publishable(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            notice = notices.publish_notice(
                campaign,
                form.cleaned_data["nominations"],
                starts_on=form.cleaned_data["starts_on"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Published from %(start)s until %(end)s.")
                % {"start": notice.starts_on.strftime("%d/%m/%Y"), "end": notice.ends_on.strftime("%d/%m/%Y")},
            )
            return redirect("awards:notice_detail", pk=notice.pk)
    return render(request, "awards/notice/form.html", {"form": form, "campaign": campaign})


@permission("awards.view_notices")  # office, leadership, Council; only the office sees contacts
def notice_detail(request, pk):
    notice = get_object_or_404(PublicNotice.objects.select_related("campaign"), pk=pk)
    comments = list(notice.comments.select_related("entry", "handled_by"))
    context = {
        "notice": notice,
        "is_open": notices.is_open(notice),
        "entries": list(notice.entries.all()),
        "comments": comments,
        "can_manage": request.user.has_perm("awards.manage_notices"),
        "handling_form": HandlingForm(),
    }
    return render(request, "awards/notice/detail.html", context)


@require_POST
@permission("awards.manage_notices")  # office
def comment_handle(request, pk):
    comment = get_object_or_404(NoticeComment, pk=pk)
    form = HandlingForm(request.POST)
    if form.is_valid():
        notices.handle_comment(comment, handling=form.cleaned_data["handling"], by=request.user)
        messages.success(request, _("The handling was recorded."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("awards:notice_detail", pk=comment.notice_id)


# --- public notices: the public site (no login) ---------------------------------------------------


def public_notice_list(request):  # anyone, no login
    today = timezone.localdate()
    items = list(notices.public_notices(today)[:50])
    for notice in items:
        notice.is_open = notices.is_open(notice, today)
    return render(request, "awards/honor/notice_list.html", {"notices": items})


def public_notice(request, pk):  # anyone, no login; what the notice published, never a contact
    notice = get_object_or_404(notices.public_notices(), pk=pk)
    is_open = notices.is_open(notice)
    form = CommentForm(request.POST or None, notice=notice) if is_open else None
    status = 200
    if request.method == "POST":
        if not is_open:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                notices.receive_comment(
                    notice,
                    entry=data["entry"],
                    text=data["text"],
                    commenter=data["commenter"],
                    contact=data["contact"],
                    sender=sender_key(request),
                )
            except notices.TooManyComments as error:
                form.add_error(None, str(error))
                status = 429
            except TransitionError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                messages.success(request, _("Thank you: your comment was received and the office will look into it."))
                return redirect("honor:notice", pk=notice.pk)
        else:
            status = 400
    context = {"notice": notice, "is_open": is_open, "entries": list(notice.entries.all()), "form": form}
    return render(request, "awards/honor/notice.html", context, status=status)
