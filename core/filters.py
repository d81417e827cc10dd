"""The search box every list filter shares (django-filter): each word must match one of the fields."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SearchFilterSet(django_filters.FilterSet):
    search_fields = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def search(self, queryset, name, value):
        condition = Q()
        for term in value.split():
            part = Q()
            for field in self.search_fields:
                part |= Q(**{f"{field}__icontains": term})
            condition &= part
        return queryset.filter(condition)
