"""Pages of an emulation block's meeting: the head opens and closes it, members present vote.

Roles, in one place: the head unit's account opens the meeting of a ranked year, and closes it;
each member present votes from its own account; staff, the Council and the block's members read
the meeting and its documents. Nobody else sees it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaign import blocks
from campaign.queries import block_year_for_user
from core.errors import TransitionError
from documents.identity import NoIssuingBody
from documents.responses import issued_file_response, pdf_response

from .. import block_meeting
from ..block_models import BlockCandidate, BlockMeeting, BlockVote, BlockVoteChoice
from ..forms_blocks import MeetingForm


def _year(request, pk):
    year = block_year_for_user(request.user, pk)
    if year is None:
        raise Http404
    return year


@login_required  # the head unit, once the year is ranked
def meeting_open(request, pk):
    year = _year(request, pk)
    if not blocks.is_head(request.user, year):
        raise PermissionDenied
    ranking = blocks.ranking(year) if year.stage == "settled" else []
    initial = {"present": [m.pk for m in year.members.all()], "held_on": timezone.localdate()}
    if ranking:
        initial["member_0"] = ranking[0][0].pk
    form = MeetingForm(request.POST or None, block_year=year, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            block_meeting.open_meeting(
                year,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                present=form.cleaned_data["present"],
                candidates=form.candidates(),
                by=request.user,
            )
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting is open: the members present may vote."))
            return redirect("awards:block_meeting", year.pk)
    return render(request, "awards/block/meeting_form.html", {"form": form, "year": year, "ranking": ranking})


@login_required  # staff, the Council and the block's members
def meeting_detail(request, pk):
    year = _year(request, pk)
    meeting = BlockMeeting.objects.filter(block_year=year).first()
    if meeting is None:
        raise Http404
    me = blocks.member_of(request.user, year)
    present = set(meeting.present.values_list("pk", flat=True))
    mine = {}
    if me:
        mine = dict(BlockVote.objects.filter(candidate__meeting=meeting, voter=me).values_list("candidate", "choice"))
    rows = [
        {
            "candidate": candidate,
            "result": result,
            "my_vote": mine.get(candidate.pk),
            "may_vote": bool(me) and me.pk in present and me.pk != candidate.member_id and not meeting.closed_at,
        }
        for candidate, result in block_meeting.results(meeting)
    ]
    context = {
        "year": year,
        "meeting": meeting,
        "rows": rows,
        "quorum": block_meeting.quorum_of(meeting),
        "present": meeting.present.select_related("organization").order_by("organization__name"),
        "is_head": blocks.is_head(request.user, year),
        "choices": BlockVoteChoice.choices,
        "me": me,
    }
    return render(request, "awards/block/meeting.html", context)


@require_POST
@login_required  # a member present, on a candidate other than itself
def meeting_vote(request, pk, candidate_pk):
    year = _year(request, pk)
    candidate = get_object_or_404(BlockCandidate, pk=candidate_pk, meeting__block_year=year)
    me = blocks.member_of(request.user, year)
    if me is None:
        raise PermissionDenied
    try:
        block_meeting.cast_vote(candidate, voter=me, choice=request.POST.get("choice", ""), by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your vote was recorded."))
    return redirect("awards:block_meeting", year.pk)


@require_POST
@login_required  # the head unit
def meeting_close(request, pk):
    year = _year(request, pk)
    if not blocks.is_head(request.user, year):
        raise PermissionDenied
    meeting = get_object_or_404(BlockMeeting, block_year=year)
    try:
        block_meeting.close_meeting(meeting, by=request.user)
    except (TransitionError, NoIssuingBody) as error:
        messages.error(request, str(error) or _("No issuing body applies on this date."))
    else:
        messages.success(request, _("The meeting is closed; its minutes are in the register."))
    return redirect("awards:block_meeting", year.pk)


@login_required  # staff, the Council and the block's members
def meeting_document(request, pk, which):
    year = _year(request, pk)
    meeting = get_object_or_404(BlockMeeting, block_year=year)
    document = {"minutes": meeting.minutes, "proposal": meeting.proposal}.get(which)
    if document is not None:
        return issued_file_response(document)
    if which == "minutes" and not meeting.closed_at:
        try:
            return pdf_response(block_meeting.draft_minutes(meeting), "bien-ban-du-thao.pdf")
        except NoIssuingBody as error:
            raise Http404 from error
    raise Http404
