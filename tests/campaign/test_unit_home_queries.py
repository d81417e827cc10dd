"""The unit's home asks whether it takes part in every campaign in one query (issue 21)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CampaignFactory, OrganizationFactory, RegistrationFactory

from campaign.dashboard import unit_overview
from campaign.models import CampaignStatus, campaigns_taken_part
from members.models import OrganizationKind


def test_taking_part_in_many_campaigns_at_once_is_takes_part_of_each(db):
    unit = OrganizationFactory(kind=OrganizationKind.COOPERATIVE)
    campaigns = [
        CampaignFactory(subject_kinds=[OrganizationKind.COOPERATIVE]),
        CampaignFactory(subject_kinds=[OrganizationKind.UNION]),
        CampaignFactory(subject_kinds=[]),
    ]
    assert campaigns_taken_part(campaigns, unit) == {c.pk for c in campaigns if c.takes_part(unit)}
    assert campaigns_taken_part(campaigns, unit) == {campaigns[0].pk}
    assert campaigns_taken_part([], unit) == set()


def test_the_units_overview_does_not_ask_once_per_campaign(db):
    unit = OrganizationFactory(kind=OrganizationKind.COOPERATIVE)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            found = unit_overview(unit)
        return len(captured), found

    CampaignFactory(status=CampaignStatus.RUNNING, subject_kinds=[OrganizationKind.COOPERATIVE])
    few, _found = queries()
    other = CampaignFactory(status=CampaignStatus.RUNNING, subject_kinds=[OrganizationKind.UNION])
    RegistrationFactory(campaign=other, organization=unit)  # registered though not of its kinds
    CampaignFactory(status=CampaignStatus.RUNNING, subject_kinds=[OrganizationKind.UNION])  # not its campaign
    many, found = queries()
    assert many == few
    assert len(found) == 2
