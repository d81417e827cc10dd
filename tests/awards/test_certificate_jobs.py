"""Certificates beyond awards.certificates.SYNC_LIMIT are printed by a worker: a page, its progress, the download."""

import pytest
from django.urls import reverse
from pdf_reading import page_texts
from test_decision_views import draft, issued, setup  # noqa: F401 - an issued decision of three awards

from awards import certificates
from awards.models import CertificateJob, CertificateJobStatus


@pytest.fixture
def few_sync(monkeypatch):
    monkeypatch.setattr(certificates, "SYNC_LIMIT", 1)


def test_many_certificates_are_prepared_by_a_worker_then_downloaded(
    issued,  # noqa: F811
    few_sync,
    client_for,
    office_user,
    eager_celery,
    django_capture_on_commit_callbacks,
):
    client = client_for(office_user)
    url = reverse("awards:decision_certificates", args=[issued.pk])
    page = client.get(url)
    assert page.status_code == 200 and "certificates-prepare" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    job = CertificateJob.objects.get(decision=issued)
    assert response.url == reverse("awards:certificate_job", args=[job.pk])
    assert (job.status, job.total, job.done, job.requested_by) == (CertificateJobStatus.DONE, 3, 3, office_user)
    progress = client.get(reverse("awards:certificate_job_progress", args=[job.pk])).json()
    assert (progress["finished"], progress["percent"]) == (True, 100)
    assert "certificate_job_download" not in client.get(job.get_absolute_url()).content.decode()
    download = client.get(reverse("awards:certificate_job_download", args=[job.pk]))
    pdf = b"".join(download.streaming_content) if download.streaming else download.content
    assert download["Content-Type"] == "application/pdf"
    assert len(page_texts(pdf)) == 3


def test_a_queued_batch_shows_its_progress_until_a_worker_runs_it(issued, few_sync, client_for, office_user):  # noqa: F811
    client = client_for(office_user)
    client.post(reverse("awards:decision_certificates", args=[issued.pk]))  # never committed: no worker runs

    job = CertificateJob.objects.get(decision=issued)
    page = client.get(job.get_absolute_url()).content.decode()
    assert job.status == CertificateJobStatus.PENDING
    assert reverse("awards:certificate_job_progress", args=[job.pk]) in page
    assert client.get(reverse("awards:certificate_job_download", args=[job.pk])).status_code == 404


def test_a_unit_batch_holds_only_its_own_awardees(issued, few_sync, client_for, unit_user):  # noqa: F811
    client_for(unit_user)
    certificates.run_certificate_job(
        certificates.start_certificate_job(issued, by=unit_user, organization=unit_user.organization)
    )

    job = CertificateJob.objects.get(decision=issued)
    assert (job.status, job.total) == (CertificateJobStatus.DONE, 2)


def test_one_batch_at_a_time_per_decision(issued, few_sync, client_for, office_user, leader_user):  # noqa: F811
    """Asking again while a batch is under way gives that batch; someone else is told to wait."""
    client = client_for(office_user)
    url = reverse("awards:decision_certificates", args=[issued.pk])
    first = client.post(url)  # never committed: the batch stays pending
    again = client.post(url)

    assert first.url == again.url
    assert CertificateJob.objects.filter(decision=issued).count() == 1
    with pytest.raises(certificates.TransitionError):
        certificates.start_certificate_job(issued, by=leader_user)
    assert CertificateJob.objects.filter(decision=issued).count() == 1
