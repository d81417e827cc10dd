"""The report pages: lists, generating with progress, the report, approval, return, sending, settings."""

import re

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from core.schedules import DISPATCH_TASK
from reports.models import BoardSettings, Report, ReportRun, ReportSchedule, ReportStatus, RunState

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(generate, campaign, period, fast_render, office_user):
    generate(campaign, period, by=office_user)
    return Report.objects.get()


@pytest.mark.parametrize(("role", "status"), [("office", 200), ("leader", 200), ("council", 403), ("unit", 403)])
def test_the_report_list_is_for_office_and_leadership(client_for, request, role, status, campaign):
    user = request.getfixturevalue(f"{role}_user")

    response = client_for(user).get(reverse("reports:report_list"))

    assert response.status_code == status


@pytest.mark.parametrize(("role", "shown"), [("office", True), ("leader", True), ("council", False), ("unit", False)])
def test_the_navbar_has_reports_for_office_and_leadership(client_for, request, role, shown):
    user = request.getfixturevalue(f"{role}_user")

    response = client_for(user).get(reverse("home"))

    assert (reverse("reports:report_list") in response.content.decode()) is shown


def test_generate_now_queues_a_run_and_leads_to_its_progress_page(
    client_for, office_user, campaign, period, fast_render, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(office_user).post(reverse("reports:generate", args=[campaign.pk]), {"period": period.pk})

    run = ReportRun.objects.get()
    assert response.url == reverse("reports:run_detail", args=[run.pk])
    progress = client_for(office_user).get(reverse("reports:run_progress", args=[run.pk])).json()
    report = Report.objects.get()
    assert progress == {
        "state": "succeeded",
        "state_display": progress["state_display"],
        "percent": 100,
        "step": progress["step"],
        "error": "",
        "finished": True,
        "report_url": report.get_absolute_url(),
    }


def test_the_progress_page_polls_with_static_js_and_no_inline_script(client_for, office_user, campaign, period):
    run = ReportRun.objects.create(campaign=campaign, period=period, state=RunState.RUNNING, progress=40, step="x")

    html = client_for(office_user).get(reverse("reports:run_detail", args=[run.pk])).content.decode()

    assert f'data-run-progress-url="{reverse("reports:run_progress", args=[run.pk])}"' in html
    assert "js/reports.js" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_a_failed_run_shows_its_reason(client_for, office_user, campaign, period):
    run = ReportRun.objects.create(
        campaign=campaign, period=period, state=RunState.FAILED, error="ValueError: biểu đồ hỏng"
    )

    html = client_for(office_user).get(reverse("reports:run_detail", args=[run.pk])).content.decode()

    assert "ValueError: biểu đồ hỏng" in html


def test_generating_an_approved_report_is_refused_on_the_form(client_for, office_user, draft):
    Report.objects.update(status=ReportStatus.APPROVED)

    response = client_for(office_user).post(
        reverse("reports:generate", args=[draft.campaign_id]), {"period": draft.period_id}
    )

    assert (response.status_code, "period" in response.context["form"].errors) == (200, True)
    assert ReportRun.objects.count() == 1


def test_the_office_edits_the_texts_of_a_draft(client_for, office_user, draft):
    response = client_for(office_user).post(
        reverse("reports:report_texts", args=[draft.pk]), {"difficulties": "Thiếu vốn", "proposals": "Hỗ trợ"}
    )

    draft.refresh_from_db()
    assert (response.status_code, draft.difficulties, draft.proposals) == (302, "Thiếu vốn", "Hỗ trợ")


def test_the_detail_page_hides_editing_once_sent(client_for, office_user, draft):
    texts_url = reverse("reports:report_texts", args=[draft.pk])
    assert texts_url in client_for(office_user).get(draft.get_absolute_url()).content.decode()

    Report.objects.update(status=ReportStatus.SENT)

    assert texts_url not in client_for(office_user).get(draft.get_absolute_url()).content.decode()
    assert client_for(office_user).get(texts_url).status_code == 403


def test_the_leader_approves_and_the_office_may_not(
    client_for, office_user, leader_user, draft, django_capture_on_commit_callbacks
):
    url = reverse("reports:report_approve", args=[draft.pk])

    assert client_for(office_user).post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(leader_user).post(url)

    draft.refresh_from_db()
    assert (response.status_code, draft.status, draft.document.reference[-8:]) == (302, "approved", "BC-LMHTX")


def test_the_leader_returns_a_report_with_a_reason(client_for, leader_user, draft, django_capture_on_commit_callbacks):
    from reports import services

    services.approve(draft, by=leader_user, deliver=False)
    url = reverse("reports:report_return", args=[draft.pk])

    empty = client_for(leader_user).post(url, {"reason": ""})
    response = client_for(leader_user).post(url, {"reason": "Bổ sung số liệu"})

    draft.refresh_from_db()
    assert (empty.status_code, "reason" in empty.context["form"].errors) == (200, True)
    assert (response.status_code, draft.status) == (302, ReportStatus.DRAFT)


def test_the_office_sends_an_approved_report(
    client_for, office_user, leader_user, draft, board, locmem_mail, eager_celery, django_capture_on_commit_callbacks
):
    from reports import services

    services.approve(draft, by=leader_user, deliver=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(office_user).post(reverse("reports:report_send", args=[draft.pk]))

    draft.refresh_from_db()
    assert (response.status_code, draft.status, draft.deliveries.get().ok) == (302, ReportStatus.SENT, True)
    html = client_for(office_user).get(draft.get_absolute_url()).content.decode()
    assert "bantdkt@example.vn" in html


def test_the_draft_preview_and_the_annex_download(client_for, leader_user, draft):
    client = client_for(leader_user)

    preview = client.get(reverse("reports:report_preview", args=[draft.pk]))
    annex = client.get(reverse("reports:report_xlsx", args=[draft.pk]))

    assert (preview["Content-Type"], preview["Content-Disposition"].split(";")[0]) == ("application/pdf", "inline")
    assert b"".join(preview.streaming_content) == draft.draft_pdf.open("rb").read()
    assert annex["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("reports:report_pdf", args=[draft.pk])).status_code == 404  # not issued yet


def test_the_board_address_form_keeps_what_was_typed_and_saves(client_for, office_user):
    url = reverse("reports:board_settings")

    bad = client_for(office_user).post(url, {"name": "Ban TĐKT", "email": "khong-phai-email", "cc": "a@b.vn, sai"})
    good = client_for(office_user).post(url, {"name": "Ban TĐKT", "email": "bantdkt@vca.vn", "cc": "a@b.vn"})

    assert set(bad.context["form"].errors) == {"email", "cc"}
    assert 'value="khong-phai-email"' in bad.content.decode()
    assert good.status_code == 302
    assert (BoardSettings.load().email, BoardSettings.load().updated_by) == ("bantdkt@vca.vn", office_user)


def test_the_office_creates_a_schedule_in_the_app(client_for, office_user, campaign):
    response = client_for(office_user).post(
        reverse("reports:schedule_create", args=[campaign.pk]),
        {"kind": "after_deadline", "days_after_deadline": 3, "hour": 7, "enabled": "on"},
    )

    schedule = ReportSchedule.objects.get()
    assert (response.status_code, schedule.days_after_deadline, schedule.periodic_task) == (
        302,
        3,
        PeriodicTask.objects.exclude(task=DISPATCH_TASK).get(),
    )


def test_the_campaign_page_lists_periods_schedules_and_runs(client_for, leader_user, draft):
    response = client_for(leader_user).get(reverse("reports:campaign_reports", args=[draft.campaign_id]))

    assert response.status_code == 200
    assert [(p.pk, r.pk if r else None) for p, r, _run in response.context["periods"]] == [(draft.period_id, draft.pk)]


def test_before_the_deadline_the_page_warns_and_approval_needs_the_ticked_confirmation(
    english_client, leader_user, draft, django_capture_on_commit_callbacks
):
    import datetime as dt

    from reports import services

    period = draft.period
    period.deadline = dt.date.today() + dt.timedelta(days=3)
    period.save()
    english_client.force_login(leader_user)
    url = reverse("reports:report_approve", args=[draft.pk])

    page = english_client.get(draft.get_absolute_url()).content.decode()
    refused = english_client.post(url, follow=True)
    draft.refresh_from_db()
    status_after_refusal = draft.status
    with django_capture_on_commit_callbacks(execute=True):
        english_client.post(url, {"confirm_early": "on"})
    draft.refresh_from_db()

    assert "data-early-approval" in page and 'name="confirm_early"' in page
    assert "units may still hand in their reports" in page
    assert status_after_refusal == ReportStatus.DRAFT
    assert "Tick the confirmation" in refused.content.decode()
    assert draft.status == ReportStatus.APPROVED
    assert [e.action for e in draft.events.all()][-2:] == ["approved_early", "approved"]
    assert str(services.EVENT_LABELS["approved_early"]) in english_client.get(draft.get_absolute_url()).content.decode()
