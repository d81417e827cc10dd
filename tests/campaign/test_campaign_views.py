"""Campaign pages: list, plan, lifecycle confirmations, periods, criteria editor, bands, copying."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import (
    CampaignFactory,
    ClassificationBandFactory,
    CriterionFactory,
    CriterionGroupFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
)
from openpyxl import load_workbook

from campaign.forms import CriterionForm, PeriodForm
from campaign.models import Campaign, CampaignStatus, CampaignTransition, Criterion, CriterionGroup, ReportingPeriod
from members.models import OrganizationKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def ready_draft(**kwargs):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT, **kwargs)
    ReportingPeriodFactory(campaign=campaign)
    CriterionFactory(campaign=campaign)
    return campaign


# --- list and detail ----------------------------------------------------------------------------


def test_campaign_list_for_a_unit_leaves_out_drafts(client_for, unit_user):
    running = CampaignFactory(short_name="Đang chạy")
    CampaignFactory(short_name="Bản nháp", status=CampaignStatus.DRAFT)

    response = client_for(unit_user).get(reverse("campaign:campaign_list"))

    assert [c.pk for c in response.context["page"]] == [running.pk]


def test_campaign_list_for_the_office_filters_by_status_and_search(client_for, office_user):
    CampaignFactory(short_name="Thi đua chống dịch", status=CampaignStatus.RUNNING)
    draft = CampaignFactory(short_name="Thi đua chuyển đổi số", status=CampaignStatus.DRAFT)

    response = client_for(office_user).get(reverse("campaign:campaign_list"), {"status": "draft", "q": "chuyển"})

    assert [c.pk for c in response.context["page"]] == [draft.pk]


def test_campaign_list_export_for_a_unit_holds_no_draft(client_for, unit_user):
    CampaignFactory(short_name="Đang chạy")
    CampaignFactory(short_name="Bản nháp", status=CampaignStatus.DRAFT)

    response = client_for(unit_user).get(reverse("campaign:campaign_list"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Đang chạy"]


def test_campaign_detail_of_a_draft_for_a_unit_answers_404(client_for, unit_user):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)

    response = client_for(unit_user).get(reverse("campaign:campaign_detail", args=[campaign.pk]))

    assert response.status_code == 404


def test_campaign_detail_offers_the_unit_to_register_when_its_kind_takes_part(client_for, unit_user):
    campaign = CampaignFactory(status=CampaignStatus.LAUNCHED)

    response = client_for(unit_user).get(reverse("campaign:campaign_detail", args=[campaign.pk]))

    assert (response.context["can_register"], response.context["registration"]) == (True, None)
    assert reverse("campaign:registration_create", args=[campaign.pk]) in response.content.decode()


def test_campaign_detail_shows_the_unit_its_registration(client_for, unit_user, own_org):
    campaign = CampaignFactory(status=CampaignStatus.RUNNING)
    registration = RegistrationFactory(campaign=campaign, organization=own_org)

    response = client_for(unit_user).get(reverse("campaign:campaign_detail", args=[campaign.pk]))

    assert (response.context["can_register"], response.context["registration"]) == (False, registration)


@pytest.mark.parametrize(("status", "editable"), [("draft", True), ("launched", False), ("closed", False)])
def test_campaign_detail_shows_edit_buttons_for_criteria_only_in_a_draft(client_for, office_user, status, editable):
    criterion = CriterionFactory(campaign=CampaignFactory(status=status))

    response = client_for(office_user).get(reverse("campaign:campaign_detail", args=[criterion.campaign.pk]))

    link = reverse("campaign:criterion_edit", args=[criterion.pk])
    assert (response.context["editable"], link in response.content.decode()) == (editable, editable)


def test_campaign_detail_renders_the_plan_texts_with_bold_headings(client_for, leader_user):
    campaign = CampaignFactory(purpose="**1. Mục đích**\n\nPhổ biến <quán triệt>.")

    response = client_for(leader_user).get(reverse("campaign:campaign_detail", args=[campaign.pk]))

    html = response.content.decode()
    assert ("<p><strong>1. Mục đích</strong></p>" in html, "Phổ biến &lt;quán triệt&gt;." in html) == (True, True)


# --- create and edit ----------------------------------------------------------------------------


def _plan_data(**extra):
    data = {
        "name": "Triển khai phong trào thi đua đặc biệt phòng, chống dịch Covid-19",
        "short_name": "Thi đua chống dịch 2021",
        "kind": "special",
        "plan_number": "514",
        "plan_date": "08/11/2021",
        "starts_on": "08/11/2021",
        "ends_on": "31/01/2022",
        "grouping_level": "district",
        "subject_kinds": ["cooperative", "group"],
        "purpose": "**1. Mục đích**\n\nPhổ biến quán triệt.",
        "bases-TOTAL_FORMS": "2",
        "bases-INITIAL_FORMS": "0",
        "bases-MIN_NUM_FORMS": "0",
        "bases-MAX_NUM_FORMS": "1000",
        "bases-0-number": "747/KH-LMHTXVN",
        "bases-0-issued_on": "19/10/2021",
        "bases-0-issuer": "Liên minh HTX Việt Nam",
        "bases-0-title": "Kế hoạch triển khai phong trào thi đua đặc biệt",
        "bases-0-order": "1",
        "bases-1-order": "0",  # an empty row as the browser sends it
    }
    data.update(extra)
    return data


def test_campaign_create_saves_the_plan_and_its_legal_bases_as_a_draft(client_for, office_user):
    response = client_for(office_user).post(reverse("campaign:campaign_create"), _plan_data())

    campaign = Campaign.objects.get()
    assert response.url == campaign.get_absolute_url()
    assert (campaign.status, campaign.plan_number, campaign.subject_kinds, campaign.created_by) == (
        "draft",
        514,
        ["cooperative", "group"],
        office_user,
    )
    assert list(campaign.legal_bases.values_list("number", "issued_on")) == [("747/KH-LMHTXVN", dt.date(2021, 10, 19))]


def test_campaign_create_with_the_end_before_the_start_says_so_on_the_end(client_for, office_user):
    response = client_for(office_user).post(reverse("campaign:campaign_create"), _plan_data(ends_on="01/11/2021"))

    form = response.context["form"]
    assert (list(form.errors), form["short_name"].value(), Campaign.objects.count()) == (
        ["ends_on"],
        "Thi đua chống dịch 2021",
        0,
    )


@pytest.mark.parametrize("role", ["unit_user", "council_user", "leader_user"])
def test_campaign_create_by_another_role_answers_403(client_for, request, role):
    response = client_for(request.getfixturevalue(role)).post(reverse("campaign:campaign_create"), _plan_data())

    assert (response.status_code, Campaign.objects.count()) == (403, 0)


def test_campaign_edit_refuses_to_move_the_dates_past_a_period(client_for, office_user):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    ReportingPeriodFactory(campaign=campaign, name="Tháng 11/2021")

    response = client_for(office_user).post(
        reverse("campaign:campaign_edit", args=[campaign.pk]), _plan_data(starts_on="15/11/2021")
    )

    assert list(response.context["form"].errors) == ["starts_on"]


# --- lifecycle pages ----------------------------------------------------------------------------


def test_campaign_launch_get_shows_a_confirmation_and_changes_nothing(client_for, office_user):
    campaign = ready_draft()

    response = client_for(office_user).get(reverse("campaign:campaign_launch", args=[campaign.pk]))

    campaign.refresh_from_db()
    assert (response.status_code, campaign.status, CampaignTransition.objects.count()) == (200, "draft", 0)


def test_campaign_launch_post_launches_and_records_who(client_for, office_user):
    campaign = ready_draft()

    response = client_for(office_user).post(
        reverse("campaign:campaign_launch", args=[campaign.pk]), {"note": "Phát động ngày 08/11/2021"}
    )

    campaign.refresh_from_db()
    step = CampaignTransition.objects.get()
    assert (response.url, campaign.status) == (campaign.get_absolute_url(), "launched")
    assert (step.old_status, step.status, step.changed_by, step.note) == (
        "draft",
        "launched",
        office_user,
        "Phát động ngày 08/11/2021",
    )


def test_campaign_launch_post_repeated_records_one_transition(client_for, office_user):
    campaign = ready_draft()
    client = client_for(office_user)
    url = reverse("campaign:campaign_launch", args=[campaign.pk])

    client.post(url)
    response = client.post(url)

    assert (response.status_code, CampaignTransition.objects.count()) == (302, 1)


def test_campaign_launch_post_of_an_incomplete_draft_keeps_it_a_draft(client_for, office_user):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)

    response = client_for(office_user).post(reverse("campaign:campaign_launch", args=[campaign.pk]))

    campaign.refresh_from_db()
    assert (response.status_code, campaign.status) == (200, "draft")
    assert response.context["problems"] == ["Hãy thêm ít nhất một kỳ báo cáo.", "Hãy thêm ít nhất một tiêu chí."]


@pytest.mark.parametrize(
    ("url_name", "before", "after"),
    [
        ("campaign:campaign_start", "launched", "running"),
        ("campaign:campaign_review", "running", "review"),
        ("campaign:campaign_close", "review", "closed"),
        ("campaign:campaign_close", "running", "closed"),
    ],
)
def test_campaign_step_post_moves_the_campaign(client_for, office_user, url_name, before, after):
    campaign = CampaignFactory(status=before)

    client_for(office_user).post(reverse(url_name, args=[campaign.pk]))

    campaign.refresh_from_db()
    assert (campaign.status, CampaignTransition.objects.get().changed_by) == (after, office_user)


@pytest.mark.parametrize(("role", "expected"), [("unit_user", 403), ("council_user", 403), ("leader_user", 403)])
def test_campaign_close_post_by_a_reader_is_refused(client_for, request, role, expected):
    campaign = CampaignFactory(status=CampaignStatus.RUNNING)

    response = client_for(request.getfixturevalue(role)).post(reverse("campaign:campaign_close", args=[campaign.pk]))

    campaign.refresh_from_db()
    assert (response.status_code, campaign.status) == (expected, "running")


def test_campaign_launch_post_by_a_unit_on_a_draft_answers_404(client_for, unit_user):
    campaign = ready_draft()

    response = client_for(unit_user).post(reverse("campaign:campaign_launch", args=[campaign.pk]))

    campaign.refresh_from_db()
    assert (response.status_code, campaign.status) == (404, "draft")


# --- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"deadline": "25/11/2021"}, "deadline"),
        ({"starts_on": "01/10/2021"}, "starts_on"),
        ({"ends_on": "28/02/2022", "deadline": "05/03/2022"}, "ends_on"),
        ({"ends_on": "07/11/2021"}, "ends_on"),
        ({"name": "Tháng 12/2021"}, "name"),
    ],
    ids=["deadline-before-end", "before-campaign", "after-campaign", "end-before-start", "same-name"],
)
def test_period_form_puts_each_message_on_its_field(data, field):
    campaign = CampaignFactory(starts_on=dt.date(2021, 11, 8), ends_on=dt.date(2022, 1, 31))
    ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 12/2021",
        starts_on=dt.date(2021, 12, 1),
        ends_on=dt.date(2021, 12, 31),
        deadline=dt.date(2022, 1, 5),
    )
    values = {"kind": "month", "name": "Tháng 11/2021", "starts_on": "08/11/2021", "ends_on": "30/11/2021"}
    values["deadline"] = "05/12/2021"
    values.update(data)

    form = PeriodForm(values, instance=ReportingPeriod(campaign=campaign), campaign=campaign)

    assert (form.is_valid(), list(form.errors)) == (False, [field])


def test_period_create_post_adds_a_period(client_for, office_user):
    campaign = CampaignFactory(starts_on=dt.date(2021, 11, 8), ends_on=dt.date(2022, 1, 31))

    client_for(office_user).post(
        reverse("campaign:period_create", args=[campaign.pk]),
        {
            "kind": "final",
            "name": "Tổng kết",
            "starts_on": "08/11/2021",
            "ends_on": "31/01/2022",
            "deadline": "15/02/2022",
        },
    )

    assert list(campaign.periods.values_list("name", "deadline")) == [("Tổng kết", dt.date(2022, 2, 15))]


def test_period_generate_get_changes_nothing_and_post_creates_the_months(client_for, office_user):
    campaign = CampaignFactory(starts_on=dt.date(2021, 11, 8), ends_on=dt.date(2022, 1, 31))
    client = client_for(office_user)
    url = reverse("campaign:period_generate", args=[campaign.pk])

    client.get(url)
    assert campaign.periods.count() == 0
    client.post(url, {"deadline_days": "10"})
    client.post(url, {"deadline_days": "10"})

    assert list(campaign.periods.values_list("name", "deadline")) == [
        ("Tháng 11/2021", dt.date(2021, 12, 10)),
        ("Tháng 12/2021", dt.date(2022, 1, 10)),
        ("Tháng 01/2022", dt.date(2022, 2, 10)),
    ]


def test_period_delete_get_changes_nothing_and_post_deletes(client_for, office_user):
    period = ReportingPeriodFactory()
    client = client_for(office_user)
    url = reverse("campaign:period_delete", args=[period.pk])

    client.get(url)
    assert ReportingPeriod.objects.count() == 1
    client.post(url)

    assert ReportingPeriod.objects.count() == 0


def test_period_edit_post_by_a_unit_answers_403_and_changes_nothing(client_for, unit_user):
    period = ReportingPeriodFactory(name="Tháng 11/2021")

    response = client_for(unit_user).post(reverse("campaign:period_edit", args=[period.pk]), {"name": "Đổi"})

    period.refresh_from_db()
    assert (response.status_code, period.name) == (403, "Tháng 11/2021")


# --- criteria editor ---------------------------------------------------------------------------


def _criterion_values(group, **extra):
    values = {
        "group": group.pk,
        "code": "3.1",
        "order": "1",
        "name": "Hoạt động tuyên truyền",
        "rule": "count",
        "unit": "hoạt động",
        "max_points": "10",
        "points_per_unit": "2",
    }
    values.update(extra)
    return values


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"points_per_unit": ""}, "points_per_unit"),
        ({"rule": "deduction", "points_per_unit": ""}, "points_per_unit"),
        ({"rule": "target", "target": ""}, "target"),
        ({"rule": "target", "target": "0"}, "target"),
        ({"max_points": "0"}, "max_points"),
        ({"kinds": ["credit_fund"]}, "kinds"),
        ({"code": "1.1"}, "code"),
    ],
    ids=[
        "count-without-points",
        "deduction-without-points",
        "target-missing",
        "target-zero",
        "zero-max",
        "kind",
        "code",
    ],
)
def test_criterion_form_puts_each_message_on_its_field(extra, field):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT, subject_kinds=[OrganizationKind.COOPERATIVE])
    existing = CriterionFactory(campaign=campaign, code="1.1")

    form = CriterionForm(_criterion_values(existing.group, **extra), campaign=campaign)

    assert (form.is_valid(), list(form.errors)) == (False, [field])


@pytest.mark.parametrize(
    "extra",
    [{}, {"rule": "yes_no", "points_per_unit": ""}, {"rule": "target", "target": "500"}, {"rule": "veto"}],
    ids=["count", "yes-no", "target", "veto"],
)
def test_criterion_form_accepts_what_each_rule_needs(extra):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    group = CriterionGroupFactory(campaign=campaign)

    form = CriterionForm(_criterion_values(group, **extra), campaign=campaign)

    assert form.errors == {}


def test_criterion_create_post_adds_a_criterion_to_a_draft(client_for, office_user):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    group = CriterionGroupFactory(campaign=campaign)

    client_for(office_user).post(
        reverse("campaign:criterion_create", args=[campaign.pk]), _criterion_values(group, kinds=["cooperative"])
    )

    assert list(campaign.criteria.values_list("code", "rule", "points_per_unit", "kinds")) == [
        ("3.1", "count", Decimal("2.00"), ["cooperative"])
    ]


def test_criterion_edit_post_on_a_launched_campaign_changes_nothing(client_for, office_user):
    criterion = CriterionFactory(campaign=CampaignFactory(status=CampaignStatus.LAUNCHED), name="Giữ nguyên")

    response = client_for(office_user).post(
        reverse("campaign:criterion_edit", args=[criterion.pk]), _criterion_values(criterion.group, name="Đổi")
    )

    criterion.refresh_from_db()
    assert (response.status_code, criterion.name) == (302, "Giữ nguyên")


def test_criterion_delete_post_on_a_draft_deletes_it(client_for, office_user):
    criterion = CriterionFactory(campaign=CampaignFactory(status=CampaignStatus.DRAFT))

    client_for(office_user).post(reverse("campaign:criterion_delete", args=[criterion.pk]))

    assert Criterion.objects.count() == 0


def test_group_create_rename_move_and_delete(client_for, office_user):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    first = CriterionGroupFactory(campaign=campaign, name="I. Phòng, chống dịch", order=1)
    client = client_for(office_user)

    client.post(reverse("campaign:group_create", args=[campaign.pk]), {"name": "II. Sản xuất", "order": "2"})
    second = CriterionGroup.objects.get(name="II. Sản xuất")
    client.post(reverse("campaign:group_edit", args=[second.pk]), {"name": "II. Sản xuất, kinh doanh", "order": "2"})
    client.post(reverse("campaign:group_up", args=[second.pk]))
    assert list(campaign.criterion_groups.order_by("order").values_list("name", flat=True)) == [
        "II. Sản xuất, kinh doanh",
        "I. Phòng, chống dịch",
    ]
    client.post(reverse("campaign:group_delete", args=[first.pk]))

    assert list(campaign.criterion_groups.values_list("name", flat=True)) == ["II. Sản xuất, kinh doanh"]


def test_group_delete_post_of_a_group_with_criteria_keeps_it(client_for, office_user):
    group = CriterionFactory(campaign=CampaignFactory(status=CampaignStatus.DRAFT)).group

    client_for(office_user).post(reverse("campaign:group_delete", args=[group.pk]))

    assert CriterionGroup.objects.filter(pk=group.pk).exists()


def test_group_move_get_is_not_allowed(client_for, office_user):
    group = CriterionGroupFactory(campaign=CampaignFactory(status=CampaignStatus.DRAFT))

    response = client_for(office_user).get(reverse("campaign:group_up", args=[group.pk]))

    assert response.status_code == 405


def test_band_create_refuses_a_second_band_at_the_same_score(client_for, office_user):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    ClassificationBandFactory(campaign=campaign, name="Xuất sắc", min_score=Decimal("90"))

    response = client_for(office_user).post(
        reverse("campaign:band_create", args=[campaign.pk]), {"name": "Tốt", "min_score": "90"}
    )

    assert (list(response.context["form"].errors), campaign.bands.count()) == (["min_score"], 1)


def test_band_create_adds_a_band(client_for, office_user):
    campaign = CampaignFactory(status=CampaignStatus.DRAFT)

    client_for(office_user).post(
        reverse("campaign:band_create", args=[campaign.pk]), {"name": "Hoàn thành", "min_score": "50,5"}
    )

    assert list(campaign.bands.values_list("name", "min_score")) == [("Hoàn thành", Decimal("50.5"))]


def test_criteria_copy_post_copies_into_a_draft(client_for, office_user):
    source = CriterionFactory(campaign=CampaignFactory(status=CampaignStatus.CLOSED), code="1.1").campaign
    draft = CampaignFactory(status=CampaignStatus.DRAFT)

    client_for(office_user).post(reverse("campaign:criteria_copy", args=[draft.pk]), {"source": source.pk})

    draft.refresh_from_db()
    assert (draft.copied_from, list(draft.criteria.values_list("code", flat=True))) == (source, ["1.1"])


def test_criteria_copy_post_into_a_draft_with_criteria_says_so_on_replace(client_for, office_user):
    source = CriterionFactory(campaign=CampaignFactory(status=CampaignStatus.CLOSED), code="1.1").campaign
    draft = CriterionFactory(campaign=CampaignFactory(status=CampaignStatus.DRAFT), code="9").campaign

    response = client_for(office_user).post(reverse("campaign:criteria_copy", args=[draft.pk]), {"source": source.pk})

    assert (list(response.context["form"].errors), list(draft.criteria.values_list("code", flat=True))) == (
        ["replace"],
        ["9"],
    )


def test_office_list_counts_registrations(client_for, office_user):
    campaign = CampaignFactory()
    RegistrationFactory.create_batch(2, campaign=campaign)

    response = client_for(office_user).get(reverse("campaign:campaign_list"))

    assert [c.registration_count for c in response.context["page"]] == [2]


@pytest.mark.parametrize("url_name", ["campaign:campaign_list", "campaign:registration_overview"])
def test_list_page_queries_do_not_grow_with_the_rows(client_for, office_user, django_assert_max_num_queries, url_name):
    campaign = CampaignFactory()
    client = client_for(office_user)
    url = reverse(url_name, args=[campaign.pk] if url_name.endswith("overview") else [])
    RegistrationFactory(campaign=campaign)
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    CampaignFactory.create_batch(2)
    RegistrationFactory.create_batch(2, campaign=campaign)

    with django_assert_max_num_queries(len(one)):
        client.get(url)
