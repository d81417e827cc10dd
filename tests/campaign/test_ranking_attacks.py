"""Attacks on the rankings read from the maintained tables (issue 21): what a unit may see of them,
filters typed by hand, and a second campaign whose rows never show in the first's (nor its ranks)."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from factories import (
    AdministrativeAreaFactory,
    CampaignFactory,
    ClassificationBandFactory,
    CriterionFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    UserFactory,
)
from openpyxl import load_workbook
from worlds import submit

from campaign.models import GroupingLevel, ScoringRule
from members.models import AreaLevel, Role

pytestmark = pytest.mark.usefixtures("locmem_cache")  # what is cached is cached, as in production


def rows_of(response):
    return [(s.rank, s.organization_id, s.total) for s in response.context["page"].object_list]


def sheet_names(response):
    return [row[1] for row in list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1:]]


def rankings_url(campaign):
    return reverse("campaign:rankings", args=[campaign.pk])


@pytest.fixture
def second(three_ranked_units, own_org):
    """Another campaign, of 2023, in another province grouped by province, with two periods: two
    cooperatives of its own (90 and 40 points in the first period) and own_org (70), whose first
    campaign scored it 80. The first campaign (three_ranked_units) is left as it is."""
    province = AdministrativeAreaFactory(name="Tỉnh Gia Lai", level=AreaLevel.PROVINCE)
    campaign = CampaignFactory(
        name="Phong trào thi đua đổi mới, sáng tạo năm 2023",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
        plan_date=dt.date(2023, 1, 1),
        grouping_level=GroupingLevel.PROVINCE,
    )
    q1 = ReportingPeriodFactory(
        campaign=campaign, name="Quý I/2023", starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2023, 3, 31),
        deadline=dt.date(2023, 4, 5),
    )  # fmt: skip
    q2 = ReportingPeriodFactory(
        campaign=campaign, name="Quý II/2023", starts_on=dt.date(2023, 4, 1), ends_on=dt.date(2023, 6, 30),
        deadline=dt.date(2023, 7, 5),
    )  # fmt: skip
    criterion = CriterionFactory(campaign=campaign, rule=ScoringRule.PERCENTAGE, max_points=100)
    ClassificationBandFactory(campaign=campaign, name="Tốt", min_score=D("60"))
    best = OrganizationFactory(name="Hợp tác xã Chè Biển Hồ", province=province)
    last = OrganizationFactory(name="Hợp tác xã Cà phê Ia Grai", province=province)
    for org, value in ((best, 90), (own_org, 70), (last, 40)):
        RegistrationFactory(campaign=campaign, organization=org)
        submit(q1, org, {criterion: (value, None)})
    submit(q2, best, {criterion: (10, None)})
    return type("Second", (), dict(campaign=campaign, q1=q1, q2=q2, best=best, last=last, province=province,
                                   first=three_ranked_units))  # fmt: skip


def test_the_second_campaigns_ranking_holds_its_own_units_ranked_by_its_own_scores(
    client_for, office_user, own_org, second
):
    office = client_for(office_user)
    first_before = rows_of(office.get(rankings_url(second.first.campaign)))

    period = rows_of(office.get(rankings_url(second.campaign), {"period": second.q1.pk}))
    area = rows_of(office.get(rankings_url(second.campaign), {"period": second.q1.pk, "area": second.province.pk}))

    assert period == [(1, second.best.pk, D("90.00")), (2, own_org.pk, D("70.00")), (3, second.last.pk, D("40.00"))]
    assert area == [(1, second.best.pk, D("90.00")), (2, second.last.pk, D("40.00"))]  # ranked within the area
    assert rows_of(office.get(rankings_url(second.first.campaign))) == first_before  # the first's untouched
    assert (1, own_org.pk, D("80.00")) in first_before
    assert not {second.best.pk, second.last.pk} & {pk for _r, pk, _t in first_before}


def test_a_period_of_the_other_campaign_shows_this_campaigns_ranking_not_the_others_rows(
    client_for, office_user, own_org, second
):
    office = client_for(office_user)
    url = rankings_url(second.first.campaign)

    foreign = rows_of(office.get(url, {"period": second.q1.pk}))
    foreign_area = rows_of(office.get(url, {"area": second.province.pk}))

    assert foreign == rows_of(office.get(url))  # not a choice here: the cumulated ranking of this campaign
    assert foreign_area == foreign
    assert not {second.best.pk, second.last.pk} & {pk for _r, pk, _t in foreign}


def test_a_units_rank_and_history_are_those_of_each_campaign(client_for, own_org, second):
    unit = client_for(UserFactory(username="donvi_hai", role=Role.UNIT, organization=own_org))

    first = unit.get(reverse("campaign:scorecard", args=[second.first.campaign.pk, own_org.pk]))
    other = unit.get(reverse("campaign:scorecard", args=[second.campaign.pk, own_org.pk]))

    assert [(s.rank, s.total) for _p, s in first.context["history"]] == [(1, D("80.00"))]
    assert [(p.pk, s.rank, s.total) for p, s in other.context["history"]][0] == (second.q1.pk, 2, D("70.00"))
    assert [p.pk for p, _s in other.context["history"]] == [second.q1.pk, second.q2.pk]
    home = {entry.campaign.pk: entry.history for entry in unit.get(reverse("home")).context["campaigns"]}
    assert [(s.rank, s.total) for _p, s in home[second.first.campaign.pk] if s.verified] == [(1, D("80.00"))]
    assert [(s.rank, s.total) for _p, s in home[second.campaign.pk] if s.verified] == [(2, D("70.00"))]


FILTERS = [
    {},
    {"period": "PERIOD"},
    {"kind": "cooperative"},
    {"kind": "group"},
    {"area": "AREA"},
    {"period": "PERIOD", "area": "AREA", "kind": "cooperative"},
    {"page": "2"},
    {"page": "99999"},
]


@pytest.mark.parametrize("params", FILTERS)
def test_a_unit_sees_its_own_row_only_whatever_the_filter(client_for, unit_user, own_org, three_ranked_units, params):
    w = three_ranked_units
    values = {"PERIOD": str(w.period.pk), "AREA": str(w.district.pk)}
    params = {k: values.get(v, v) for k, v in params.items()}
    client = client_for(unit_user)

    page = client.get(rankings_url(w.campaign), params)
    sheet = client.get(rankings_url(w.campaign), {**params, "export": "xlsx"})

    assert page.status_code == 200
    assert {s.organization_id for s in page.context["page"].object_list} <= {own_org.pk}
    assert set(sheet_names(sheet)) <= {own_org.name}


def test_a_unit_reads_no_other_units_scorecard_in_either_campaign(client_for, own_org, other_org, second):
    unit = client_for(UserFactory(username="donvi_ba", role=Role.UNIT, organization=own_org))

    for campaign, org in ((second.first.campaign, other_org), (second.campaign, second.best)):
        assert unit.get(reverse("campaign:scorecard", args=[campaign.pk, org.pk])).status_code == 404


BOGUS = [
    {"area": "abc"},
    {"area": "2,5"},
    {"area": "99999999999999999999999"},
    {"area": "-1"},
    {"area": "١"},
    {"kind": "nonsense"},
    {"kind": "cooperative,group"},
    {"period": "abc"},
    {"period": "2,5"},
    {"period": "99999999999999999999999"},
    {"page": "abc"},
    {"page": "2,5"},
    {"page": "-1"},
    {"page": "99999"},
    {"area": "abc", "kind": "nonsense", "period": "2,5", "page": "abc"},
]


@pytest.mark.parametrize("params", BOGUS)
@pytest.mark.parametrize("role", ["office_user", "unit_user"])
def test_a_bogus_filter_shows_the_ranking_never_a_server_error(client_for, request, three_ranked_units, params, role):
    w, client = three_ranked_units, client_for(request.getfixturevalue(role))
    units = {s.organization_id for s in client.get(rankings_url(w.campaign)).context["page"].object_list}

    page = client.get(rankings_url(w.campaign), params)
    sheet = client.get(rankings_url(w.campaign), {**params, "export": "xlsx"})

    assert (page.status_code, sheet.status_code) == (200, 200)
    assert {s.organization_id for s in page.context["page"].object_list} <= units


@pytest.mark.parametrize("org_pk", ["99999999999999999999999"])
def test_a_scorecard_of_an_id_too_large_is_404(client_for, office_user, three_ranked_units, org_pk):
    url = reverse("campaign:scorecard", args=[three_ranked_units.campaign.pk, 1]).replace("/1/", f"/{org_pk}/")

    assert client_for(office_user).get(url).status_code == 404
