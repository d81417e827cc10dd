"""The search box every list filter shares (django-filter): each word must match one of the fields.

A search too long or of too many words is refused on its field (core.limits.search_terms).
"""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.caching import remember
from core.limits import SearchField, search_terms

OPTIONS_SECONDS = 3600


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


class SearchFilterSet(django_filters.FilterSet):
    search_fields = ()
    q = SearchFilter(label=_("Search"), method="search")

    def search(self, queryset, name, value):
        condition = Q()
        for term in search_terms(value):
            part = Q()
            for field in self.search_fields:
                part |= Q(**{f"{field}__icontains": term})
            condition &= part
        return queryset.filter(condition)


def _option(value, label):
    return format_html('<option value="{}">{}</option>', "" if value is None else str(value), label)


class CachedOptionsSelect(forms.Select):
    """A select whose options are rendered once and kept in the cache (core.caching) under its
    `cache_name`, the language, the day and the versions of `scopes`, with the chosen value marked
    on the way out: a filter of the country's districts otherwise reads them all and renders each
    option through a template on every view of the list. Only for choices that are the same for
    every user (what each user may see is filtered by the list's queryset, not by its choices).
    """

    def __init__(self, cache_name, scopes, attrs=None):
        super().__init__(attrs)
        self.cache_name, self.scopes = cache_name, list(scopes)

    def options_html(self):
        def compute():
            parts = []
            for value, label in self.choices:
                if isinstance(label, (list, tuple)):  # a group
                    inner = "".join(_option(v, lab) for v, lab in label)
                    parts.append(format_html('<optgroup label="{}">{}</optgroup>', value, mark_safe(inner)))
                else:
                    parts.append(_option(value, label))
            return "".join(parts)

        name = f"options:{self.cache_name}:{translation.get_language() or ''}:{timezone.localdate().isoformat()}"
        return remember(name, compute, scopes=self.scopes, timeout=OPTIONS_SECONDS, stale=True, local=True)

    def render(self, name, value, attrs=None, renderer=None):
        html = self.options_html()
        for chosen in self.format_value(value):
            plain = f'<option value="{escape(chosen)}">'
            html = html.replace(plain, plain[:-1] + " selected>", 1)
        final = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final["multiple"] = True
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final)}>{html}</select>')
