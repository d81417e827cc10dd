"""Pages of the Council's sessions, votes and minutes, and of the leadership's shortlist.

Each view names its permission and the roles it serves at the top; sessions are fetched through
sessions_for_user, nominations through nominations_for_user, campaigns through campaigns_for_user.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from campaign.forms_submissions import ReasonForm
from campaign.queries import campaigns_for_user
from core.collation import Vietnamese
from core.errors import TransitionError
from core.limits import query_int
from core.listing import paginate, querystring_without_page, xlsx_response
from core.permissions import permission
from core.spreadsheets import Column, build_workbook
from documents.identity import NoIssuingBody
from documents.responses import issued_file_response, pdf_response

from .. import council
from ..forms_council import AgendaForm, CloseForm, LeaderDecisionForm, SessionForm, VoteForm
from ..models import AwardType, NominationStatus, Recusal, SessionStatus
from ..notices import notices_for_session
from ..parameters import NoParameterValue
from ..queries import nominations_for_user, sessions_for_user


def _session(request, pk):
    return get_object_or_404(sessions_for_user(request.user), pk=pk)


def _open_session(request, pk):
    session = _session(request, pk)
    if session.status != SessionStatus.OPEN:
        messages.error(request, _("The session is closed: nothing can change in it any more."))
        return session, redirect(session)
    return session, None


# --- sessions ---------------------------------------------------------------------------------


@permission("awards.view_sessions")  # office, leadership, council
def session_list(request):
    sessions = (
        sessions_for_user(request.user)
        .annotate(agenda_count=Count("nominations", distinct=True), present_count=Count("present", distinct=True))
        .order_by("-held_on", "-pk")
    )
    campaigns = (
        campaigns_for_user(request.user).filter(council_sessions__isnull=False).distinct().order_by(Vietnamese("name"))
    )
    campaign_id = query_int(request, "campaign")
    status = request.GET.get("status", "")
    if campaign_id:
        sessions = sessions.filter(campaign_id=campaign_id)
    if status in SessionStatus.values:
        sessions = sessions.filter(status=status)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_export_sessions(sessions), _("council sessions"))
    mine = set()
    if request.user.role == "council":
        mine = set(sessions.filter(Q(present=request.user), status=SessionStatus.OPEN).values_list("pk", flat=True))
    return render(
        request,
        "awards/session/list.html",
        {
            "page": paginate(request, sessions),
            "campaigns": campaigns,
            "statuses": SessionStatus.choices,
            "campaign_id": str(campaign_id or ""),
            "status": status,
            "querystring": querystring_without_page(request),
            "mine": mine,
        },
    )


SESSION_COLUMNS = [
    Column("campaign", _lazy("Campaign"), width=50),
    Column("held_on", _lazy("Held on"), width=14),
    Column("place", _lazy("Place"), width=30),
    Column("chair", _lazy("Chaired by"), width=25),
    Column("present", _lazy("Members present"), width=12),
    Column("members_total", _lazy("Members of the Council"), width=12),
    Column("nominations", _lazy("Nominations"), width=12),
    Column("status", _lazy("Status"), width=16),
]


def _export_sessions(sessions):
    lines = (
        [
            s.campaign.name if s.campaign else _("Outside a campaign"),
            s.held_on,
            s.place,
            s.chair.display_name if s.chair else "",
            s.present_count,
            s.members_total,
            s.agenda_count,
            s.get_status_display(),
        ]
        for s in sessions
    )
    return build_workbook(_("Council sessions"), SESSION_COLUMNS, lines)


@permission("awards.manage_sessions")  # office
def session_create(request):
    form = SessionForm(request.POST or None, initial={"campaign": request.GET.get("campaign")})
    if request.method == "POST" and form.is_valid():
        try:
            session = council.create_session(
                campaign=form.cleaned_data["campaign"], by=request.user, **form.service_arguments()
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The session was created: now put nominations on its agenda."))
            return redirect("awards:session_agenda", pk=session.pk)
    return render(request, "awards/session/form.html", {"form": form})


@permission("awards.manage_sessions")  # office; open sessions only
def session_edit(request, pk):
    session, closed = _open_session(request, pk)
    if closed:
        return closed
    form = SessionForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            council.update_session(session, by=request.user, **form.service_arguments())
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The session was saved."))
            return redirect(session)
    return render(request, "awards/session/form.html", {"form": form, "session": session})


@permission("awards.view_sessions")  # office, leadership, council
def session_detail(request, pk):
    session = _session(request, pk)
    nominations = council.agenda(session)
    context = {
        "session": session,
        "present": list(session.present.order_by("last_name", "first_name", "username")),
        "nominations": nominations,
        "minutes": council.issued_minutes(session),
        "can_manage": request.user.has_perm("awards.manage_sessions"),
        "is_present": session.present.filter(pk=request.user.pk).exists(),
        "signers_missing": council.signers_missing(session),
        "voting_started": council.voting_started(session),
        "history": council.session_history(session),
        "notices": notices_for_session(session),
    }
    # Nobody sees the tally while the session is open: the office sees how many ballots are in,
    # a member their own votes; the tally is shown once the session is closed.
    if session.status == SessionStatus.CLOSED:
        try:
            context["tally"] = council.session_tally(session)
        except NoParameterValue as error:
            context["parameter_error"] = str(error)
    else:
        context["ballots"] = council.ballots(session)
    my_votes = council.votes_of(session, request.user) if context["is_present"] else {}
    counts = context["ballots"].by_nomination if "ballots" in context else {}
    context["agenda_rows"] = [
        (nomination, my_votes.get(nomination.pk), counts.get(nomination.pk, 0)) for nomination in nominations
    ]
    return render(request, "awards/session/detail.html", context)


@permission("awards.manage_sessions")  # office, before any vote; GET asks for the reason, POST withdraws
def session_withdraw(request, pk):
    session, closed = _open_session(request, pk)
    if closed:
        return closed
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council.withdraw_session(session, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The session was withdrawn; its nominations are back among the eligible."))
        return redirect(session)
    return render(request, "awards/session/withdraw.html", {"session": session, "form": form})


@permission("awards.manage_sessions")  # office; GET asks for the reason, POST reopens a withdrawn session
def session_reinstate(request, pk):
    session = _session(request, pk)
    if session.status != SessionStatus.WITHDRAWN:
        messages.error(request, _("Only a withdrawn session can be reinstated."))
        return redirect(session)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council.reinstate_session(session, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The session is open again; put its nominations on the agenda."))
        return redirect(session)
    return render(request, "awards/session/reinstate.html", {"session": session, "form": form})


@permission("awards.manage_sessions")  # office; GET lists the eligible nominations, POST adds them
def session_agenda(request, pk):
    session, closed = _open_session(request, pk)
    if closed:
        return closed
    eligible = council.eligible_nominations(session.campaign)
    form = AgendaForm(request.POST or None, nominations=eligible)
    if request.method == "POST" and form.is_valid():
        try:
            result = council.add_to_session(session, form.cleaned_data["nominations"], by=request.user)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            if result.added:
                messages.success(request, _("%(count)s nominations put on the agenda.") % {"count": len(result.added)})
            for nomination, reasons in result.left_out:
                messages.warning(
                    request,
                    _("Left out, no longer eligible: %(nominee)s (%(reasons)s)")
                    % {"nominee": nomination.nominee_name, "reasons": "; ".join(reasons)},
                )
            return redirect(session)
    return render(
        request,
        "awards/session/agenda.html",
        {"session": session, "form": form, "eligible_count": eligible.count()},
    )


@permission("awards.manage_sessions")  # office; GET shows the ballots in and asks, POST closes and issues the minutes
def session_close(request, pk):
    session, closed = _open_session(request, pk)
    if closed:
        return closed
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            council.close_session(session, by=request.user, confirm_missing=form.cleaned_data["confirm_missing"])
        except council.MissingVotes as error:
            form.add_error("confirm_missing", str(error))
        except (TransitionError, NoIssuingBody) as error:
            messages.error(request, str(error) or _("No issuing body applies on the session's date."))
            return redirect("awards:session_close", pk=session.pk)
        else:
            minutes = council.issued_minutes(session)
            messages.success(
                request,
                _("The session was closed and its minutes %(reference)s issued.") % {"reference": minutes.reference},
            )
            return redirect(session)
    context = {
        "session": session,
        "form": form,
        "ballots": council.ballots(session),
        "signers_missing": council.signers_missing(session),
    }
    try:
        context["quorum"] = council.session_tally(session).quorum
    except NoParameterValue as error:
        context["parameter_error"] = str(error)
    return render(request, "awards/session/close.html", context)


@permission("awards.manage_sessions")  # office: the draft before voting begins (it prints the results)
def minutes_preview(request, pk):
    session = _session(request, pk)
    if session.status == SessionStatus.CLOSED:
        return redirect("awards:minutes_download", pk=session.pk)
    if council.voting_started(session):
        messages.error(request, _("The draft minutes print the results: they can be read once the session is closed."))
        return redirect(session)
    try:
        data = council.render_minutes_draft(session)
    except NoIssuingBody:
        messages.error(request, _("No issuing body applies on the session's date: add one under Issuing bodies."))
        return redirect(session)
    except NoParameterValue as error:
        messages.error(request, str(error))
        return redirect(session)
    return pdf_response(data, f"du-thao-bien-ban-{session.pk}.pdf")


@permission("awards.view_sessions")  # office, leadership, council: the minutes as issued
def minutes_download(request, pk):
    session = _session(request, pk)
    document = council.issued_minutes(session)
    if document is None:
        raise Http404
    return issued_file_response(document)


# --- votes ------------------------------------------------------------------------------------


@permission("awards.vote")  # council members present at an open session
def session_vote(request, pk):
    session = _session(request, pk)
    nominations = council.agenda(session)
    is_present = session.present.filter(pk=request.user.pk).exists()
    if request.method == "POST":
        form = VoteForm(request.POST, agenda=session.nominations.all())
        if not form.is_valid():
            messages.error(
                request, _("Choose Agree, Disagree or Abstain, or recuse yourself, on a nomination of the agenda.")
            )
        else:
            nomination = form.cleaned_data["nomination"]
            try:
                vote = council.cast_vote(
                    session,
                    nomination,
                    voter=request.user,
                    choice=form.cleaned_data["choice"],
                    recusal=form.cleaned_data["recusal"],
                )
            except TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("Your vote “%(choice)s” on %(nominee)s was recorded.")
                    % {"choice": vote.get_choice_display(), "nominee": nomination.nominee_name},
                )
        return redirect(reverse("awards:session_vote", args=[session.pk]) + f"#n{request.POST.get('nomination', '')}")
    cards = council.vote_cards(session, request.user)
    return render(
        request,
        "awards/vote/agenda.html",
        {
            "session": session,
            "cards": cards,
            "agenda_count": len(nominations),
            "is_present": is_present,
            "can_vote": is_present and session.status == SessionStatus.OPEN and not council.signers_missing(session),
            "signers_missing": council.signers_missing(session),
            "voted_count": sum(1 for card in cards if card.choice),
            "recusals": Recusal.choices,
        },
    )


# --- the shortlist ----------------------------------------------------------------------------


def _campaign(request, pk):
    return get_object_or_404(campaigns_for_user(request.user), pk=pk)


@permission("awards.view_shortlist")  # leadership approves; office reads
def shortlist(request, pk):
    return _shortlist_page(request, _campaign(request, pk))


@permission("awards.view_shortlist")  # leadership approves; office reads
def occasion_shortlist(request):
    """The awards outside any campaign waiting for the leadership: passed by the Council, or eligible
    for a form the Council does not vote on."""
    return _shortlist_page(request, None)


def _shortlist_url(campaign, award_type=None):
    url = reverse("awards:shortlist", args=[campaign.pk]) if campaign else reverse("awards:occasion_shortlist")
    return url + (f"?type={award_type.pk}" if award_type is not None else "")


def _shortlist_page(request, campaign):
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_export_shortlist(campaign), _("shortlist"))
    # A country's shortlist runs to thousands: one award type per tab, one page of its ranked rows.
    result = council.shortlist(campaign)
    tab = result.tab(query_int(request, "type"))
    rows_page, rows = None, []
    if tab is not None:
        paginator = Paginator(council.ranked_nominations(campaign, tab.award_type), council.SHORTLIST_PAGE_SIZE)
        paginator.count = tab.rows  # known from the grouped counts: no COUNT(*) again
        rows_page = paginator.get_page(request.GET.get("page"))
        rows = council.shortlist_rows(rows_page.object_list)
    base = _shortlist_url(campaign)
    return render(
        request,
        "awards/shortlist/list.html",
        {
            "campaign": campaign,
            "approve_all_url": (
                reverse("awards:shortlist_approve_all", args=[campaign.pk])
                if campaign
                else reverse("awards:occasion_approve_all")
            )
            + (f"?type={tab.award_type.pk}" if tab else ""),
            "shortlist": result,
            "tab": tab,
            "rows": rows,
            "rows_page": rows_page,
            "first_rank": rows_page.start_index() if rows_page else 1,
            "base_url": base,
            "querystring": f"type={tab.award_type.pk}" if tab else "",
            "can_approve": request.user.has_perm("awards.approve"),
        },
    )


SHORTLIST_COLUMNS = [
    Column("award", _lazy("Award"), width=40),
    Column("rank", _lazy("Rank"), width=8),
    Column("nominee", _lazy("Nominee"), width=35),
    Column("kind", _lazy("Kind"), width=14),
    Column("direct_worker", _lazy("Direct worker"), width=12),
    Column("unit", _lazy("Unit"), width=40),
    Column("score", _lazy("Score"), width=10),
    Column("band", _lazy("Classification"), width=14),
    Column("agree", _lazy("Agree"), width=10),
    Column("disagree", _lazy("Disagree"), width=10),
    Column("members", _lazy("Members of the Council"), width=10),
    Column("status", _lazy("Status"), width=22),
    Column("comment", _lazy("Leadership's comment"), width=40),
]


def _export_shortlist(campaign):
    """Every award type's ranked rows, as the tabs show them one page at a time."""
    lines = []
    for tab in council.shortlist(campaign).tabs:
        rows = council.shortlist_rows(council.ranked_nominations(campaign, tab.award_type))
        for rank, row in enumerate(rows, start=1):
            nomination, counted = row.nomination, row.tally
            lines.append(
                [
                    tab.award_type.name,
                    rank,
                    nomination.nominee_name,
                    nomination.get_nominee_kind_display(),
                    _("yes") if nomination.person and nomination.person.is_direct_worker else "",
                    nomination.organization.name,
                    row.score,
                    row.band or "",
                    counted.agree if counted else "",
                    counted.disagree if counted else "",
                    counted.members if counted else "",
                    nomination.get_status_display(),
                    nomination.leader_comment,
                ]
            )
    return build_workbook(_("Shortlist"), SHORTLIST_COLUMNS, lines)


