"""Reminders counted once and truthfully, automatic reminders before deadlines, and the e-mail a unit
gets when its report is returned or verified (issue 17 item 5)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from factories import (
    CampaignFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    UserFactory,
)
from submission_builders import register, running_campaign, submission_in

from campaign import notices, submissions
from campaign.dashboard import recent_activity
from campaign.models import CampaignStatus, Reminder, SubmissionEvent, SubmissionStatus, SubmissionValue
from campaign.reminders import reminder_plan, send_due_reminders, send_reminders
from members.models import Role

pytestmark = pytest.mark.usefixtures("eager_celery")


@pytest.fixture(autouse=True)
def _vietnamese_after(settings):
    """An English page activates English in this thread: later tests find Vietnamese again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def scene(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    campaign = CampaignFactory(status=CampaignStatus.RUNNING, reminder_days_before=3)
    period = ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 11/2021",
        starts_on=dt.date(2021, 11, 1),
        ends_on=dt.date(2021, 11, 30),
        deadline=dt.date(2021, 12, 5),
    )
    orgs = []
    for index in range(3):
        org = OrganizationFactory(name=f"HTX số {index}", email=f"htx{index}@example.vn")
        RegistrationFactory(campaign=campaign, organization=org)
        orgs.append(org)
    silent = OrganizationFactory(name="HTX không địa chỉ", email="")
    RegistrationFactory(campaign=campaign, organization=silent)
    done = OrganizationFactory(name="HTX đã gửi", email="dagui@example.vn")
    RegistrationFactory(campaign=campaign, organization=done)
    SubmissionFactory(period=period, organization=done, status=SubmissionStatus.SUBMITTED)
    return period, orgs


def test_the_dialog_counts_what_is_sent_and_a_repeat_click_says_nothing_was_sent(
    english_client, scene, office_user, django_capture_on_commit_callbacks
):
    period, orgs = scene
    send_reminders(period, office_user)  # the morning: all three reminded
    Reminder.objects.filter(organization=orgs[0]).delete()  # one was not (its address was added since)
    english_client.force_login(office_user)
    url = reverse("campaign:period_remind", args=[period.pk])
    mail.outbox.clear()

    dialog = english_client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        sent = english_client.post(url, follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        repeat = english_client.post(url, follow=True)

    assert len(dialog.context["with_address"]) == 1
    assert len(dialog.context["reminded_today"]) == 2
    assert "being sent to 1 overdue unit." in sent.content.decode()
    assert len(mail.outbox) == 1
    assert "already reminded today; nothing was sent again" in repeat.content.decode()
    assert len(mail.outbox) == 1


def test_the_activity_feed_shows_one_line_per_reminder_batch(english, scene, office_user):
    period, _orgs = scene
    send_reminders(period, office_user)

    lines = [item for item in recent_activity(period.campaign) if item.kind == "reminder"]

    assert [(item.text, item.who) for item in lines] == [("Reminder for Tháng 11/2021: 3 units", office_user)]


def test_automatic_reminders_go_the_chosen_days_before_the_deadline_once(scene):
    period, _orgs = scene
    morning = timezone.make_aware(dt.datetime(2021, 12, 2, 7, 30))

    plan = reminder_plan(period, now=morning, before_deadline=True)
    first = send_due_reminders(now=morning)
    again = send_due_reminders(now=morning + dt.timedelta(hours=3))
    other_day = send_due_reminders(now=morning + dt.timedelta(days=1))

    assert (len(plan.to_send), first, again, other_day) == (3, 3, 0, 0)
    assert Reminder.objects.filter(sent_by=None).count() == 3
    assert all(m.subject.startswith("Nhắc hạn báo cáo") for m in mail.outbox)
    assert "còn 3 ngày" in mail.outbox[0].body


def test_no_automatic_reminder_when_the_campaign_chose_none(scene):
    period, _orgs = scene
    type(period.campaign).objects.filter(pk=period.campaign_id).update(reminder_days_before=None)

    assert send_due_reminders(now=timezone.make_aware(dt.datetime(2021, 12, 2, 7, 30))) == 0


@pytest.fixture
def report(db, settings, own_org, unit_user):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    setup = running_campaign()
    register(setup, own_org)
    own_org.email = "htx.dakwil@example.vn"
    own_org.save()
    submission = submission_in(SubmissionStatus.SUBMITTED, setup, own_org, unit_user)
    SubmissionValue.objects.filter(submission=submission, criterion__rule="qualitative").delete()
    return submission


def test_a_returned_report_is_emailed_to_the_unit_once(report, office_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submissions.return_submission(report, by=office_user, reason="Thiếu biên bản kiểm tra")
    event = SubmissionEvent.objects.get(submission=report, status=SubmissionStatus.RETURNED)

    again = notices.notify_unit(event.pk)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "htx.dakwil@example.vn" in message.to
    assert "trả lại" in message.subject and "Thiếu biên bản kiểm tra" in message.body
    event.refresh_from_db()
    assert (again, event.notified_at is not None) == (False, True)


def test_a_verified_report_is_emailed_to_the_unit(report, office_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submissions.verify(report, by=office_user)

    assert [m.subject.split(" – ")[0] for m in mail.outbox] == [
        "Báo cáo kết quả thi đua Tháng 11/2021 đã được xác nhận"
    ]


def test_a_unit_without_an_address_is_not_emailed(report, office_user, django_capture_on_commit_callbacks):
    type(report.organization).objects.filter(pk=report.organization_id).update(email="")
    UserFactory(role=Role.UNIT, organization=report.organization, email="", is_active=True)
    report.organization.accounts.update(email="")

    with django_capture_on_commit_callbacks(execute=True):
        submissions.verify(report, by=office_user)

    assert len(mail.outbox) == 0
