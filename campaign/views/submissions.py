"""Pages of submissions: a unit's periods and its report form; the office's queue and review; evidence downloads.

Objects come through the scoped querysets of campaign.queries: another unit's submission
or file answers 404; one a user may read but not act on answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core import uploads
from core.errors import ConflictError, TransitionError
from core.limits import posted_ids
from core.listing import paginate, querystring_without_page, xlsx_response
from core.permissions import require
from core.spreadsheets import Column, build_workbook
from core.uploads import max_size as evidence_max_size
from members.permissions import is_unit

from .. import dashboard, queue, submissions
from ..areas import place_units
from ..forms_submissions import ReasonForm, SubmissionFilter, SubmissionForm, VerifyForm, product_sales_formset
from ..models import Registration, ReportingPeriod, SubmissionStatus
from ..queries import campaigns_for_user, evidence_for_user, submissions_for_user


def _submission(request, pk, perm):
    submission = get_object_or_404(submissions_for_user(request.user), pk=pk)
    require(request.user, perm, submission)
    return submission


def _values(submission):
    targets = submissions.targets_for(submission)
    rows = list(
        submission.values.select_related("criterion__group")
        .prefetch_related("evidence")
        .order_by("criterion__group__order", "criterion__order", "criterion__pk")
    )
    for row in rows:
        row.target = targets.get(row.criterion_id)
    return rows


# --- the unit's side ------------------------------------------------------------------------


@login_required  # a unit representative, for its own organization
def my_submissions(request, pk):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    if not is_unit(request.user):
        raise PermissionDenied
    org = request.user.organization
    registered = Registration.objects.filter(campaign=campaign, organization=org).exists()
    by_period = {s.period_id: s for s in submissions_for_user(request.user).filter(period__campaign=campaign)}
    periods = [(period, by_period.get(period.pk)) for period in campaign.periods.all()]
    context = {
        "campaign": campaign,
        "periods": periods,
        "registered": registered,
        "org": org,
        "today": timezone.localdate(),
    }
    return render(request, "campaign/submission/mine.html", context)


@require_POST
@login_required  # a unit representative of a registered unit
def submission_start(request, pk):
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("campaign").filter(campaign__in=campaigns_for_user(request.user)), pk=pk
    )
    if not is_unit(request.user):
        raise PermissionDenied
    try:
        submission = submissions.open_submission(period, request.user.organization, by=request.user)
    except TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("campaign:my_submissions", period.campaign_id)
    return redirect("campaign:submission_edit", submission.pk)


@login_required  # the owning unit
def submission_edit(request, pk):
    submission = _submission(request, pk, "campaign.change_submission")
    if request.method != "POST" and not submission.is_editable_by_unit:
        messages.info(request, _("This submission is not open for changes."))
        return redirect(submission)
    form = SubmissionForm(request.POST or None, request.FILES or None, submission=submission)
    sales = product_sales_formset(submission, request.POST or None)
    sales_valid = sales is None or sales.is_valid()
    if request.method == "POST" and form.is_valid() and sales_valid:
        action = request.POST.get("action", "save")
        try:
            submissions.save_values(
                submission,
                form.values(),
                by=request.user,
                version=form.cleaned_data["version"],
                product_sales=sales.rows() if sales is not None else None,
            )
            for row, upload in form.uploads():
                submissions.add_evidence(row, upload, by=request.user)
            if action.startswith("remove-"):
                item = get_object_or_404(evidence_for_user(request.user), pk=action[7:], value__submission=submission)
                submissions.remove_evidence(item, by=request.user)
                messages.success(request, _("The file “%(name)s” was removed.") % {"name": item.original_name})
                return redirect("campaign:submission_edit", submission.pk)
            if action == "submit":
                submissions.submit(submission, by=request.user)
                messages.success(request, _("The report was sent to the office for review."))
                return redirect(submission)
        except ConflictError as exc:
            form = _form_again(request, submission, error=str(exc))
            return render(
                request, "campaign/submission/form.html", _form_context(submission, form, sales, conflict=True)
            )
        except TransitionError as exc:
            submission.refresh_from_db()
            messages.error(request, str(exc))
            if not submission.is_editable_by_unit:
                return redirect(submission)
            # The values were saved; show them again with what is missing on its field.
            form = _form_again(request, submission)
            for item in submissions.missing_items(submission) if action == "submit" else ():
                field = "file" if item.what == "evidence" else "value"
                form.add_error(f"{field}_{item.criterion.pk}", _("Required before sending."))
            return render(request, "campaign/submission/form.html", _form_context(submission, form, sales))
        messages.success(request, _("The draft was saved."))
        return redirect("campaign:submission_edit", submission.pk)
    if request.method == "POST" and not sales_valid:
        form.add_error(None, _("Please correct the products sold below."))
    return render(request, "campaign/submission/form.html", _form_context(submission, form, sales))


def _form_again(request, submission, error=None):
    """The posted form with the current version, so the next save goes through; files are not kept."""
    submission.refresh_from_db()
    data = request.POST.copy()
    data["version"] = submission.version
    form = SubmissionForm(data, submission=submission)
    if error:
        form.show_conflict(error, chosen_files=[name for name in request.FILES if request.FILES[name]])
    else:
        form.is_valid()
    return form


def _form_context(submission, form, sales=None, conflict=False):
    return {
        "submission": submission,
        "form": form,
        "sales": sales,
        "conflict": conflict,
        "max_size": evidence_max_size(),
    }


@login_required  # the owning unit
def submission_submit(request, pk):
    submission = _submission(request, pk, "campaign.change_submission")
    if request.method == "POST":
        try:
            submissions.submit(submission, by=request.user)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The report was sent to the office for review."))
        return redirect(submission)
    context = {"submission": submission, "missing": submissions.missing_items(submission)}
    return render(request, "campaign/submission/submit.html", context)


# --- reading and the office's review --------------------------------------------------------


@login_required  # readers of the registry, or the owning unit
def submission_detail(request, pk):
    submission = _submission(request, pk, "campaign.view_submission")
    reviews = request.user.has_perm("campaign.review_submission", submission)
    context = {
        "submission": submission,
        "rows": _values(submission),
        "events": submission.events.select_related("by"),
        "can_edit": request.user.has_perm("campaign.change_submission", submission) and submission.is_editable_by_unit,
        "reviews": reviews,
        "verify_form": VerifyForm(submission=submission) if reviews else None,
        "reason_form": ReasonForm() if reviews else None,
    }
    return render(request, "campaign/submission/detail.html", context)


ACTIONS = {
    # action: (success message, page title)
    "verify": (gettext_lazy("The report was verified and locked."), gettext_lazy("Verify the report")),
    "return": (gettext_lazy("The report was returned to the unit."), gettext_lazy("Return the report to the unit")),
    "reopen": (gettext_lazy("The report was reopened and returned to the unit."), gettext_lazy("Reopen the report")),
}


def _review(request, pk, action):
    submission = _submission(request, pk, "campaign.review_submission")
    if action == "verify":
        form = VerifyForm(request.POST or None, submission=submission)
    else:
        form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if action == "verify":
                submissions.verify(submission, by=request.user, staff_scores=form.scores())
            elif action == "return":
                submissions.return_submission(submission, by=request.user, reason=form.cleaned_data["reason"])
            else:
                submissions.reopen(submission, by=request.user, reason=form.cleaned_data["reason"])
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, ACTIONS[action][0])
            if action == "verify" and request.POST.get("then") == "next":
                return _to_next(request, submission.period.campaign, submission)
        return redirect(submission)
    context = {"submission": submission, "form": form, "action": action, "title": ACTIONS[action][1]}
    return render(request, "campaign/submission/review.html", context)


def _to_next(request, campaign, done=None):
    """The next report waiting for verification, or the queue when none is left."""
    following = next_to_verify(campaign, request.user, after=done)
    if following is None:
        messages.info(request, _("No other report waits for verification in this campaign."))
        return redirect("campaign:submission_queue", campaign.pk)
    return redirect(following)


@require_POST
@login_required  # office
def submission_bulk_verify(request, pk):
    """Verify the reports ticked in the queue; those needing the office's scores are left, and named."""
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    if not request.user.has_perm("campaign.review_submission"):
        raise PermissionDenied
    ids = posted_ids(request, "ids", most=500)
    chosen = (
        submissions_for_user(request.user)
        .filter(period__campaign=campaign, pk__in=ids)
        .select_related("organization", "period")
    )
    chosen = list(queue.ordered(chosen))
    for submission in chosen:
        require(request.user, "campaign.review_submission", submission)
    if not chosen:
        messages.info(request, _("Tick the reports to verify first."))
        return redirect(_queue_url(campaign, request.POST.get("back", "")))
    verified, refused = submissions.verify_many(chosen, by=request.user)
    if verified:
        messages.success(
            request,
            ngettext(
                "%(count)d report was verified and locked.",
                "%(count)d reports were verified and locked.",
                len(verified),
            )
            % {"count": len(verified)},
        )
    for submission, reason in refused:
        messages.warning(request, f"{submission.organization.name} · {submission.period.name}: {reason}")
    return redirect(_queue_url(campaign, request.POST.get("back", "")))


