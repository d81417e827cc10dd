"""Violation services: every check, the default points, and the history of changes and deletions."""

import datetime as dt
from decimal import Decimal as D

import pytest
from factories import CampaignFactory, CriterionFactory, OrganizationFactory, PersonFactory, ViolationFactory

from campaign.models import CampaignStatus, ScoringRule, Violation
from campaign.violations import ViolationError, delete_violation, record_violation, update_violation


@pytest.fixture
def campaign(db):
    return CampaignFactory()


@pytest.fixture
def breach(campaign):
    return CriterionFactory(campaign=campaign, rule=ScoringRule.DEDUCTION, max_points=10, points_per_unit=D("3"))


def record(campaign, office_user, **overrides):
    kwargs = dict(
        organization=overrides.pop("organization", None) or OrganizationFactory(),
        occurred_on=dt.date(2021, 11, 20),
        description="Tụ tập đông người khi đang giãn cách",
        effect="deduction",
        points=D("2"),
        by=office_user,
    )
    kwargs.update(overrides)
    return record_violation(campaign, **kwargs)


def test_record_violation_saves_it_with_who_recorded_it(campaign, office_user):
    violation = record(campaign, office_user)

    record_ = violation.history.get()
    assert (violation.recorded_by, violation.points, record_.history_user, record_.history_type) == (
        office_user,
        D("2"),
        office_user,
        "+",
    )


def test_record_violation_defaults_points_to_the_criterion_points_per_violation(campaign, breach, office_user):
    violation = record(campaign, office_user, criterion=breach, points=None)

    assert violation.points == D("3")


def test_record_violation_of_a_veto_takes_off_no_points(campaign, office_user):
    violation = record(campaign, office_user, effect="veto", points=D("7"))

    assert violation.points == D("0")


@pytest.fixture
def other_campaign_criterion(db):
    return CriterionFactory(rule=ScoringRule.DEDUCTION)


BAD = [
    ("before the campaign", dict(occurred_on=dt.date(2021, 11, 7)), "occurred_on"),
    ("after the campaign", dict(occurred_on=dt.date(2022, 2, 1)), "occurred_on"),
    ("kind not taking part", dict(organization="department"), "organization"),
    ("person of another unit", dict(person="other"), "person"),
    ("criterion of another campaign", dict(criterion="other_campaign"), "criterion"),
    ("criterion scored from a value", dict(criterion="percentage"), "criterion"),
    ("effect not the criterion's", dict(criterion="breach", effect="veto"), "effect"),
    ("unknown effect", dict(effect="warning"), "effect"),
    ("no points and no criterion", dict(points=None), "points"),
    ("negative points", dict(points=D("-1")), "points"),
]


@pytest.mark.parametrize(("case", "overrides", "field"), BAD, ids=[case for case, _o, _f in BAD])
def test_record_violation_refuses_what_breaks_a_rule(
    campaign, breach, other_campaign_criterion, office_user, case, overrides, field
):
    overrides = dict(overrides)
    if overrides.get("organization") == "department":
        overrides["organization"] = OrganizationFactory(kind="department")
    if overrides.get("person") == "other":
        overrides["person"] = PersonFactory()
    criteria = {
        "other_campaign": other_campaign_criterion,
        "percentage": CriterionFactory(campaign=campaign, rule=ScoringRule.PERCENTAGE),
        "breach": breach,
    }
    if "criterion" in overrides:
        overrides["criterion"] = criteria[overrides["criterion"]]

    with pytest.raises(ViolationError) as caught:
        record(campaign, office_user, **overrides)

    assert (caught.value.field, Violation.objects.count()) == (field, 0)


def test_record_violation_accepts_a_person_of_the_unit(campaign, office_user):
    org = OrganizationFactory()
    person = PersonFactory(organization=org)

    violation = record(campaign, office_user, organization=org, person=person)

    assert violation.person == person


def test_record_violation_in_a_closed_campaign_is_refused(office_user):
    campaign = CampaignFactory(status=CampaignStatus.CLOSED)

    with pytest.raises(ViolationError):
        record(campaign, office_user)


def test_update_violation_changes_fields_and_keeps_the_old_ones_in_history(campaign, office_user):
    violation = record(campaign, office_user)

    changed = update_violation(violation, by=office_user, reason="Biên bản kiểm tra bổ sung", points=D("4"))

    violation.refresh_from_db()
    latest = violation.history.first()
    assert (changed, violation.points, latest.history_change_reason, latest.prev_record.points) == (
        True,
        D("4"),
        "Biên bản kiểm tra bổ sung",
        D("2"),
    )


def test_update_violation_with_the_same_values_writes_nothing(campaign, office_user):
    violation = record(campaign, office_user)

    changed = update_violation(violation, by=office_user, points=D("2"), description=violation.description)

    assert (changed, violation.history.count()) == (False, 1)


def test_update_violation_checks_the_new_values(campaign, office_user):
    violation = record(campaign, office_user)

    with pytest.raises(ViolationError):
        update_violation(violation, by=office_user, occurred_on=dt.date(2020, 1, 1))

    violation.refresh_from_db()
    assert violation.occurred_on == dt.date(2021, 11, 20)


def test_delete_violation_keeps_it_in_history_with_the_reason(campaign, office_user):
    violation = ViolationFactory(campaign=campaign)

    deleted = delete_violation(violation, by=office_user, reason="Ghi nhầm đơn vị")

    last = Violation.history.filter(id=violation.pk).first()
    assert (deleted, Violation.objects.count(), last.history_type, last.history_change_reason, last.history_user) == (
        True,
        0,
        "-",
        "Ghi nhầm đơn vị",
        office_user,
    )


def test_delete_violation_twice_does_nothing_the_second_time(campaign, office_user):
    violation = ViolationFactory(campaign=campaign)
    delete_violation(violation, by=office_user, reason="Ghi nhầm")

    assert delete_violation(violation, by=office_user, reason="Ghi nhầm") is False


def test_delete_violation_without_a_reason_is_refused(campaign, office_user):
    violation = ViolationFactory(campaign=campaign)

    with pytest.raises(ViolationError):
        delete_violation(violation, by=office_user, reason="  ")

    assert Violation.objects.count() == 1