def _decision_page(request, pk, *, action):
    """GET asks (with the comment), POST approves or rejects: the leadership's one nomination."""
    nomination = get_object_or_404(nominations_for_user(request.user), pk=pk)
    back = _shortlist_url(nomination.campaign, nomination.award_type) + f"#n{nomination.pk}"
    rejecting = action == "reject"
    target = NominationStatus.REJECTED if rejecting else NominationStatus.APPROVED
    reversing = council.reverses(nomination.status, target)
    form = LeaderDecisionForm(request.POST or None, required=rejecting, reversing=reversing)
    if request.method == "POST" and form.is_valid():
        service = council.reject if rejecting else council.approve
        try:
            service(nomination, by=request.user, comment=form.cleaned_data["comment"])
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            done = _("%(nominee)s was rejected.") if rejecting else _("%(nominee)s was approved.")
            messages.success(request, done % {"nominee": nomination.nominee_name})
            return redirect(back)
    return render(
        request,
        "awards/shortlist/decide.html",
        {"nomination": nomination, "form": form, "rejecting": rejecting, "reversing": reversing, "back": back},
    )


@permission("awards.approve")  # leadership
def nomination_approve(request, pk):
    return _decision_page(request, pk, action="approve")


@permission("awards.approve")  # leadership
def nomination_reject(request, pk):
    return _decision_page(request, pk, action="reject")


