"""“Overdue” is one rule (campaign.models: is_overdue, Registration.objects.overdue), and the
dashboard's count, its overdue list, a unit's home page and the reminders all answer with it."""

import datetime as dt

import pytest
from factories import (
    CampaignFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
)

from campaign import dashboard
from campaign.models import CampaignStatus, Registration, SubmissionStatus, is_overdue
from campaign.reminders import send_reminders

DEADLINE = dt.date(2021, 12, 5)


@pytest.fixture
def scene(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    campaign = CampaignFactory(status=CampaignStatus.RUNNING)
    period = ReportingPeriodFactory(campaign=campaign, deadline=DEADLINE)

    def unit(name, state=None, registered=True, late=False):
        org = OrganizationFactory(name=name, email=f"{len(name)}@example.vn")
        if registered:
            RegistrationFactory(campaign=campaign, organization=org)
        if state:
            SubmissionFactory(period=period, organization=org, status=state, is_late=late)
        return org

    orgs = {
        "late": unit("HTX nộp trễ", SubmissionStatus.SUBMITTED, late=True),
        "verified": unit("HTX đã xác nhận", SubmissionStatus.VERIFIED),
        "returned": unit("HTX bị trả lại", SubmissionStatus.RETURNED),
        "draft": unit("HTX đang soạn", SubmissionStatus.DRAFT),
        "none": unit("HTX chưa nộp"),
        "unregistered": unit("HTX chưa đăng ký", registered=False),
        "unregistered_draft": unit("HTX chưa đăng ký có nháp", SubmissionStatus.DRAFT, registered=False),
    }
    return campaign, period, orgs


def _overdue_on_home(orgs, period, on):
    found = set()
    for key, org in orgs.items():
        for entry in dashboard.unit_overview(org, on=on):
            found |= {key for item in entry.periods if item.period == period and item.overdue}
    return found


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (DEADLINE, set()),  # the deadline day itself: nobody is late yet
        (DEADLINE + dt.timedelta(days=1), {"returned", "draft", "none"}),
    ],
)
def test_the_count_the_list_the_home_page_and_the_reminders_agree_on_who_is_overdue(scene, on, expected):
    campaign, period, orgs = scene
    names = {org.pk: key for key, org in orgs.items()}

    counted = dashboard.progress(campaign, period, on=on).total.overdue
    listed = {names[org.pk] for org in dashboard.overdue_units(period, on=on)}
    queried = {names[pk] for pk in Registration.objects.overdue(period, on).values_list("organization_id", flat=True)}
    at_home = _overdue_on_home(orgs, period, on)
    now = dt.datetime.combine(on, dt.time(9), tzinfo=dt.UTC)
    reminded = {names[org.pk] for org in send_reminders(period, None, now=now).sent}

    assert (counted, listed, queried, at_home, reminded) == (len(expected), expected, expected, expected, expected)


@pytest.mark.parametrize(
    ("registered", "status", "day", "overdue"),
    [
        (True, None, DEADLINE + dt.timedelta(days=1), True),
        (True, SubmissionStatus.DRAFT, DEADLINE + dt.timedelta(days=1), True),
        (True, SubmissionStatus.RETURNED, DEADLINE + dt.timedelta(days=1), True),
        (True, SubmissionStatus.SUBMITTED, DEADLINE + dt.timedelta(days=1), False),
        (True, SubmissionStatus.VERIFIED, DEADLINE + dt.timedelta(days=1), False),
        (False, None, DEADLINE + dt.timedelta(days=1), False),
        (True, None, DEADLINE, False),
    ],
)
def test_is_overdue_for_one_unit_and_period(registered, status, day, overdue):
    period = ReportingPeriodFactory.build(deadline=DEADLINE)

    assert is_overdue(registered, status, period, day) is overdue
