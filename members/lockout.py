"""What a browser sees after too many failed log-ins (django-axes calls `locked_out`).

The login page again, with the name the user typed and one clear message saying how long the
lock lasts and who can lift it, answered with 429 Too Many Requests. The password field stays
empty and the form is not validated (that would count as one more attempt).
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from .forms_auth import LoginForm


def lockout_minutes():
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def locked_out(request, original_response=None, credentials=None):
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    minutes = lockout_minutes()
    message = _(
        "Too many failed log-in attempts. For the account's safety, logging in as this user from this "
        "computer is locked for %(minutes)d minutes. Try again later, or ask the office to unlock it."
    ) % {"minutes": minutes}
    context = {"form": LoginForm(request, initial={"username": username[:150]}), "locked_out": message}
    return render(request, "registration/login.html", context, status=429)