@permission("awards.approve")  # leadership; GET asks, POST approves every nomination still waiting
def shortlist_approve_all(request, pk):
    return _approve_all_page(request, _campaign(request, pk))


@permission("awards.approve")  # leadership; GET asks, POST approves every award outside a campaign still waiting
def occasion_approve_all(request):
    return _approve_all_page(request, None)


APPROVE_ALL_LISTED = 50


def _approve_all_page(request, campaign):
    """One award type's waiting nominations (the tab's `type`), or all of them without a type:
    the whole tab, not only the page shown. The page names the first APPROVE_ALL_LISTED."""
    award_type = None
    type_id = query_int(request, "type")
    if type_id is not None:
        award_type = get_object_or_404(AwardType, pk=type_id)
    waiting = council.waiting_for_leadership(campaign, award_type)
    back = _shortlist_url(campaign, award_type)
    form = LeaderDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            approved = council.approve_all_passed(
                campaign, by=request.user, comment=form.cleaned_data["comment"], award_type=award_type
            )
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(count)s nominations approved.") % {"count": len(approved)})
        return redirect(back)
    listed = list(
        waiting.select_related("award_type", "organization", "person", "household", "initiative").order_by("pk")[
            :APPROVE_ALL_LISTED
        ]
    )
    return render(
        request,
        "awards/shortlist/approve_all.html",
        {
            "campaign": campaign,
            "award_type": award_type,
            "waiting": listed,
            "waiting_count": waiting.count(),
            "form": form,
            "back": back,
        },
    )