def _queue_url(campaign, querystring):
    """The queue with the filters it was shown with (only its own query string is kept)."""
    url = reverse("campaign:submission_queue", args=[campaign.pk])
    querystring = querystring.lstrip("?")
    return f"{url}?{querystring}" if querystring and "//" not in querystring else url


@login_required  # office
def submission_verify(request, pk):
    return _review(request, pk, "verify")


@login_required  # office
def submission_return(request, pk):
    return _review(request, pk, "return")


@login_required  # office
def submission_reopen(request, pk):
    return _review(request, pk, "reopen")


def queue_params(query, campaign):
    """The queue's filters: those asked for; on a bare visit, the reports that wait for verification;
    without a period, the latest begun (an empty period asks for all)."""
    params = query.copy()
    if not any(name in params for name in SubmissionFilter.Meta.fields):
        params["status"] = SubmissionStatus.SUBMITTED
    if "period" not in params:
        period = dashboard.default_period(campaign)
        params["period"] = str(period.pk) if period is not None else ""
    return params


def next_to_verify(campaign, user, after=None):
    """The report the office verifies next in `campaign`: the first sent of the newest period waiting.

    Period by period, newest first, each the head of one range of the queue's index.
    """
    waiting = submissions_for_user(user).filter(status=SubmissionStatus.SUBMITTED)
    if after is not None:
        waiting = waiting.exclude(pk=after.pk)
    for period in queue.queue_periods(campaign):
        found = waiting.filter(period=period).order_by(*queue.RANGE_ORDER).first()
        if found is not None:
            return found
    return None


