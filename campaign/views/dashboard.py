"""The staff dashboard of a campaign, the reminder (đôn đốc) it sends, and a unit's home page.

Roles: the dashboard is for office and leadership (campaign.view_dashboard); reminders are
sent by the office (campaign.send_reminders); the unit home is for a unit representative.
"""

from django.conf import settings
from django.contrib import messages
from django.core import paginator
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from core.caching import remember
from core.jobs import enqueue
from core.listing import querystring_without_page, xlsx_response
from core.permissions import permission
from core.spreadsheets import Column, build_workbook

from .. import dashboard, reminders, scopes, standings
from ..areas import place_units
from ..models import ReportingPeriod
from ..queries import campaigns_for_user

OVERDUE_COLUMNS = [
    Column("name", gettext_lazy("Organization"), width=44),
    Column("kind", gettext_lazy("Kind"), width=22),
    Column("area", gettext_lazy("Area"), width=22),
    Column("status", gettext_lazy("Submission"), width=14),
    Column("representative", gettext_lazy("Legal representative"), width=24),
    Column("phone", gettext_lazy("Phone"), width=16),
    Column("emails", gettext_lazy("E-mail"), width=40),
    Column("reminded", gettext_lazy("Last reminded"), width=18),
]


def _overdue_workbook(campaign, period, units):
    areas = place_units(campaign, units)
    rows = [
        [
            org.name,
            org.get_kind_display(),
            str(areas[org.pk] or ""),
            dashboard.status_label(org.submission_status),
            org.representative,
            org.phone,
            ", ".join(dashboard.recipients_of(org)),
            org.last_reminded_at.date() if org.last_reminded_at else "",
        ]
        for org in units
    ]
    return build_workbook(_("Overdue"), OVERDUE_COLUMNS, rows)


FIGURES_SECONDS = 300


class Paginator(paginator.Paginator):
    """A paginator told its count (already known from an aggregate) instead of counting again."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self):
        return self._known_count


def _figures(campaign, period):
    """(band distribution of verified units, top 5, verified count, overdue units with an address) of a period.

    The bands and the best five are read from the maintained ranking tables, fresh at every
    verification's commit (campaign.standings). The count of overdue units with an address is a
    query over every owing unit: kept under the period's submissions and the campaign's
    registrations (core.caching, raised by their changes only) and the day, for at most five
    minutes (an account's address may change meanwhile); the last value is served while one
    process counts again. The progress table is read from the counters (`dashboard.progress`).
    """
    distribution, top, verified_count = standings.period_figures(campaign, period)
    day = dashboard.today()
    with_address = remember(
        f"dashboard-overdue-with-address:{period.pk}:{day.isoformat()}",
        lambda: dashboard.overdue_with_address(period, day),
        scopes=(scopes.submissions(period.pk), scopes.registrations(campaign.pk)),
        timeout=FIGURES_SECONDS,
        stale=True,
    )
    return distribution, top, verified_count, with_address


def render_dashboard(request, campaign):
    """The dashboard of one campaign and the period asked for (the latest begun by default)."""
    campaigns = dashboard.dashboard_campaigns(campaigns_for_user(request.user))
    periods = list(campaign.periods.order_by("starts_on", "pk"))
    period = next((p for p in periods if str(p.pk) == request.GET.get("period")), None)
    period = period or dashboard.default_period(campaign)
    context = {"campaign": campaign, "campaigns": campaigns, "periods": periods, "period": period}
    if period is not None:
        overdue_units = dashboard.overdue_units(period)
        if request.GET.get("export") == "xlsx":
            name = _("overdue %(period)s") % {"period": period.name}
            return xlsx_response(_overdue_workbook(campaign, period, list(overdue_units)), name)
        progress = dashboard.progress(campaign, period)  # from the counters, fresh at every view
        distribution, top_scores, verified_count, with_address = _figures(campaign, period)
        # The overdue count is the progress table's (the same units), so the page does not count again.
        overdue_page = Paginator(overdue_units, settings.PAGE_SIZE, count=progress.total.overdue).get_page(
            request.GET.get("page")
        )
        labels = [name or str(_("Not classified")) for name, _count in distribution]
        overdue = list(overdue_page.object_list)
        areas = place_units(campaign, overdue)
        for org in overdue:
            org.area = areas[org.pk]  # on the campaign's map, as in the progress table above
        context.update(
            progress=progress,
            overdue=overdue,
            overdue_page=overdue_page,
            overdue_count=overdue_page.paginator.count,
            overdue_querystring=querystring_without_page(request),
            overdue_with_address=with_address,
            charts={
                "area": dashboard.chart_data(progress.by_area),
                "kind": dashboard.chart_data(progress.by_kind),
                "bands": {
                    "labels": labels,
                    "series": [
                        {"key": "verified", "label": str(_("Verified units")), "data": [c for _n, c in distribution]}
                    ],
                },
            },
            deadline_passed=dashboard.today() > period.deadline,
            score_distribution=list(zip(labels, [c for _n, c in distribution], strict=True))
            if verified_count
            else None,
            top_scores=top_scores,
        )
    context.update(activity=dashboard.recent_activity(campaign))
    return render(request, "campaign/dashboard/dashboard.html", context)


@permission("campaign.view_dashboard")
def campaign_dashboard(request, pk):
    campaign = get_object_or_404(campaigns_for_user(request.user), pk=pk)
    return render_dashboard(request, campaign)


@require_http_methods(["GET", "POST"])
@permission("campaign.view_dashboard")  # leadership sees the page; only the office sends
def period_remind(request, pk):
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("campaign").filter(campaign__in=campaigns_for_user(request.user)),
        pk=pk,
    )
    if not request.user.has_perm("campaign.send_reminders"):
        raise PermissionDenied
    back = reverse("campaign:dashboard", args=[period.campaign_id]) + f"?period={period.pk}"
    plan = reminders.reminder_plan(period)
    if request.method == "POST":
        if not plan.to_send:
            if plan.reminded_today:
                messages.info(
                    request,
                    _("Every overdue unit with an address was already reminded today; nothing was sent again."),
                )
            else:
                messages.info(request, _("No unit is overdue for %(period)s.") % {"period": period.name})
            return redirect(back)
        user_id, site = request.user.pk, request.build_absolute_uri("/")
        enqueue("campaign.tasks.send_reminders", period.pk, user_id, site)
        text = ngettext(
            "A reminder for %(period)s is being sent to %(count)d overdue unit.",
            "Reminders for %(period)s are being sent to %(count)d overdue units.",
            len(plan.to_send),
        ) % {"period": period.name, "count": len(plan.to_send)}
        if plan.reminded_today:
            text += " " + ngettext(
                "%(count)d unit already reminded today is not reminded again.",
                "%(count)d units already reminded today are not reminded again.",
                len(plan.reminded_today),
            ) % {"count": len(plan.reminded_today)}
        messages.success(request, text)
        return redirect(back)
    context = {
        "period": period,
        "campaign": period.campaign,
        "overdue": plan.to_send + plan.no_address + plan.reminded_today,
        "with_address": plan.to_send,
        "reminded_today": plan.reminded_today,
        "without_address": len(plan.no_address),
    }
    return render(request, "campaign/dashboard/remind_confirm.html", context)
