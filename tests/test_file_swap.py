"""core.uploads.file_swap: a replaced file goes only after the commit, a new one only if the block fails."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from core.uploads import file_swap
from reports.models import AnnualReport

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    row = AnnualReport.objects.create(year=2031)
    row.draft_pdf.save("first.pdf", ContentFile(b"first"), save=True)
    return row


def test_the_old_file_goes_after_the_commit(report):
    storage = report.draft_pdf.storage
    old = report.draft_pdf.name
    with file_swap() as swap, transaction.atomic():
        swap.save(report.draft_pdf, "second.pdf", ContentFile(b"second"))
        report.save()
        assert storage.exists(old)  # not yet: the row still names it until the commit
    assert not storage.exists(old)
    report.refresh_from_db()
    assert storage.open(report.draft_pdf.name).read() == b"second"


def test_a_failed_block_keeps_the_old_file_and_removes_the_new(report):
    storage = report.draft_pdf.storage
    old = report.draft_pdf.name
    written = []
    with pytest.raises(RuntimeError), file_swap() as swap, transaction.atomic():
        swap.save(report.draft_pdf, "second.pdf", ContentFile(b"second"))
        written.append(report.draft_pdf.name)
        report.save()
        raise RuntimeError("the render failed")
    assert storage.exists(old)
    assert not storage.exists(written[0])
    report.refresh_from_db()
    assert report.draft_pdf.name == old
