"""The register's search box and filters (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilterSet

from .models import DocumentType, IssuedDocument


def _years():
    years = IssuedDocument.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(year, str(year)) for year in years]


class RegisterFilter(SearchFilterSet):
    search_fields = ("reference", "subject", "signer_name")
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_years)
    type_symbol = django_filters.ChoiceFilter(label=_("Type"), choices=DocumentType.choices)

    class Meta:
        model = IssuedDocument
        fields = ["q", "year", "type_symbol"]
