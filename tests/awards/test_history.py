"""The award history: rows written at issue, past awards entered by the office, one awardee's whole history."""

import datetime as dt

import pytest
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    HouseholdFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    SignerFactory,
    leader_approves,
)

from awards.decisions import issue_decision, prepare_decision
from awards.history import history_of, record_past_award, withdraw_past_award
from awards.models import AwardRecord, NominationStatus, NomineeKind, RecordSource
from core.errors import TransitionError

DAY_2022 = dt.date(2022, 2, 25)


@pytest.fixture
def cstdcs(db):
    return AwardTypeFactory(name="Chiến sĩ thi đua cơ sở", short_name="CSTĐCS", coefficient_key="bonus_cstdcs")


@pytest.fixture
def person(db):
    return PersonFactory(full_name="Trần Thị Hoa", birth_year=1980)


def test_an_issued_decision_writes_each_awardee_into_the_history(demo_parameters, office_user, cstdcs, person):
    SignerFactory()
    campaign = CampaignFactory(
        starts_on=dt.date(2021, 1, 1), ends_on=dt.date(2021, 12, 31), plan_date=dt.date(2021, 1, 5)
    )
    nomination = NominationFactory(
        campaign=campaign,
        award_type=cstdcs,
        nominee_kind="individual",
        organization=person.organization,
        person=person,
        status=NominationStatus.APPROVED,
    )
    decision = prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY_2022)
    issue_decision(leader_approves(decision), by=office_user)
    decision.refresh_from_db()

    [record] = history_of(person=person)
    assert (record.source, record.year, record.award_type, record.decision_date) == (
        RecordSource.ISSUED_HERE,
        2021,
        cstdcs,
        DAY_2022,
    )
    assert record.decision_number == decision.document.reference
    assert record.award == decision.awards.get()
    assert record.is_revoked is False


def test_history_is_in_year_order_whatever_order_it_was_entered(office_user, cstdcs, person):
    for year in (2020, 2018, 2019):
        record_past_award(by=office_user, person=person, award_type=cstdcs, year=year, decision_number=f"{year}/QĐ")

    assert [r.year for r in history_of(person=person)] == [2018, 2019, 2020]


def test_a_past_award_not_in_the_catalogue_is_entered_by_its_name(office_user):
    unit = OrganizationFactory()
    record = record_past_award(
        by=office_user, organization=unit, title="Cờ thi đua của UBND tỉnh", year=2017, deciding_body="UBND tỉnh"
    )

    assert (record.nominee_kind, record.award_name) == (NomineeKind.COLLECTIVE, "Cờ thi đua của UBND tỉnh")
    assert history_of(organization=unit) == [record]


def test_the_same_award_of_the_same_year_is_not_entered_twice(office_user, cstdcs, person):
    record_past_award(by=office_user, person=person, award_type=cstdcs, year=2020)

    with pytest.raises(TransitionError):
        record_past_award(by=office_user, person=person, award_type=cstdcs, year=2020)


@pytest.mark.parametrize(
    "year, day",
    [
        (1900, None),
        (dt.date.today().year + 1, None),
        (2020, dt.date(2019, 12, 31)),
        (2020, dt.date.today() + dt.timedelta(days=1)),
    ],
)
def test_a_year_or_decision_date_out_of_bounds_is_refused(office_user, cstdcs, person, year, day):
    with pytest.raises(TransitionError):
        record_past_award(by=office_user, person=person, award_type=cstdcs, year=year, decision_date=day)


def test_only_the_office_enters_past_awards(unit_user, cstdcs, person):
    with pytest.raises(TransitionError):
        record_past_award(by=unit_user, person=person, award_type=cstdcs, year=2020)


def test_a_unit_history_with_its_members_holds_people_and_households(office_user, cstdcs):
    unit = OrganizationFactory()
    member = PersonFactory(organization=unit)
    household = HouseholdFactory(organization=unit)
    giay_khen = AwardTypeFactory(name="Giấy khen", for_collectives=True, for_households=True)
    own = record_past_award(by=office_user, organization=unit, award_type=giay_khen, year=2019)
    theirs = record_past_award(by=office_user, person=member, award_type=cstdcs, year=2020)
    home = record_past_award(by=office_user, household=household, award_type=giay_khen, year=2021)

    assert history_of(organization=unit) == [own]
    assert history_of(organization=unit, include_members=True) == [own, theirs, home]
    assert history_of(household=household) == [home]


def test_a_wrong_entry_is_withdrawn_with_a_reason_and_its_row_history_keeps_it(office_user, cstdcs, person):
    record = record_past_award(by=office_user, person=person, award_type=cstdcs, year=2020)

    with pytest.raises(TransitionError):
        withdraw_past_award(record, by=office_user, reason=" ")
    withdraw_past_award(record, by=office_user, reason="Nhập nhầm người")

    assert not AwardRecord.objects.exists()
    assert AwardRecord.history.filter(history_type="-", note__contains="Nhập nhầm").exists()


# --- eligibility reads the whole history --------------------------------------------------------


@pytest.fixture
def province_title(db):
    return AwardTypeFactory(
        name="Chiến sĩ thi đua cấp tỉnh",
        short_name="CSTĐ tỉnh",
        category="title",
        issuer="province",
        coefficient_key="bonus_cstd_province",
        minimum_band="",
    )


def _check(person, award_type, office_user, campaign):
    from factories import RegistrationFactory

    from awards import eligibility
    from awards.nominations import create_nomination, gather_facts

    RegistrationFactory(campaign=campaign, organization=person.organization)
    nomination = create_nomination(
        campaign=campaign,
        award_type=award_type,
        nominee_kind="individual",
        person=person,
        achievements="Ba năm liền Chiến sĩ thi đua cơ sở.",
        by=office_user,
    )
    rules, facts, _score = gather_facts(nomination)
    return eligibility.check(rules, facts), eligibility.met_conditions(rules, facts)


@pytest.mark.usefixtures("english", "demo_parameters")
@pytest.mark.parametrize(
    "years, eligible", [((2019, 2020, 2021), True), ((2020, 2021), False), ((2018, 2019, 2021), False)]
)
def test_eligibility_for_the_provincial_title_counts_the_years_of_the_history(
    office_user, cstdcs, province_title, person, years, eligible
):
    for year in years:
        record_past_award(
            by=office_user, person=person, award_type=cstdcs, year=year, decision_number=f"{year - 2000}/QĐ-LMHTX"
        )
    campaign = CampaignFactory(kind="regular", starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 12, 31))

    reasons, met = _check(person, province_title, office_user, campaign)

    span = [r for r in reasons if r.code == "streak_cstd_province"]
    assert bool(span) is not eligible
    if eligible:
        assert any("2019 (19/QĐ-LMHTX), 2020 (20/QĐ-LMHTX), 2021 (21/QĐ-LMHTX)" in line for line in met)
    else:
        assert "21/QĐ-LMHTX" in span[0].text
