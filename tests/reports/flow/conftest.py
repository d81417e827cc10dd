"""Fixtures of the report workflow tests (runs, schedules, approval, delivery, pages).

In a folder of their own so the content tests (tests/reports/) keep their own builders.
"""

import datetime as dt

import pytest
from factories import (
    AdministrativeAreaFactory,
    CampaignFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SignerFactory,
)

from reports.models import BoardSettings


@pytest.fixture
def issuer(db):
    """The Alliance's identity and its default signer, so drafts and BCs render."""
    return SignerFactory().issuing_body


@pytest.fixture
def campaign(db, issuer):
    """A running campaign with three registered units in two provinces (two shards)."""
    campaign = CampaignFactory(status="running")
    dak_nong = AdministrativeAreaFactory(code="67", name="Tỉnh Đắk Nông", level="province")
    lam_dong = AdministrativeAreaFactory(code="68", name="Tỉnh Lâm Đồng", level="province")
    for n, province in enumerate([dak_nong, dak_nong, lam_dong]):
        RegistrationFactory(
            campaign=campaign,
            organization=OrganizationFactory(name=f"Hợp tác xã Thử {n}", province=province),
        )
    return campaign


@pytest.fixture
def period(campaign):
    return ReportingPeriodFactory(
        campaign=campaign,
        name="Tháng 11/2021",
        starts_on=dt.date(2021, 11, 1),
        ends_on=dt.date(2021, 11, 30),
        deadline=dt.date(2021, 12, 5),
    )


@pytest.fixture
def fast_render(monkeypatch):
    """Draft PDFs as small fake bytes that show the texts they were drawn with (WeasyPrint is slow)."""
    from reports import document

    calls = []

    def render(report):
        calls.append(report)
        registered = report.figures["participation"]["registered"]
        return f"%PDF-1.7 draft {registered} {report.difficulties}|{report.proposals}".encode()

    monkeypatch.setattr(document, "render_draft", render)
    return calls


@pytest.fixture
def board(db):
    return BoardSettings.objects.create(
        name="Ban Thi đua - Khen thưởng Liên minh HTX Việt Nam", email="bantdkt@example.vn", cc="vp@example.vn"
    )


@pytest.fixture
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def generate(eager_celery, django_capture_on_commit_callbacks):
    """Generate a report through the task, eagerly, as a view would queue it; returns the run."""
    from reports import services

    def run(campaign, period, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.request_run(campaign, period, **kwargs)
        run.refresh_from_db()
        return run

    return run
