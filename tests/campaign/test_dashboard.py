"""Dashboard aggregates (per area, per kind, overdue, activity), the dashboard and unit home pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import (
    CampaignFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    UserFactory,
    ViolationFactory,
)

from campaign import dashboard
from campaign.models import CampaignStatus, CampaignTransition, Reminder, SubmissionEvent, SubmissionStatus
from members.models import OperatingStatus, OrganizationKind, Role

AFTER = dt.date(2021, 12, 10)  # the period's deadline is 05/12/2021
BEFORE = dt.date(2021, 12, 5)


@pytest.fixture
def scene(dak_nong):
    """Cư Jút: four cooperatives (verified late, returned, draft, none), one unregistered group.
    Đắk Mil: a submitted credit fund; a dissolved cooperative that is no longer a subject."""
    campaign = CampaignFactory(grouping_level="district")
    period = ReportingPeriodFactory(campaign=campaign)
    coop = OrganizationKind.COOPERATIVE

    def unit(name, district, kind=coop, state=None, late=False, registered=True, **extra):
        org = OrganizationFactory(name=name, kind=kind, district=district, **extra)
        if registered:
            RegistrationFactory(campaign=campaign, organization=org)
        if state:
            SubmissionFactory(period=period, organization=org, status=state, is_late=late)
        return org

    cu_jut, dak_mil = dak_nong.cu_jut, dak_nong.dak_mil
    orgs = {
        "verified": unit("HTX A", cu_jut, state=SubmissionStatus.VERIFIED, late=True),
        "returned": unit("HTX B", cu_jut, state=SubmissionStatus.RETURNED),
        "draft": unit("HTX C", cu_jut, state=SubmissionStatus.DRAFT),
        "none": unit("HTX D", cu_jut),
        "group": unit("THT E", cu_jut, kind=OrganizationKind.GROUP, registered=False),
        "fund": unit("QTDND F", dak_mil, kind=OrganizationKind.CREDIT_FUND, state=SubmissionStatus.SUBMITTED),
        "gone": unit("HTX G", dak_mil, registered=False, status=OperatingStatus.DISSOLVED),
    }
    return campaign, period, orgs


def _counts(row):
    return (row.label, row.subjects, row.registered, row.not_started, row.draft, row.submitted, row.returned,
            row.verified, row.late, row.overdue)  # fmt: skip


def test_progress_counts_each_district_after_the_deadline(scene):
    campaign, period, _ = scene

    result = dashboard.progress(campaign, period, on=AFTER)

    assert [_counts(row) for row in result.by_area] == [
        ("Huyện Cư Jút", 5, 4, 1, 1, 0, 1, 1, 1, 3),
        ("Huyện Đắk Mil", 1, 1, 0, 0, 1, 0, 0, 0, 0),
    ]
    assert _counts(result.total) == ("Tất cả đơn vị", 6, 5, 1, 1, 1, 1, 1, 1, 3)


def test_progress_counts_each_kind(scene):
    campaign, period, _ = scene

    result = dashboard.progress(campaign, period, on=AFTER)

    assert [(row.key, row.subjects, row.registered, row.overdue) for row in result.by_kind] == [
        (OrganizationKind.COOPERATIVE, 4, 4, 3),
        (OrganizationKind.GROUP, 1, 0, 0),
        (OrganizationKind.CREDIT_FUND, 1, 1, 0),
    ]


def test_progress_counts_no_one_overdue_before_the_deadline(scene):
    campaign, period, _ = scene

    result = dashboard.progress(campaign, period, on=BEFORE)

    assert result.total.overdue == 0


def test_overdue_units_are_registered_units_with_nothing_handed_in(scene):
    _, period, orgs = scene
    Reminder.objects.create(period=period, organization=orgs["none"], recipients="a@example.vn")

    units = list(dashboard.overdue_units(period, on=AFTER))

    assert [(u.name, u.submission_status, u.last_reminded_at is not None) for u in units] == [
        ("HTX B", SubmissionStatus.RETURNED, False),
        ("HTX C", SubmissionStatus.DRAFT, False),
        ("HTX D", None, True),
    ]
    assert list(dashboard.overdue_units(period, on=BEFORE)) == []


def test_overdue_units_ignore_a_handed_in_report_of_another_period(scene):
    campaign, period, orgs = scene
    later = ReportingPeriodFactory(campaign=campaign, name="Tháng 12/2021", starts_on=dt.date(2021, 12, 1),
                                   ends_on=dt.date(2021, 12, 31), deadline=dt.date(2022, 1, 5))  # fmt: skip
    SubmissionFactory(period=later, organization=orgs["none"], status=SubmissionStatus.SUBMITTED)

    names = [u.name for u in dashboard.overdue_units(period, on=AFTER)]

    assert names == ["HTX B", "HTX C", "HTX D"]


def test_overdue_units_carry_contacts_in_a_fixed_number_of_queries(scene):
    _, period, orgs = scene
    for index, key in enumerate(["returned", "draft", "none"]):
        UserFactory(role=Role.UNIT, organization=orgs[key], email=f"donvi{index}@example.vn")
    orgs["none"].email = "htxd@example.vn"
    orgs["none"].save()

    with CaptureQueriesContext(connection) as queries:
        addresses = [dashboard.recipients_of(u) for u in dashboard.overdue_units(period, on=AFTER)]

    assert addresses == [["donvi0@example.vn"], ["donvi1@example.vn"], ["htxd@example.vn", "donvi2@example.vn"]]
    assert len(queries) == 2


def test_recent_activity_merges_every_source_newest_first(scene, office_user):
    campaign, period, orgs = scene
    submission = orgs["returned"].submissions.get()
    event = SubmissionEvent.objects.create(submission=submission, old_status="submitted", status="returned",
                                           reason="Thiếu minh chứng", by=office_user)  # fmt: skip
    CampaignTransition.objects.create(
        campaign=campaign, old_status="launched", status="running", changed_by=office_user
    )
    ViolationFactory(campaign=campaign, organization=orgs["none"])
    Reminder.objects.create(period=period, organization=orgs["draft"], recipients="x@example.vn")

    items = dashboard.recent_activity(campaign, limit=20)

    assert sorted({item.kind for item in items}) == ["registered", "reminder", "returned", "running", "violation"]
    assert [item.at for item in items] == sorted((item.at for item in items), reverse=True)
    assert any(item.obj == submission and "Thiếu minh chứng" in item.text for item in items) and event.pk


def test_unit_overview_shows_only_the_units_own_reports(scene):
    campaign, period, orgs = scene
    draft_campaign = CampaignFactory(status=CampaignStatus.DRAFT)
    ReportingPeriodFactory(campaign=draft_campaign)

    overview = dashboard.unit_overview(orgs["returned"], on=AFTER)

    assert [(e.campaign, e.registration is not None) for e in overview] == [(campaign, True)]
    assert [(p.period, p.submission.organization, p.overdue) for p in overview[0].periods] == [
        (period, orgs["returned"], True)
    ]


# --- pages -------------------------------------------------------------------------------


@pytest.fixture
def demo_like(scene, unit_user, other_unit_user, own_org, other_org):
    """The scene, with the unit under test returned and another unit's report that must not leak."""
    campaign, period, orgs = scene
    RegistrationFactory(campaign=campaign, organization=own_org)
    RegistrationFactory(campaign=campaign, organization=other_org)
    SubmissionFactory(period=period, organization=own_org, status=SubmissionStatus.RETURNED,
                      return_reason="Bổ sung bảng kê tiêm chủng")  # fmt: skip
    SubmissionFactory(period=period, organization=other_org, status=SubmissionStatus.RETURNED,
                      return_reason="Lý do riêng của đơn vị khác")  # fmt: skip
    return campaign, period


