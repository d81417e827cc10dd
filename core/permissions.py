"""Permission checks for views: the role a page needs, stated in one visible place above it."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def permission(perm):
    """Require login and a permission that does not depend on an object."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied
