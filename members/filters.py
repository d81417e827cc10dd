"""List filters of the registry (django-filter); each list's search box and selects."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.collation import Vietnamese
from core.filters import CachedOptionsSelect, SearchFilterSet

from . import scopes
from .areas import area_map, valid_on_day
from .models import (
    AdministrativeArea,
    AreaLevel,
    Gender,
    OperatingStatus,
    Organization,
    OrganizationKind,
    Person,
    Role,
    Sector,
    User,
)


def _districts(request):
    return AdministrativeArea.objects.filter(level=AreaLevel.DISTRICT).order_by(Vietnamese("name"))


def _provinces(request):
    """The provinces of today's map, each once (a province re-established in 2025 has two rows)."""
    return valid_on_day(AdministrativeArea.objects.filter(level=AreaLevel.PROVINCE), timezone.localdate()).order_by(
        Vietnamese("name")
    )


class OrganizationFilter(SearchFilterSet):
    search_fields = ("name", "short_name", "tax_code", "representative")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=_provinces,
        method="in_province",
        widget=CachedOptionsSelect("provinces-today", [scopes.AREAS]),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District (before 07/2025)"),
        queryset=_districts,
        widget=CachedOptionsSelect("districts", [scopes.AREAS]),
    )
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OperatingStatus.choices)
    is_alliance_member = django_filters.BooleanFilter(label=_("Member of the Alliance"))
    # Read by the view (members.views.organization_list), which leaves archived units out by default.
    archived = django_filters.ChoiceFilter(
        label=_("Archived"),
        choices=[("yes", _("Archived only")), ("all", _("Archived and not"))],
        empty_label=_("Not archived"),
        method="by_archive",
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "province", "district", "sector", "status", "is_alliance_member", "archived"]

    def by_archive(self, queryset, name, value):
        return queryset  # applied by the view before filtering

    def in_province(self, queryset, name, value):
        """Units in the province on today's map, wherever they were recorded before the mergers."""
        return queryset.filter(area_map(timezone.localdate(), AreaLevel.PROVINCE).in_provinces([value.pk]))


class PersonFilter(SearchFilterSet):
    search_fields = ("full_name", "position", "organization__name")
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organization"), field_name="organization__kind", choices=OrganizationKind.choices
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=_provinces,
        method="in_province",
        widget=CachedOptionsSelect("provinces-today", [scopes.AREAS]),
    )
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)
    is_direct_worker = django_filters.BooleanFilter(label=_("Direct worker"))

    class Meta:
        model = Person
        fields = ["q", "kind", "province", "gender", "is_direct_worker"]

    def in_province(self, queryset, name, value):
        """People of the units in the province on today's map, wherever they were recorded before the mergers."""
        return queryset.filter(
            area_map(timezone.localdate(), AreaLevel.PROVINCE).in_provinces([value.pk], prefix="organization__")
        )


class AccountFilter(SearchFilterSet):
    search_fields = ("username", "first_name", "last_name", "email", "organization__name")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "role", "is_active"]


class AreaFilter(SearchFilterSet):
    search_fields = ("name", "code")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=AreaLevel.choices)
    on = django_filters.DateFilter(label=_("Valid on"), method="valid_on", input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    class Meta:
        model = AdministrativeArea
        fields = ["q", "level", "on"]

    def valid_on(self, queryset, name, value):
        return valid_on_day(queryset, value)
