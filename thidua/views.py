"""Site-wide pages: the role's home page and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from members.models import OperatingStatus, Organization, OrganizationKind, Person, StatusChange
from members.permissions import is_unit, reads_registry


@login_required  # every role: staff and Council see the registry, a unit its own page
def home(request):
    user = request.user
    if is_unit(user):
        return redirect(user.organization)
    if not reads_registry(user):
        return render(request, "home/no_role.html", status=403)
    orgs = Organization.objects.all()
    by_kind = {row["kind"]: row["n"] for row in orgs.values("kind").annotate(n=Count("pk"))}
    by_status = {row["status"]: row["n"] for row in orgs.values("status").annotate(n=Count("pk"))}
    districts = (
        orgs.filter(district__isnull=False).values("district__name").annotate(n=Count("pk")).order_by("district__name")
    )
    context = {
        "org_total": orgs.count(),
        "people_total": Person.objects.count(),
        "direct_workers": Person.objects.filter(is_direct_worker=True).count(),
        "kinds": [(label, by_kind.get(code, 0)) for code, label in OrganizationKind.choices],
        "statuses": [(code, label, by_status.get(code, 0)) for code, label in OperatingStatus.choices],
        "inactive_total": sum(n for code, n in by_status.items() if code != OperatingStatus.ACTIVE),
        "districts": districts,
        "recent_changes": StatusChange.objects.select_related("organization", "changed_by")[:8],
    }
    return render(request, "home/staff.html", context)


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
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from .celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"
