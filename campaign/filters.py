"""List filters of campaigns and of a campaign's registration overview."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filters import SearchFilterSet
from members.models import AdministrativeArea, Organization, OrganizationKind

from . import areas
from .models import Campaign, CampaignKind, CampaignStatus, GroupingLevel, Registration
from .services import subject_units


class CampaignFilter(SearchFilterSet):
    search_fields = ("name", "short_name", "purpose")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CampaignStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CampaignKind.choices)

    class Meta:
        model = Campaign
        fields = ["q", "status", "kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and not request.user.has_perm("campaign.manage_campaign"):
            # Units never see drafts, so the choice would only ever find nothing.
            choices = [c for c in CampaignStatus.choices if c[0] != CampaignStatus.DRAFT]
            self.filters["status"].extra["choices"] = choices


# The organization field that holds the area of each grouping level.
AREA_FIELDS = {
    GroupingLevel.PROVINCE: "province",
    GroupingLevel.DISTRICT: "district",
    GroupingLevel.COMMUNE: "commune",
}


def with_registration(queryset, campaign):
    """Subject units annotated with `is_registered` for the campaign."""
    registered = Registration.objects.filter(campaign=campaign, organization=OuterRef("pk"))
    return queryset.annotate(is_registered=Exists(registered))


class SubjectUnitFilter(SearchFilterSet):
    """The registration overview: registered or not, kind, and area at the campaign's level."""

    search_fields = ("name", "short_name", "tax_code")
    registered = django_filters.BooleanFilter(label=_("Registered"), field_name="is_registered")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganizationKind.choices)
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=AdministrativeArea.objects.none(), method="in_area"
    )

    class Meta:
        model = Organization
        fields = ["q", "registered", "kind", "area"]

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        kinds = campaign.subject_kinds or []
        self.filters["kind"].extra["choices"] = [c for c in OrganizationKind.choices if c[0] in kinds]
        self.filters["area"].label = GroupingLevel(campaign.grouping_level).label
        self.filters["area"].queryset = areas.areas_of_subjects(campaign, subject_units(campaign))

    def in_area(self, queryset, name, value):
        """Units in the area on the campaign's map (a unit of the former Đắk Nông is in Lâm Đồng in 2026)."""
        return queryset.filter(areas.in_area(self.campaign, value.pk))
