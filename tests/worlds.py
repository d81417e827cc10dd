"""Campaign worlds several test modules build on, one fixture each (conftest imports them).

They differ on purpose: `district_ranking` has every scoring rule, two periods and units in two
districts; `three_ranked_units` three verified units whose totals order them plainly.
"""

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from factories import (
    AdministrativeAreaFactory,
    ClassificationBandFactory,
    CriterionFactory,
    CriterionGroupFactory,
    OrganizationFactory,
    RegistrationFactory,
    RegistrationTargetFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    SubmissionValueFactory,
)

from campaign.models import ScoringRule, SubmissionStatus


def submit(period, org, values, status=SubmissionStatus.VERIFIED):
    """A submission of `org` for `period` with {criterion: (value, staff score)}."""
    submission = SubmissionFactory(period=period, organization=org, status=status)
    for criterion, (value, staff_score) in values.items():
        SubmissionValueFactory(submission=submission, criterion=criterion, value=value, staff_score=staff_score)
    return submission


@pytest.fixture
def district_ranking(db):
    """A campaign grouped by district with two monthly periods, five criteria and two bands.

    Units: `a` and `b` cooperatives of Cư Jút and Đắk Mil, `c` a cooperative whose submission
    is only submitted, `g` a cooperative group; and `x`, a cooperative that did not register.
    """
    cu_jut = AdministrativeAreaFactory(name="Huyện Cư Jút", level="district")
    dak_mil = AdministrativeAreaFactory(name="Huyện Đắk Mil", level="district")
    p1 = ReportingPeriodFactory(name="Tháng 11/2021")
    campaign = p1.campaign
    p2 = ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 12/2021",
        starts_on=dt.date(2021, 12, 1),
        ends_on=dt.date(2021, 12, 31),
        deadline=dt.date(2022, 1, 5),
    )
    group = CriterionGroupFactory(campaign=campaign, name="Phòng, chống dịch")
    economy = CriterionGroupFactory(campaign=campaign, name="Sản xuất, kinh doanh")
    crit = SimpleNamespace(
        vaccinated=CriterionFactory(campaign=campaign, group=group, rule=ScoringRule.PERCENTAGE, max_points=20),
        revenue=CriterionFactory(
            campaign=campaign, group=economy, rule=ScoringRule.TARGET, max_points=30, target=D("100")
        ),
        initiative=CriterionFactory(campaign=campaign, group=economy, rule=ScoringRule.QUALITATIVE, max_points=10),
        breach=CriterionFactory(
            campaign=campaign, group=group, rule=ScoringRule.DEDUCTION, max_points=10, points_per_unit=5
        ),
        veto=CriterionFactory(campaign=campaign, group=group, rule=ScoringRule.VETO, max_points=0),
    )
    ClassificationBandFactory(campaign=campaign, name="Xuất sắc", min_score=D("50"))
    ClassificationBandFactory(campaign=campaign, name="Khá", min_score=D("20"))
    orgs = SimpleNamespace(
        a=OrganizationFactory(name="HTX A", district=cu_jut),
        b=OrganizationFactory(name="HTX B", district=dak_mil),
        c=OrganizationFactory(name="HTX C", district=cu_jut),
        g=OrganizationFactory(name="THT G", kind="group", district=cu_jut),
        x=OrganizationFactory(name="HTX X không đăng ký", district=cu_jut),
    )
    registrations = {key: RegistrationFactory(campaign=campaign, organization=getattr(orgs, key)) for key in "abcg"}
    RegistrationTargetFactory(registration=registrations["a"], criterion=crit.revenue, target=D("50"))
    submit(p1, orgs.a, {crit.vaccinated: (100, None), crit.revenue: (50, None), crit.initiative: (None, 8)})
    submit(p1, orgs.b, {crit.vaccinated: (50, None), crit.revenue: (50, None)})
    submit(p1, orgs.c, {crit.vaccinated: (100, None), crit.revenue: (100, None)}, SubmissionStatus.SUBMITTED)
    submit(p1, orgs.x, {crit.vaccinated: (100, None)})
    return SimpleNamespace(
        campaign=campaign, p1=p1, p2=p2, crit=crit, orgs=orgs, cu_jut=cu_jut, dak_mil=dak_mil, group=group
    )


@pytest.fixture
def three_ranked_units(own_org, other_org):
    """A running campaign with one period: own_org 80 points, other_org 60, a group 50."""
    district = AdministrativeAreaFactory(name="Huyện Krông Nô", level="district")
    own_org.district = district
    own_org.save()
    period = ReportingPeriodFactory(name="Tháng 11/2021")
    campaign = period.campaign
    criterion = CriterionFactory(campaign=campaign, rule=ScoringRule.PERCENTAGE, max_points=100)
    ClassificationBandFactory(campaign=campaign, name="Xuất sắc", min_score=D("75"))
    group = OrganizationFactory(name="=Tổ hợp tác Cà phê", kind="group")
    for org, value in ((own_org, 80), (other_org, 60), (group, 50)):
        RegistrationFactory(campaign=campaign, organization=org)
        submission = SubmissionFactory(period=period, organization=org, status=SubmissionStatus.VERIFIED)
        SubmissionValueFactory(submission=submission, criterion=criterion, value=value)
    return type("World", (), dict(campaign=campaign, period=period, criterion=criterion, district=district))
