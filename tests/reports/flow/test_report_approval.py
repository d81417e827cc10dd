"""Approval as a numbered BC, return to draft, delivery to the Board with its log, and immutability."""

import datetime as dt
import smtplib

import pytest
from django.core import mail

from core.errors import TransitionError
from documents.models import IssuedDocument
from documents.services import verify_stored
from reports import services
from reports.models import DeliveryAttempt, Report, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(generate, campaign, period, fast_render, office_user):
    generate(campaign, period, by=office_user)
    return Report.objects.get()


def approve(report, leader, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return services.approve(report, by=leader, on=dt.date(2021, 12, 10), **kwargs)


def test_approval_issues_a_numbered_bc_linked_to_the_report(draft, leader_user, django_capture_on_commit_callbacks):
    report = approve(draft, leader_user, django_capture_on_commit_callbacks)

    document = IssuedDocument.objects.get()
    assert (report.status, report.document, report.approved_by) == (ReportStatus.APPROVED, document, leader_user)
    assert (document.type_symbol, document.number, document.reference, document.issued_on) == (
        "BC",
        1,
        "01/BC-LMHTX",
        dt.date(2021, 12, 10),
    )
    assert (document.object_id, document.content_type.model, verify_stored(document)) == (report.pk, "report", True)
    assert report.events.last().action == "approved"


def test_approval_with_the_board_address_sends_the_report_with_both_files(
    draft, leader_user, board, locmem_mail, eager_celery, django_capture_on_commit_callbacks
):
    report = approve(draft, leader_user, django_capture_on_commit_callbacks)

    report.refresh_from_db()
    message = mail.outbox[0]
    assert (report.status, len(mail.outbox)) == (ReportStatus.SENT, 1)
    assert (message.to, message.cc) == (["bantdkt@example.vn"], ["vp@example.vn"])
    assert "01/BC-LMHTX" in message.subject
    (pdf_name, pdf, pdf_type), (xlsx_name, xlsx, _xlsx_type) = message.attachments
    assert (pdf_name, pdf, pdf_type) == ("01-BC-LMHTX.pdf", report.document.file.open("rb").read(), "application/pdf")
    assert xlsx == report.xlsx.open("rb").read() and xlsx_name.endswith(".xlsx")
    attempt = DeliveryAttempt.objects.get()
    assert (attempt.ok, attempt.to, attempt.error) == (True, "bantdkt@example.vn, vp@example.vn", "")
    assert [e.action for e in report.events.all()][-2:] == ["approved", "sent"]


def test_approval_without_the_board_address_leaves_the_report_approved(
    draft, leader_user, locmem_mail, eager_celery, django_capture_on_commit_callbacks
):
    report = approve(draft, leader_user, django_capture_on_commit_callbacks)

    assert (report.status, mail.outbox, DeliveryAttempt.objects.count()) == (ReportStatus.APPROVED, [], 0)
    with pytest.raises(TransitionError):
        services.queue_delivery(report, by=leader_user)


def test_a_failed_delivery_is_logged_and_retried_until_it_goes(
    draft, leader_user, office_user, board, locmem_mail, eager_celery, monkeypatch, django_capture_on_commit_callbacks
):
    report = approve(draft, leader_user, django_capture_on_commit_callbacks, deliver=False)
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send
    failures = iter([smtplib.SMTPServerDisconnected("Connection unexpectedly closed")])

    def flaky(self, fail_silently=False):
        failure = next(failures, None)
        if failure:
            raise failure
        return real_send(self, fail_silently=fail_silently)

    monkeypatch.setattr(EmailMessage, "send", flaky)

    with django_capture_on_commit_callbacks(execute=True):
        services.queue_delivery(report, by=office_user)

    report.refresh_from_db()
    attempts = list(DeliveryAttempt.objects.values_list("ok", "error", "by"))
    assert attempts == [
        (False, "SMTPServerDisconnected: Connection unexpectedly closed", office_user.pk),
        (True, "", office_user.pk),
    ]
    assert (report.status, len(mail.outbox)) == (ReportStatus.SENT, 1)


def test_a_delivery_that_keeps_failing_is_given_up_with_every_attempt_logged(
    draft, leader_user, board, locmem_mail, eager_celery, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.mail import EmailMessage

    from reports.tasks import DELIVERY_MAX_RETRIES

    def down(self, fail_silently=False):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(EmailMessage, "send", down)

    report = approve(draft, leader_user, django_capture_on_commit_callbacks)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert DeliveryAttempt.objects.filter(ok=False).count() == DELIVERY_MAX_RETRIES + 1


def test_delivering_twice_sends_once(draft, leader_user, board, locmem_mail, django_capture_on_commit_callbacks):
    report = approve(draft, leader_user, django_capture_on_commit_callbacks, deliver=False)

    assert services.deliver(report.pk) == "sent"
    assert services.deliver(report.pk) == "already sent"
    assert (len(mail.outbox), DeliveryAttempt.objects.count()) == (1, 1)


def test_return_to_draft_needs_a_reason_and_keeps_the_number_in_the_register(
    draft, leader_user, django_capture_on_commit_callbacks
):
    report = approve(draft, leader_user, django_capture_on_commit_callbacks)

    with pytest.raises(TransitionError):
        services.return_to_draft(report, by=leader_user, reason="  ")
    report = services.return_to_draft(report, by=leader_user, reason="Bổ sung số liệu tiêm chủng")

    assert (report.status, report.document, report.approved_by) == (ReportStatus.DRAFT, None, None)
    assert IssuedDocument.objects.get().reference == "01/BC-LMHTX"
    assert report.events.last().note == "Bổ sung số liệu tiêm chủng (01/BC-LMHTX)"
    again = approve(report, leader_user, django_capture_on_commit_callbacks)
    assert again.document.reference == "02/BC-LMHTX"


def test_a_sent_report_is_immutable_and_downloads_byte_for_byte(
    draft,
    leader_user,
    office_user,
    board,
    locmem_mail,
    eager_celery,
    client_for,
    django_capture_on_commit_callbacks,
):
    report = approve(draft, leader_user, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    sent_pdf = mail.outbox[0].attachments[0][1]
    sent_xlsx = mail.outbox[0].attachments[1][1]
    before = Report.objects.values().get()

    with pytest.raises(services.ReportLocked):
        services.update_texts(report, difficulties="Sửa", proposals="", by=office_user)
    with pytest.raises(services.ReportLocked):
        services.return_to_draft(report, by=leader_user, reason="Sửa")
    with pytest.raises(services.ReportLocked):
        services.approve(report, by=leader_user)
    with pytest.raises(services.ReportLocked):
        services.request_run(report.campaign, report.period, by=office_user)
    with pytest.raises(services.ReportLocked):
        services.queue_delivery(report, by=office_user)

    assert Report.objects.values().get() == before
    client = client_for(office_user)
    from django.urls import reverse

    pdf = b"".join(client.get(reverse("reports:report_pdf", args=[report.pk])).streaming_content)
    xlsx = b"".join(client.get(reverse("reports:report_xlsx", args=[report.pk])).streaming_content)
    assert (pdf, xlsx) == (sent_pdf, sent_xlsx)


def test_texts_of_a_draft_are_saved_and_the_draft_drawn_again(draft, office_user, fast_render):
    report = services.update_texts(draft, difficulties="Thiếu vốn", proposals="Hỗ trợ", by=office_user)

    report.refresh_from_db()
    assert report.draft_pdf.read().endswith("Thiếu vốn|Hỗ trợ".encode())
    assert report.events.last().action == "edited"


def test_approving_before_the_deadline_needs_the_leaders_confirmation_which_is_recorded(
    draft, leader_user, django_capture_on_commit_callbacks
):
    on_deadline = draft.period.deadline  # units may still hand in that day
    with pytest.raises(services.EarlyApproval, match="05/12/2021"):
        services.approve(draft, by=leader_user, on=on_deadline, deliver=False)
    draft.refresh_from_db()
    assert (draft.status, draft.document, IssuedDocument.objects.count()) == (ReportStatus.DRAFT, None, 0)

    report = services.approve(draft, by=leader_user, on=on_deadline, deliver=False, confirm_early=True)

    early, approved = list(report.events.all())[-2:]
    assert (report.status, early.action, early.by, approved.action) == (
        ReportStatus.APPROVED,
        "approved_early",
        leader_user,
        "approved",
    )
    assert "05/12/2021" in early.note


def test_after_the_deadline_no_confirmation_is_asked(draft, leader_user):
    assert services.before_deadline(draft, draft.period.deadline + dt.timedelta(days=1)) is None
    assert services.before_deadline(draft, draft.period.deadline)["deadline"] == draft.period.deadline