QUEUE_COLUMNS = [
    Column("period", gettext_lazy("Period"), width=16),
    Column("organization", gettext_lazy("Organization"), width=44),
    Column("kind", gettext_lazy("Kind"), width=22),
    Column("area", gettext_lazy("Area"), width=22),
    Column("status", gettext_lazy("Status"), width=14),
    Column("late", gettext_lazy("Late"), width=8),
    Column("submitted_at", gettext_lazy("Submitted at"), width=18),
    Column("verified_at", gettext_lazy("Verified at"), width=18),
    Column("return_reason", gettext_lazy("Reason for return"), width=40),
]


def _queue_export(campaign, qs):
    chosen = list(qs)
    areas = place_units(campaign, [s.organization for s in chosen])

    def local(moment):
        return timezone.localtime(moment).replace(tzinfo=None) if moment else None

    rows = (
        [
            s.period.name,
            s.organization.name,
            s.organization.get_kind_display(),
            str(areas.get(s.organization_id) or ""),
            s.get_status_display(),
            _("Yes") if s.is_late else "",
            local(s.submitted_at),
            local(s.verified_at),
            s.return_reason,
        ]
        for s in chosen
    )
    return build_workbook(_("Submissions"), QUEUE_COLUMNS, rows)


@login_required  # office, leader and council read the queue
def submission_queue(request, pk):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    if not request.user.has_perm("campaign.view_submissions"):
        raise PermissionDenied
    base = queue.ordered(
        submissions_for_user(request.user).filter(period__campaign=campaign).select_related("organization")
    )
    params = queue_params(request.GET, campaign)
    filterset = SubmissionFilter(params, queryset=base, request=request, campaign=campaign)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(_queue_export(campaign, filterset.qs), _("submissions"))
    filterset.errors  # noqa: B018  (validates: a filter given wrong is left out, as the FilterSet does)
    chosen = filterset.form.cleaned_data
    # Counts per status under the other filters, so each count is a click away.
    others = params.copy()
    others.pop("status", None)
    others.pop("page", None)
    periods = queue.queue_periods(campaign, chosen.get("period"))
    if chosen.get("q"):
        # A search by name is not counted by the counters: counted and sorted as one query.
        counted = SubmissionFilter(others, queryset=base, request=request, campaign=campaign).qs
        counts = dict(counted.order_by().values_list("status").annotate(n=Count("pk")))
        rows = filterset.qs
    else:
        ranges = queue.range_counts(
            campaign, periods, kind=chosen.get("kind"), area=chosen.get("area"), is_late=chosen.get("is_late")
        )
        counts = {}
        for (_period, code), n in ranges.items():
            counts[code] = counts.get(code, 0) + n
        status = chosen.get("status")
        rows = queue.QueuePages(filterset.qs, periods, [status] if status else queue.STATUSES, ranges)
    statuses = [
        (code, label, counts.get(code, 0), others.urlencode() + ("&" if others else "") + f"status={code}")
        for code, label in SubmissionStatus.choices
    ]
    page = paginate(request, rows)
    areas = place_units(campaign, [s.organization for s in page])
    for submission in page:
        submission.area = areas.get(submission.organization_id)
    context = {
        "campaign": campaign,
        "filter": filterset,
        "page": page,
        "querystring": querystring_without_page(request),
        "statuses": statuses,
        "status": params.get("status", ""),
        "all_url": others.urlencode() + ("&" if others else "") + "status=",
        "can_verify": request.user.has_perm("campaign.review_submission"),
        "export": True,
    }
    return render(request, "campaign/submission/queue.html", context)


# --- evidence -------------------------------------------------------------------------------


# Types a browser shows by itself: served inline, in a sandbox of their own, never sniffed.
VIEWABLE = {uploads.PDF, uploads.JPEG, uploads.PNG}
# The evidence page runs nothing and reaches nothing: no script, no form, no same-origin access.
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'"


def _evidence_response(request, pk, *, inline):
    item = get_object_or_404(evidence_for_user(request.user), pk=pk)
    require(request.user, "campaign.view_submission", item.value.submission)
    inline = inline and item.content_type in VIEWABLE
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=not inline, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = SANDBOX_POLICY
    return response


@login_required  # whoever may read the submission
def evidence_download(request, pk):
    return _evidence_response(request, pk, inline=False)


@login_required  # whoever may read the submission
def evidence_view(request, pk):
    """The file shown in the browser: images and PDFs inline (sandboxed); other types download."""
    return _evidence_response(request, pk, inline=True)
