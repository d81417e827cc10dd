"""Limits on what one request may ask of the server: search terms, numbers in query strings,
the size of a request's body. Every search box, every query-string number and every request
goes through here, so one account cannot load the server with one request.

The numbers are settings (thidua/settings.py): SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS,
REQUEST_BODY_MAX_SIZE; docs/security.md lists them with nginx's client_max_body_size.
"""

import hashlib
import hmac

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# The largest id or count a query string may name: what a 32-bit integer column holds.
MAX_ID = 2**31 - 1
# The years any page may ask for.
MIN_YEAR, MAX_YEAR = 1900, 2200


def search_max_length():
    return getattr(settings, "SEARCH_MAX_LENGTH", 100)


def search_max_words():
    return getattr(settings, "SEARCH_MAX_WORDS", 8)


def search_terms(value):
    """The words of a search, each to be matched; a search too long or of too many words is refused.

    Each word becomes a condition over several columns: a thousand words would be a query the
    database takes seconds to plan and run.
    """
    value = value or ""
    if len(value) > search_max_length():
        raise ValidationError(
            _("Search for at most %(max)s characters (this search has %(count)s).")
            % {"max": search_max_length(), "count": len(value)},
            code="search_too_long",
        )
    terms = value.split()
    if len(terms) > search_max_words():
        raise ValidationError(
            ngettext(
                "Search for at most %(max)s word.",
                "Search for at most %(max)s words.",
                search_max_words(),
            )
            % {"max": search_max_words()},
            code="search_too_many_words",
        )
    return terms


class SearchField(forms.CharField):
    """The search box of every list: refused on its field when too long or of too many words."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        search_terms(value)


def as_int(raw, *, low=1, high=MAX_ID):
    """An integer a request typed (a query string's or a form's text) within [low, high], or None
    when absent, not written in ASCII digits, or out of range: an id too large for its column would
    otherwise reach the database and fail there (a server error)."""
    raw = (raw or "").strip()
    digits = raw.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(high)):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def query_int(request, name, *, low=1, high=MAX_ID):
    """An integer of the query string within [low, high], or None when absent, not a number or out of range."""
    return as_int(request.GET.get(name), low=low, high=high)


def posted_ids(request, name, *, most):
    """The ids a form posts under `name` (rows ticked in a list), at most `most`; what is not an id is left out."""
    found = (as_int(raw) for raw in request.POST.getlist(name))
    return [value for value in found if value is not None][:most]


def body_max_size():
    return getattr(settings, "REQUEST_BODY_MAX_SIZE", 12 * 1024 * 1024)


class RequestBodyLimitMiddleware:
    """Answers 413 to a request whose declared body is larger than REQUEST_BODY_MAX_SIZE, before
    anything reads it (Django would otherwise write a large upload to disk before refusing it).

    nginx refuses the same size first (client_max_body_size, docs/deploy.md); this is the cap
    when the app is reached without it. A body sent without a length (chunked) is refused too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        try:
            length = int(declared) if declared else 0
        except ValueError:
            length = body_max_size() + 1
        if chunked or length > body_max_size():
            return too_large_response(request)
        return self.get_response(request)


def too_large_response(request):
    message = _("The request is too large: send at most %(max)s at once.") % {
        "max": f"{body_max_size() // (1024 * 1024)} MB"
    }
    html = render_to_string("413.html", {"message": message}, request=None)
    return HttpResponse(html, status=413)


# --- requests per address (the public verification page) ------------------------------------


def rate_cache():
    """The cache the per-address counters live in: the "ratelimit" alias (settings.CACHES)."""
    return caches["ratelimit"]


def client_address(request):
    """The address a limit counts by: REMOTE_ADDR (X-Forwarded-For is not trusted: a client forges it)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limited(request, scope, *, limit, period):
    """Count this request against its address in `scope`; True once more than `limit` came within `period` seconds.

    A fixed window per address: the first request of a window sets the counter with the window's
    length as its lifetime, each next one adds to it. Refused requests count too.
    """
    cache = rate_cache()
    key = f"rate:{scope}:{client_address(request)}"
    if cache.add(key, 1, timeout=period):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.set(key, 1, timeout=period)
            count = 1
    return count > limit


def too_many_response(request, *, period):
    message = _("Too many requests from your address: try again in %(seconds)s seconds.") % {"seconds": period}
    html = render_to_string("429.html", {"message": message}, request=request)
    response = HttpResponse(html, status=429)
    response["Retry-After"] = str(period)
    return response


# --- public forms (no login): how often one sender may write -------------------------------------


def public_form_limit():
    """(messages, minutes): how many messages one sender may send through a public form in that window."""
    return getattr(settings, "PUBLIC_FORM_LIMIT", 5), getattr(settings, "PUBLIC_FORM_WINDOW_MINUTES", 60)


def sender_key(request):
    """A keyed hash of the sender's address: it limits how often one sender writes, and reveals nothing.

    The address is REMOTE_ADDR (X-Forwarded-For is not trusted: a client can forge it), as for
    the log-in throttle; behind a proxy every sender shares one key, so the limit is then site-wide.
    """
    address = request.META.get("REMOTE_ADDR") or ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def over_rate(sent_in_window):
    """Whether a sender who already sent `sent_in_window` messages in the window may not send another."""
    return sent_in_window >= public_form_limit()[0]
