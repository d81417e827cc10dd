"""What every page's layout needs to know beyond the request: whether staff should see that jobs wait."""

from core.jobs import jobs_delayed

from .permissions import is_leader, is_office


def background_jobs(request):
    """`jobs_delayed` for staff while background jobs wait for the queue service (cached, no Redis ping)."""
    user = getattr(request, "user", None)
    if user is None or not (is_office(user) or is_leader(user)):
        return {}
    return {"jobs_delayed": jobs_delayed()}
