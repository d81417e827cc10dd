"""Reminders (đôn đốc): the task e-mails overdue units only, records them, and never doubles."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from factories import (
    CampaignFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    UserFactory,
)

from campaign.models import CampaignStatus, Reminder, SubmissionStatus
from campaign.reminders import send_reminders
from campaign.tasks import send_reminders as send_reminders_task
from members.models import Role

# The task runs in-process here even in CI's run with a Redis broker (no worker is started).
pytestmark = pytest.mark.usefixtures("eager_celery")


@pytest.fixture
def overdue_scene(db, settings):
    """A period whose deadline has passed: two overdue units with addresses, one without, one done."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    campaign = CampaignFactory()
    period = ReportingPeriodFactory(campaign=campaign, name="Tháng 11/2021")

    def unit(name, email="", account_email=None, state=None):
        org = OrganizationFactory(name=name, email=email)
        RegistrationFactory(campaign=campaign, organization=org)
        if account_email is not None:
            UserFactory(role=Role.UNIT, organization=org, email=account_email)
        if state:
            SubmissionFactory(period=period, organization=org, status=state)
        return org

    orgs = {
        "draft": unit("HTX Cà phê Ea Pô", "htx.eapo@example.vn", "donvi5@example.vn", SubmissionStatus.DRAFT),
        "none": unit("HTX Rau an toàn Đắk Wil", account_email="donvi4@example.vn"),
        "no_address": unit("HTX Vận tải Cư Jút"),
        "done": unit("HTX Hồ tiêu Thuận An", "htx.thuanan@example.vn", state=SubmissionStatus.SUBMITTED),
    }
    OrganizationFactory(name="HTX chưa đăng ký", email="chuadangky@example.vn")  # not registered: not owed
    return period, orgs


def test_send_reminders_mails_each_overdue_unit_with_an_address(overdue_scene, office_user):
    period, orgs = overdue_scene

    result = send_reminders_task.delay(period.pk, office_user.pk).get()

    assert result == {"sent": 2, "no_address": 1, "recent": 0}
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("donvi4@example.vn",),
        ("htx.eapo@example.vn", "donvi5@example.vn"),
    ]
    assert sorted(Reminder.objects.values_list("organization__name", "sent_by")) == [
        ("HTX Cà phê Ea Pô", office_user.pk),
        ("HTX Rau an toàn Đắk Wil", office_user.pk),
    ]


def test_send_reminders_writes_the_email_in_vietnamese_in_text_and_html(overdue_scene, office_user):
    period, orgs = overdue_scene

    send_reminders(period, office_user, site_url="https://thidua.example.vn/")

    message = next(m for m in mail.outbox if "donvi5@example.vn" in m.to)
    assert message.subject == "Đôn đốc báo cáo kết quả thi đua Tháng 11/2021 – HTX Cà phê Ea Pô"
    assert "đến hết hạn ngày 05/12/2021" in message.body
    assert "báo cáo đang ở dạng nháp" in message.body
    assert "https://thidua.example.vn/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_send_reminders_twice_the_same_day_sends_nothing_more(overdue_scene, office_user):
    period, _ = overdue_scene
    send_reminders(period, office_user)

    again = send_reminders(period, office_user)

    assert (len(mail.outbox), Reminder.objects.count(), len(again.sent), len(again.recent)) == (2, 2, 0, 2)


def test_send_reminders_the_next_day_mails_again(overdue_scene, office_user):
    period, _ = overdue_scene
    send_reminders(period, office_user)

    later = send_reminders(period, office_user, now=timezone.now() + dt.timedelta(days=1))

    assert (len(mail.outbox), Reminder.objects.count(), len(later.sent)) == (4, 4, 2)


def test_send_reminders_before_the_deadline_mails_no_one(overdue_scene, office_user):
    period, _ = overdue_scene
    on_deadline = timezone.make_aware(dt.datetime(2021, 12, 5, 16, 0))

    result = send_reminders(period, office_user, now=on_deadline)

    assert (result.sent, len(mail.outbox), Reminder.objects.count()) == ([], 0, 0)


def test_send_reminders_task_for_a_period_that_is_gone_does_nothing(db, office_user):
    assert send_reminders_task.delay(999999, office_user.pk).get() is None


# --- the page that sends them --------------------------------------------------------------


def test_remind_get_shows_a_confirmation_and_sends_nothing(client_for, overdue_scene, office_user):
    period, _ = overdue_scene

    response = client_for(office_user).get(reverse("campaign:period_remind", args=[period.pk]))

    assert (response.status_code, len(response.context["with_address"]), len(mail.outbox)) == (200, 2, 0)


def test_remind_post_by_the_office_sends_and_records(
    client_for, overdue_scene, office_user, django_capture_on_commit_callbacks
):
    period, _ = overdue_scene

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(office_user).post(reverse("campaign:period_remind", args=[period.pk]))

    assert response.status_code == 302
    assert response.url == reverse("campaign:dashboard", args=[period.campaign_id]) + f"?period={period.pk}"
    assert (len(mail.outbox), Reminder.objects.filter(sent_by=office_user).count()) == (2, 2)


def test_remind_post_repeated_sends_nothing_more(
    client_for, overdue_scene, office_user, django_capture_on_commit_callbacks
):
    period, _ = overdue_scene
    client = client_for(office_user)
    url = reverse("campaign:period_remind", args=[period.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    assert (len(mail.outbox), Reminder.objects.count()) == (2, 2)


@pytest.mark.parametrize(("role", "expected"), [("leader_user", 403), ("unit_user", 403), ("council_user", 403)])
def test_remind_post_by_others_is_refused_and_sends_nothing(
    client_for, overdue_scene, role, expected, request, django_capture_on_commit_callbacks
):
    period, _ = overdue_scene

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(request.getfixturevalue(role)).post(reverse("campaign:period_remind", args=[period.pk]))

    assert (response.status_code, len(mail.outbox), Reminder.objects.count()) == (expected, 0, 0)


def test_remind_for_a_draft_campaign_is_refused_to_a_unit_like_any_other(client_for, unit_user):
    """The page is not a unit's at all: refused before any object is looked up."""
    period = ReportingPeriodFactory(campaign=CampaignFactory(status=CampaignStatus.DRAFT))

    response = client_for(unit_user).post(reverse("campaign:period_remind", args=[period.pk]))

    assert response.status_code == 403
