"""The list-page habit shared by every app: filters, pagination and Excel export."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from core.caching import remember
from core.text import fold

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content, basename):
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = slugify(fold(str(basename))) or "export"
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response


def paginate(request, queryset, per_page=None, count=None):
    """The requested page of `queryset`; `count`: its number of rows when known (else counted)."""
    paginator = Paginator(queryset, per_page or settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: the figure given replaces the COUNT(*)
    return paginator.get_page(request.GET.get("page"))


COUNT_SECONDS = 3600


def kept_count(name, queryset, scopes):
    """How many rows `queryset` holds, kept in the cache under `name` and the versions of `scopes`
    (raised by every change of those rows), for an unfiltered list whose COUNT(*) runs over a
    country's rows. Exact: while one process counts again after a change, the others wait for its
    figure rather than show the previous one. `name` says whose list it is (its reach)."""
    return remember(name, queryset.count, scopes=scopes, timeout=COUNT_SECONDS, local=True)


def is_unfiltered(request):
    """Whether a list is asked for without any filter (only, perhaps, a page): its count is then
    that of the whole list, which may be kept; a filtered list is always counted."""
    return not any(value for key, values in request.GET.lists() if key != "page" for value in values)


def querystring_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
