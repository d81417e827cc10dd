"""campaign.services: the lifecycle, frozen criteria, copying and period generation.

(Named test_campaign_services.py because tests/members/test_services.py takes the plain name.)
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from factories import (
    CampaignFactory,
    ClassificationBandFactory,
    CriterionFactory,
    CriterionGroupFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
)

from campaign import services
from campaign.models import CampaignStatus, CampaignTransition, ClassificationBand, Criterion, CriterionGroup
from campaign.services import TransitionError
from members.models import OrganizationKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


STATUSES = [s.value for s in CampaignStatus]
ALLOWED = {
    ("launch", "draft"): "launched",
    ("start", "launched"): "running",
    ("review", "running"): "review",
    ("close", "running"): "closed",
    ("close", "review"): "closed",
}
TARGET_OF = {"launch": "launched", "start": "running", "review": "review", "close": "closed"}


def ready_draft(**kwargs):
    """A draft that may be launched: a plan date, subject kinds, a period and a criterion."""
    campaign = CampaignFactory(status=CampaignStatus.DRAFT, **kwargs)
    ReportingPeriodFactory(campaign=campaign)
    CriterionFactory(campaign=campaign)
    return campaign


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", list(TARGET_OF))
def test_change_status_follows_the_lifecycle_from_every_status(office_user, action, status):
    campaign = ready_draft()
    campaign.status = status
    campaign.save()
    expected = ALLOWED.get((action, status))

    if expected:
        transition = services.change_status(campaign, action, by=office_user, note="Theo Kế hoạch 514")
        campaign.refresh_from_db()
        assert (campaign.status, transition.old_status, transition.status, transition.changed_by, transition.note) == (
            expected,
            status,
            expected,
            office_user,
            "Theo Kế hoạch 514",
        )
    elif TARGET_OF[action] == status:
        # Asking for the status it already has changes nothing and records nothing.
        assert services.change_status(campaign, action, by=office_user) is None
        campaign.refresh_from_db()
        assert (campaign.status, CampaignTransition.objects.count()) == (status, 0)
    else:
        with pytest.raises(TransitionError):
            services.change_status(campaign, action, by=office_user)
        campaign.refresh_from_db()
        assert (campaign.status, CampaignTransition.objects.count()) == (status, 0)


def test_named_steps_walk_a_campaign_from_draft_to_closed(office_user):
    campaign = ready_draft()

    services.launch(campaign, by=office_user)
    services.start(campaign, by=office_user)
    services.begin_review(campaign, by=office_user)
    services.close(campaign, by=office_user)

    steps = list(CampaignTransition.objects.order_by("pk").values_list("old_status", "status"))
    assert steps == [("draft", "launched"), ("launched", "running"), ("running", "review"), ("review", "closed")]


def test_launch_twice_records_one_transition(office_user):
    campaign = ready_draft()

    services.launch(campaign, by=office_user)
    again = services.launch(campaign, by=office_user)

    assert (again, CampaignTransition.objects.count()) == (None, 1)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda c: c.periods.all().delete(), "Add at least one reporting period."),
        (lambda c: c.criteria.all().delete(), "Add at least one criterion."),
        (lambda c: type(c).objects.filter(pk=c.pk).update(plan_date=None), "Give the date of the plan."),
        (lambda c: type(c).objects.filter(pk=c.pk).update(subject_kinds=[]), "Choose the kinds of organization"),
        (
            lambda c: c.criteria.update(max_points=Decimal("0")),
            "The criteria's maximum points must add up to more than zero.",
        ),
    ],
    ids=["no-period", "no-criterion", "no-plan-date", "no-subject-kinds", "zero-points"],
)
def test_launch_refuses_an_incomplete_draft(office_user, spoil, message):
    campaign = ready_draft()
    spoil(campaign)
    campaign.refresh_from_db()

    with pytest.raises(TransitionError) as caught:
        services.launch(campaign, by=office_user)

    campaign.refresh_from_db()
    assert (message in str(caught.value), campaign.status) == (True, "draft")


# --- frozen criteria -----------------------------------------------------------------------


FROZEN_EDITS = {
    "save-criterion": lambda c: services.save_plan_part(Criterion.objects.get(campaign=c)),
    "delete-criterion": lambda c: services.delete_plan_part(Criterion.objects.get(campaign=c)),
    "save-band": lambda c: services.save_plan_part(ClassificationBand.objects.get(campaign=c)),
    "delete-band": lambda c: services.delete_plan_part(ClassificationBand.objects.get(campaign=c)),
    "save-group": lambda c: services.save_plan_part(CriterionGroup.objects.get(campaign=c)),
    "move-group": lambda c: services.move_group(CriterionGroup.objects.get(campaign=c), 1),
    "copy": lambda c: services.copy_criteria(c, CampaignFactory(), by=None, replace=True),
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("edit", list(FROZEN_EDITS))
def test_criteria_groups_and_bands_change_only_in_a_draft(status, edit):
    campaign = CampaignFactory(status=status)
    CriterionFactory(campaign=campaign)
    ClassificationBandFactory(campaign=campaign)

    if status == "draft":
        FROZEN_EDITS[edit](campaign)
    else:
        with pytest.raises(TransitionError, match="frozen"):
            FROZEN_EDITS[edit](campaign)
        assert (Criterion.objects.filter(campaign=campaign).count(), campaign.bands.count()) == (1, 1)


def test_delete_group_refuses_a_group_with_criteria_and_deletes_an_empty_one():
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    full = CriterionFactory(campaign=campaign).group
    empty = CriterionGroupFactory(campaign=campaign, name="Nhóm trống")

    with pytest.raises(TransitionError):
        services.delete_group(full)
    services.delete_group(empty)

    assert list(campaign.criterion_groups.values_list("pk", flat=True)) == [full.pk]


def test_move_group_swaps_with_its_neighbour_and_stops_at_the_ends():
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    a, b, c = (CriterionGroupFactory(campaign=campaign, name=n, order=i) for i, n in enumerate("ABC"))

    services.move_group(c, -1)
    services.move_group(a, -1)  # already first: stays

    assert list(campaign.criterion_groups.order_by("order").values_list("name", flat=True)) == ["A", "C", "B"]


# --- copying -----------------------------------------------------------------------------------


@pytest.fixture
def source():
    """A 2021 campaign with two groups, a criterion for cooperatives only, and two bands."""
    campaign = CampaignFactory(status=CampaignStatus.CLOSED)
    first = CriterionGroupFactory(campaign=campaign, name="I. Phòng, chống dịch", order=1)
    second = CriterionGroupFactory(campaign=campaign, name="II. Sản xuất, kinh doanh", order=2)
    CriterionFactory(campaign=campaign, group=first, code="1.1", max_points=Decimal("30"))
    CriterionFactory(
        campaign=campaign,
        group=second,
        code="2.1",
        rule="target",
        target=Decimal("500"),
        unit="triệu đồng",
        kinds=[OrganizationKind.COOPERATIVE, OrganizationKind.CREDIT_FUND],
        evidence_required=True,
    )
    ClassificationBandFactory(campaign=campaign, name="Xuất sắc", min_score=Decimal("90"))
    ClassificationBandFactory(campaign=campaign, name="Tốt", min_score=Decimal("75"))
    return campaign


def test_copy_criteria_copies_groups_criteria_and_bands_and_records_the_source(office_user, source):
    draft = CampaignFactory(status=CampaignStatus.DRAFT, subject_kinds=[OrganizationKind.COOPERATIVE])

    services.copy_criteria(draft, source, by=office_user)

    draft.refresh_from_db()
    criteria = list(
        draft.criteria.order_by("code").values_list(
            "group__name", "code", "rule", "target", "kinds", "evidence_required"
        )
    )
    assert draft.copied_from == source
    assert criteria == [
        ("I. Phòng, chống dịch", "1.1", "percentage", None, [], False),
        ("II. Sản xuất, kinh doanh", "2.1", "target", Decimal("500.00"), ["cooperative"], True),
    ]
    assert list(draft.bands.values_list("name", "min_score")) == [("Xuất sắc", Decimal("90")), ("Tốt", Decimal("75"))]
    assert source.criteria.count() == 2


def test_copy_criteria_refuses_a_draft_that_has_criteria_unless_replacing(office_user, source):
    draft = CampaignFactory(status=CampaignStatus.DRAFT)
    own = CriterionFactory(campaign=draft, code="9")

    with pytest.raises(TransitionError):
        services.copy_criteria(draft, source, by=office_user)
    assert list(draft.criteria.values_list("pk", flat=True)) == [own.pk]

    services.copy_criteria(draft, source, by=office_user, replace=True)
    assert sorted(draft.criteria.values_list("code", flat=True)) == ["1.1", "2.1"]


def test_copy_criteria_refuses_the_campaign_itself(office_user):
    draft = CampaignFactory(status=CampaignStatus.DRAFT)

    with pytest.raises(TransitionError):
        services.copy_criteria(draft, draft, by=office_user)


def test_max_points_by_kind_sums_the_criteria_that_apply_and_leaves_out_deductions():
    campaign = CampaignFactory(subject_kinds=[OrganizationKind.COOPERATIVE, OrganizationKind.GROUP])
    CriterionFactory(campaign=campaign, max_points=Decimal("40"))
    CriterionFactory(campaign=campaign, max_points=Decimal("25"), kinds=[OrganizationKind.COOPERATIVE])
    CriterionFactory(campaign=campaign, max_points=Decimal("10"), rule="deduction", points_per_unit=Decimal("5"))

    totals = [(str(label), total) for label, total in services.max_points_by_kind(campaign)]

    assert totals == [("Cooperative", Decimal("65")), ("Cooperative group", Decimal("40"))]


# --- periods -----------------------------------------------------------------------------------


def test_generate_monthly_periods_cuts_the_first_and_last_month_to_the_campaign():
    campaign = CampaignFactory(starts_on=dt.date(2021, 11, 8), ends_on=dt.date(2022, 1, 31))

    created = services.generate_monthly_periods(campaign, deadline_days=5)

    assert [(p.name, p.starts_on, p.ends_on, p.deadline) for p in created] == [
        ("Tháng 11/2021", dt.date(2021, 11, 8), dt.date(2021, 11, 30), dt.date(2021, 12, 5)),
        ("Tháng 12/2021", dt.date(2021, 12, 1), dt.date(2021, 12, 31), dt.date(2022, 1, 5)),
        ("Tháng 01/2022", dt.date(2022, 1, 1), dt.date(2022, 1, 31), dt.date(2022, 2, 5)),
    ]


def test_generate_monthly_periods_again_skips_the_names_that_exist():
    campaign = CampaignFactory(starts_on=dt.date(2021, 11, 8), ends_on=dt.date(2022, 1, 31))
    ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 12/2021",
        starts_on=dt.date(2021, 12, 1),
        ends_on=dt.date(2021, 12, 31),
        deadline=dt.date(2022, 1, 10),
    )
    services.generate_monthly_periods(campaign)

    again = services.generate_monthly_periods(campaign)

    assert (again, campaign.periods.count()) == ([], 3)


def test_generate_monthly_periods_refuses_a_closed_campaign():
    campaign = CampaignFactory(status=CampaignStatus.CLOSED)

    with pytest.raises(TransitionError):
        services.generate_monthly_periods(campaign)
    assert campaign.periods.count() == 0


def test_delete_period_refuses_a_period_with_submissions():
    period = ReportingPeriodFactory()
    SubmissionFactory(period=period)

    with pytest.raises(TransitionError):
        services.delete_period(period)
    assert period.campaign.periods.count() == 1


def test_delete_period_deletes_a_period_without_submissions():
    period = ReportingPeriodFactory()

    services.delete_period(period)

    assert period.campaign.periods.count() == 0


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "quarter",
            [
                ("Quý I/2027", dt.date(2027, 2, 10), dt.date(2027, 3, 31), dt.date(2027, 4, 5)),
                ("Quý II/2027", dt.date(2027, 4, 1), dt.date(2027, 6, 30), dt.date(2027, 7, 5)),
                ("Quý III/2027", dt.date(2027, 7, 1), dt.date(2027, 9, 30), dt.date(2027, 10, 5)),
                ("Quý IV/2027", dt.date(2027, 10, 1), dt.date(2027, 11, 30), dt.date(2028, 1, 5)),
            ],
        ),
        (
            "half",
            [
                ("6 tháng đầu năm 2027", dt.date(2027, 2, 10), dt.date(2027, 6, 30), dt.date(2027, 7, 5)),
                ("6 tháng cuối năm 2027", dt.date(2027, 7, 1), dt.date(2027, 11, 30), dt.date(2028, 1, 5)),
            ],
        ),
        ("final", [("Năm 2027", dt.date(2027, 2, 10), dt.date(2027, 11, 30), dt.date(2028, 1, 5))]),
    ],
)
def test_generate_periods_of_quarters_halves_and_the_year(kind, expected):
    campaign = CampaignFactory(starts_on=dt.date(2027, 2, 10), ends_on=dt.date(2027, 11, 30))

    created = services.generate_periods(campaign, kind=kind, deadline_days=5)
    again = services.generate_periods(campaign, kind=kind, deadline_days=5)

    assert [(p.name, p.starts_on, p.ends_on, p.deadline) for p in created] == expected
    assert (again, {p.kind for p in created}) == ([], {kind})


def test_the_period_generator_page_creates_quarters(client, office_user):
    campaign = CampaignFactory(starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 12, 31))
    client.force_login(office_user)

    response = client.post(
        reverse("campaign:period_generate", args=[campaign.pk]), {"kind": "quarter", "deadline_days": "10"}
    )

    assert response.status_code == 302
    assert list(campaign.periods.values_list("name", "deadline")) == [
        ("Quý I/2027", dt.date(2027, 4, 10)),
        ("Quý II/2027", dt.date(2027, 7, 10)),
        ("Quý III/2027", dt.date(2027, 10, 10)),
        ("Quý IV/2027", dt.date(2028, 1, 10)),
    ]
