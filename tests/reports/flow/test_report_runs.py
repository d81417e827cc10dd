"""Generating a report: the Celery workflow run eagerly, its idempotence and its failures."""

import hashlib

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from reports import figures, services
from reports.models import Report, ReportEvent, ReportRun, ReportStatus, RunState, RunTrigger

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = settings.MEDIA_ROOT / "reports"
    return sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in root.rglob("*") if p.is_file())


def test_a_run_writes_the_report_with_its_figures_files_and_event(generate, campaign, period, office_user, settings):
    run = generate(campaign, period, by=office_user)

    report = Report.objects.get()
    assert (run.state, run.progress, run.report, run.trigger, run.attempts) == (
        RunState.SUCCEEDED,
        100,
        report,
        RunTrigger.MANUAL,
        1,
    )
    assert (report.status, report.figures["participation"]["registered"]) == (ReportStatus.DRAFT, 3)
    assert report.draft_pdf.read().startswith(b"%PDF")
    assert hashlib.sha256(report.xlsx.open("rb").read()).hexdigest() == report.xlsx_sha256
    assert list(report.events.values_list("action", "by")) == [("generated", office_user.pk)]
    assert stored_files(settings) == sorted([report.draft_pdf.name, report.xlsx.name])
    assert run.celery_task_id and run.started_at and run.finished_at


def test_two_provinces_fan_out_into_two_shards_then_combine(generate, campaign, period, fast_render, monkeypatch):
    seen = []
    compute = figures.compute_shard

    def spy(campaign, period, key, as_of=None):
        seen.append(key)
        return compute(campaign, period, key, as_of)

    monkeypatch.setattr(figures, "compute_shard", spy)

    run = generate(campaign, period)

    assert len(figures.shard_keys(campaign)) == 2
    assert (run.state, len(seen), Report.objects.get().figures["participation"]["registered"]) == (
        RunState.SUCCEEDED,
        2,
        3,
    )


def test_generating_again_replaces_the_draft_keeps_the_texts_and_deletes_the_old_files(
    generate, campaign, period, fast_render, office_user, settings, django_capture_on_commit_callbacks
):
    generate(campaign, period)
    report = Report.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_texts(report, difficulties="Thiếu vốn", proposals="Hỗ trợ vay", by=office_user)
    first_files = stored_files(settings)
    from factories import OrganizationFactory, RegistrationFactory

    RegistrationFactory(campaign=campaign, organization=OrganizationFactory(province=None))

    run = generate(campaign, period)

    report = Report.objects.get()
    assert (run.state, report.figures["participation"]["registered"]) == (RunState.SUCCEEDED, 4)
    assert (report.difficulties, report.proposals) == ("Thiếu vốn", "Hỗ trợ vay")
    assert (
        report.draft_pdf.read() == b"%PDF-1.7 draft 4 Thi\xe1\xba\xbfu v\xe1\xbb\x91n|H\xe1\xbb\x97 tr\xe1\xbb\xa3 vay"
    )
    assert stored_files(settings) == sorted([report.draft_pdf.name, report.xlsx.name])
    assert not set(first_files) & set(stored_files(settings))
    assert list(report.events.values_list("action", flat=True)) == ["generated", "edited", "regenerated"]


def test_asking_twice_while_queued_gives_the_same_run(
    campaign, period, office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.request_run(campaign, period, by=office_user)
        second = services.request_run(campaign, period, by=office_user)

    assert (first.pk, ReportRun.objects.count(), len(callbacks)) == (second.pk, 1, 1)


@pytest.mark.parametrize("status", [ReportStatus.APPROVED, ReportStatus.SENT])
def test_an_approved_or_sent_report_is_never_replaced(generate, campaign, period, fast_render, status):
    generate(campaign, period)
    Report.objects.update(status=status)
    before = Report.objects.values().get()

    with pytest.raises(services.ReportLocked):
        services.request_run(campaign, period)

    assert Report.objects.values().get() == before


def test_a_queued_run_finds_the_report_approved_meanwhile_and_ends_with_the_reason(
    campaign, period, fast_render, eager_celery, django_capture_on_commit_callbacks
):
    from reports.tasks import generate_report

    with django_capture_on_commit_callbacks(execute=True):
        services.request_run(campaign, period)
    with django_capture_on_commit_callbacks(execute=False):
        run = services.request_run(campaign, period)
    Report.objects.update(status=ReportStatus.APPROVED)
    before = Report.objects.values().get()

    generate_report.apply(kwargs={"run_id": run.pk})

    run.refresh_from_db()
    assert run.state == RunState.FAILED
    assert "approved" in run.error or "phê duyệt" in run.error
    assert Report.objects.values().get() == before


def test_a_failure_is_recorded_with_its_reason_and_leaves_no_report(generate, campaign, period, monkeypatch, settings):
    from reports import document

    def broken(report):
        raise ValueError("biểu đồ hỏng")

    monkeypatch.setattr(document, "render_draft", broken)

    run = generate(campaign, period)

    assert (run.state, run.error) == (RunState.FAILED, "ValueError: biểu đồ hỏng")
    assert (Report.objects.count(), stored_files(settings)) == (0, [])


def test_a_crash_inside_the_write_leaves_the_previous_draft_and_its_files(
    generate, campaign, period, fast_render, monkeypatch, settings
):
    generate(campaign, period)
    before = Report.objects.values().get()
    files = stored_files(settings)

    def crash(**kwargs):
        raise RuntimeError("mất điện")

    monkeypatch.setattr(ReportEvent.objects, "create", crash)
    run = generate(campaign, period)

    assert (run.state, run.error) == (RunState.FAILED, "RuntimeError: mất điện")
    assert Report.objects.values().get() == before
    assert stored_files(settings) == files


def test_a_passing_error_is_retried_and_the_run_succeeds(generate, campaign, period, fast_render, settings):
    settings.REPORTS_TEST_FAIL_ATTEMPTS = 1

    run = generate(campaign, period)

    assert (run.state, run.attempts, Report.objects.count()) == (RunState.SUCCEEDED, 2, 1)


def test_a_passing_error_that_lasts_fails_the_run_after_the_retries(generate, campaign, period, fast_render, settings):
    settings.REPORTS_TEST_FAIL_ATTEMPTS = 99

    run = generate(campaign, period)

    assert (run.state, run.attempts, Report.objects.count()) == (RunState.FAILED, 5, 0)
    assert run.error.startswith("OperationalError: failure forced")


def test_the_time_limit_ends_the_run_with_a_clear_reason(generate, campaign, period, monkeypatch):
    def slow(*args):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(figures, "compute_shard", slow)

    run = generate(campaign, period)

    assert run.state == RunState.FAILED
    assert run.error == services.gettext_time_limit()


def test_the_tasks_have_time_limits_and_retry_with_backoff():
    from reports.tasks import compute_shard, deliver_report, finish_report, generate_report

    for task in (generate_report, compute_shard, finish_report):
        assert task.soft_time_limit and task.time_limit > task.soft_time_limit
        assert task.acks_late and task.retry_backoff and OperationalError in task.transient
    assert deliver_report.soft_time_limit and deliver_report.max_retries >= 3


def test_the_demo_path_generates_in_process(campaign, period, fast_render):
    run = services.request_run(campaign, period, trigger=RunTrigger.SCHEDULE, inline=True)

    assert (run.state, Report.objects.get().events.get().by) == (RunState.SUCCEEDED, None)
