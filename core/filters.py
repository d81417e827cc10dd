"""The search box every list filter shares (django-filter): each word must match one of the fields.

A search too long or of too many words is refused on its field (core.limits.search_terms).
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.limits import SearchField, search_terms


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