@pytest.mark.parametrize("role", ["office_user", "leader_user"])
def test_home_shows_staff_the_dashboard_of_the_running_campaign(client_for, demo_like, role, request):
    campaign, period = demo_like

    response = client_for(request.getfixturevalue(role)).get(reverse("home"), follow=True)

    assert response.redirect_chain == [(reverse("campaign:dashboard", args=[campaign.pk]), 302)]
    assert (response.status_code, response.context["campaign"], response.context["period"]) == (200, campaign, period)
    assert b'id="dashboard-charts"' in response.content


def test_home_keeps_the_registry_overview_for_the_council(client_for, demo_like, council_user):
    response = client_for(council_user).get(reverse("home"))

    assert (response.status_code, "campaign" in response.context) == (200, False)


def test_dashboard_send_button_is_for_the_office_only(client_for, demo_like, office_user, leader_user):
    campaign, _ = demo_like
    url = reverse("campaign:dashboard", args=[campaign.pk])

    office = client_for(office_user).get(url)
    leader = client_for(leader_user).get(url)

    assert (b"/remind/" in office.content, b"/remind/" in leader.content) == (True, False)


def test_dashboard_exports_the_overdue_units_to_excel(client_for, demo_like, office_user):
    campaign, period = demo_like

    response = client_for(office_user).get(
        reverse("campaign:dashboard", args=[campaign.pk]), {"period": period.pk, "export": "xlsx"}
    )

    assert (response.status_code, response["Content-Type"].startswith("application/vnd.openxml")) == (200, True)


