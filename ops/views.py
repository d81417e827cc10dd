"""Site-wide pages: the role's home page and the health check."""

from celery import current_app
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from campaign.areas import default_grouping, place_units
from campaign.dashboard import dashboard_campaigns, default_campaign, unit_overview
from campaign.models import GroupingLevel
from campaign.queries import campaigns_for_user
from campaign.standings import unit_history
from core.collation import vietnamese_key
from members.areas import area_map
from members.models import AreaLevel, OperatingStatus, Organization, OrganizationKind, Person, StatusChange
from members.permissions import is_leader, is_office, is_unit, reads_registry


@login_required  # every role: office and leadership the campaign dashboard, a unit its home, Council the registry
def home(request):
    user = request.user
    if is_unit(user):
        return unit_home(request)
    if not reads_registry(user):
        return render(request, "ops/no_role.html", status=403)
    if is_office(user) or is_leader(user):
        campaign = default_campaign(dashboard_campaigns(campaigns_for_user(user)))
        if campaign is not None:
            return redirect("campaign:dashboard", campaign.pk)
    return registry_overview(request)


def unit_home(request):
    """A unit's own page: its campaigns, registration, periods and the state of each report."""
    organization = request.user.organization
    campaigns = unit_overview(organization)
    returned = [
        item
        for entry in campaigns
        for item in entry.periods
        if item.submission is not None and item.submission.status == "returned"
    ]
    for entry in campaigns:
        # Score, rank and band per period, from verified reports only (campaign.ranking).
        entry.history = unit_history(entry.campaign, organization) if entry.registration else []
    context = {
        "organization": organization,
        "campaigns": campaigns,
        "returned": returned,
        "area": _home_area(organization, campaigns),
    }
    return render(request, "ops/unit.html", context)


def _home_area(organization, campaigns):
    """Where the unit's header places it: on the map of its newest campaign's dates, else on today's
    map by province (a cooperative of the former Đắk Nông is in Lâm Đồng, not in a district that is gone)."""
    newest = max((entry.campaign for entry in campaigns), key=lambda c: (c.starts_on, c.pk), default=None)
    if newest is not None:
        return place_units(newest, [organization]).get(organization.pk)
    return area_map(timezone.localdate(), AreaLevel.PROVINCE).area_of(organization)


def registry_overview(request):
    """The member registry in figures: the Council's home, and staff's before any campaign."""
    orgs = Organization.objects.all()
    by_kind = {row["kind"]: row["n"] for row in orgs.values("kind").annotate(n=Count("pk"))}
    by_status = {row["status"]: row["n"] for row in orgs.values("status").annotate(n=Count("pk"))}
    context = {
        "org_total": orgs.count(),
        "people_total": Person.objects.count(),
        "direct_workers": Person.objects.filter(is_direct_worker=True).count(),
        "kinds": [(label, by_kind.get(code, 0)) for code, label in OrganizationKind.choices],
        "statuses": [(code, label, by_status.get(code, 0)) for code, label in OperatingStatus.choices],
        "inactive_total": sum(n for code, n in by_status.items() if code != OperatingStatus.ACTIVE),
        "by_area": by_area_today(orgs),
        "recent_changes": StatusChange.objects.select_related("organization", "changed_by")[:8],
    }
    return render(request, "ops/staff.html", context)


def by_area_today(organizations):
    """{"level", "day", "rows": [(area or None, count)]}: the organizations counted by the area that covers
    them on today's map, at the level a campaign starting today groups by (provinces after the 2025
    reform: a cooperative recorded in a former district of Đắk Nông counts in Lâm Đồng)."""
    day = timezone.localdate()
    level = default_grouping(day)
    areas = area_map(day, level)
    recorded = organizations.order_by().values_list(Coalesce("commune_id", "district_id", "province_id"))
    counts = {}
    for area_id, n in recorded.annotate(n=Count("pk")):
        found = areas.at_level.get(area_id)
        counts[found] = counts.get(found, 0) + n
    rows = sorted(
        ((areas.areas.get(pk), n) for pk, n in counts.items()),
        key=lambda row: (row[0] is None, vietnamese_key(row[0].name) if row[0] else ""),
    )
    return {"level": GroupingLevel(level), "day": day, "rows": rows}


FLOOR_ROWS = 50


@login_required
def floor(request):
    """The benchmark's floor (docs/benchmarks.md): this app's own shell — session, user, the base
    layout — around 50 stored rows, the least any list page costs. Office staff only: a unit
    gets 404, as for any page that is not its own."""
    if not is_office(request.user):
        raise Http404
    rows = Organization.objects.order_by("pk").values_list("pk", "tax_code", "name", "kind", "status")[:FLOOR_ROWS]
    return render(request, "ops/floor.html", {"rows": rows})


@never_cache
def healthz(request):
    """State of the database and the broker: 200 when both answer, 503 when not."""
    state = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(value in ("ok", "eager") for value in state.values())
    state["status"] = "ok" if healthy else "error"
    return JsonResponse(state, status=200 if healthy else 503)


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means unhealthy; say which
        return f"error: {type(exc).__name__}"
    return "ok"


def _check_broker():

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"