def test_unit_home_shows_its_own_return_reason_and_not_another_units(client_for, demo_like, unit_user):
    response = client_for(unit_user).get(reverse("home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Bổ sung bảng kê tiêm chủng" in content
    assert "Lý do riêng của đơn vị khác" not in content
    assert "HTX B" not in content


def test_unit_home_offers_registration_to_an_unregistered_unit(client_for, scene):
    _, _, orgs = scene
    user = UserFactory(role=Role.UNIT, organization=orgs["group"])

    response = client_for(user).get(reverse("home"))

    entry = response.context["campaigns"][0]
    assert (response.status_code, entry.registration, [p.overdue for p in entry.periods]) == (200, None, [False])


@pytest.mark.parametrize(
    ("starts_on", "level", "expected"),
    [
        (dt.date(2021, 11, 8), "district", ["Huyện Cư Jút"]),
        (dt.date(2021, 11, 8), "province", ["Tỉnh Đắk Nông"]),
        (dt.date(2026, 7, 1), "province", ["Tỉnh Lâm Đồng"]),
        (dt.date(2026, 7, 1), "commune", ["Xã Đắk Wil"]),
        (dt.date(2026, 7, 1), "district", ["Chưa xác định địa bàn"]),
    ],
)
def test_progress_groups_by_the_map_of_the_campaigns_start(dak_nong, starts_on, level, expected):
    campaign = CampaignFactory(starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=180), grouping_level=level)
    end = starts_on + dt.timedelta(days=29)
    period = ReportingPeriodFactory(
        campaign=campaign, starts_on=starts_on, ends_on=end, deadline=end + dt.timedelta(days=5)
    )
    org = OrganizationFactory(province=dak_nong.dak_nong, district=dak_nong.cu_jut, commune=dak_nong.old_dak_wil)
    RegistrationFactory(campaign=campaign, organization=org)

    result = dashboard.progress(campaign, period, on=starts_on)

    assert [(row.label, row.registered) for row in result.by_area] == [(name, 1) for name in expected]


def test_a_verification_keeps_who_has_handed_in_and_a_reopening_does_not(scene, locmem_cache, office_user):
    """The dashboard keeps its count of overdue units with an address under the period's
    submissions scope: a report verified stays handed in, so the count is kept (it cost the first
    view after each verification 30 ms on the national data); reopened, it is counted again."""
    from campaign import scopes, submissions
    from campaign.models import Submission
    from core.caching import versions

    campaign, period, orgs = scene
    report = Submission.objects.get(period=period, organization=orgs["fund"])
    before = versions(scopes.submissions(period.pk))
    submissions.verify(report, by=office_user)
    assert versions(scopes.submissions(period.pk)) == before
    submissions.reopen(report, by=office_user, reason="Thiếu minh chứng")
    assert versions(scopes.submissions(period.pk)) != before
