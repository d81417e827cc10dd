"""Evidence files: accepted by their content, refused otherwise, named safely, stored under a token."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from submission_builders import (
    DOC,
    PDF,
    XLS,
    docx_bytes,
    jpeg_bytes,
    png_bytes,
    register,
    running_campaign,
    upload,
    xlsx_bytes,
)

from campaign import submissions as services
from core import uploads as evidence


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        ("bien-ban.pdf", lambda: PDF, evidence.PDF),
        ("anh-tiem-chung.png", png_bytes, evidence.PNG),
        ("anh-hop.jpg", jpeg_bytes, evidence.JPEG),
        ("ANH-HOP.JPEG", jpeg_bytes, evidence.JPEG),
        ("bao-cao.docx", docx_bytes, evidence.DOCX),
        ("so-lieu.xlsx", xlsx_bytes, evidence.XLSX),
        ("bao-cao-cu.doc", lambda: DOC, evidence.DOC),
        ("so-lieu-cu.xls", lambda: XLS, evidence.XLS),
    ],
)
def test_inspect_accepts_each_allowed_kind_by_its_content(name, make, content_type):
    checked = evidence.inspect(upload(name, make()))

    assert (checked.name, checked.content_type) == (name, content_type)


def _zip_without_content_types():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "không phải tài liệu Word")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("bien-ban.pdf", "Đây là văn bản thường, không phải PDF".encode(), "content"),
        ("bien-ban.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 300, "content"),
        ("bao-cao.docx", _zip_without_content_types(), "content"),
        ("so-lieu.xlsx", docx_bytes(), "content"),  # a Word file named as Excel
        ("anh.png", PDF, "content"),
        ("bao-cao.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "content"),  # OLE but neither
        ("cai-dat.exe", b"MZ\x90\x00" + b"\x00" * 100, "extension"),
        ("ghi-chu.txt", b"ghi chu", "extension"),
        ("khong-duoi", PDF, "extension"),
        ("rong.pdf", b"", "empty"),
    ],
)
def test_inspect_refuses_files_that_are_not_what_we_accept(name, content, code):
    with pytest.raises(ValidationError) as refused:
        evidence.inspect(upload(name, content))

    assert refused.value.code == code


def test_inspect_refuses_a_file_over_the_configured_size(settings):
    settings.EVIDENCE_MAX_SIZE = 100

    with pytest.raises(ValidationError) as refused:
        evidence.inspect(upload("bien-ban.pdf", PDF + b" " * 100))

    assert refused.value.code == "too_large"


def test_inspect_accepts_a_file_of_exactly_the_configured_size(settings):
    settings.EVIDENCE_MAX_SIZE = len(PDF)

    assert evidence.inspect(upload("bien-ban.pdf", PDF)).size == len(PDF)


def test_default_limit_is_ten_megabytes():
    assert evidence.max_size() == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\bao cao.pdf", "bao cao.pdf"),
        ("C:\\Users\\Hoa\\Desktop\\Biên bản kiểm tra.pdf", "Biên bản kiểm tra.pdf"),
        ("bien\x00ban\r\n\x1b[31m.pdf", "bienban[31m.pdf"),
        ("tai\u202elieu.pdf", "tailieu.pdf"),  # right-to-left override hides the real ending
        ("Bie\u0302\u0301n ba\u0309n.pdf", "Biến bản.pdf"),  # decomposed Vietnamese is composed
        ("..", "tep-dinh-kem"),
        ("/.pdf", "tep-dinh-kem.pdf"),
        ("  nhiều    khoảng   trắng .pdf ", "nhiều khoảng trắng .pdf"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_clean_name_keeps_only_a_safe_file_name(given, kept):
    assert evidence.clean_name(given) == kept


@pytest.fixture
def draft_value(own_org, unit_user):
    setup = running_campaign()
    register(setup, own_org)
    submission = services.open_submission(setup.period, own_org, by=unit_user)
    return submission.values.get(criterion=setup.c.vaccinated)


def test_add_evidence_stores_the_file_under_a_random_token_with_the_cleaned_name(draft_value, unit_user, settings):
    item = services.add_evidence(draft_value, upload("../../Biên bản.pdf", PDF), by=unit_user)

    stored = settings.MEDIA_ROOT / item.file.name
    assert (item.original_name, item.content_type, item.size, item.uploaded_by) == (
        "Biên bản.pdf",
        evidence.PDF,
        len(PDF),
        unit_user,
    )
    assert (item.file.name.startswith("evidence/"), item.file.name.endswith(item.token), stored.read_bytes()) == (
        True,
        True,
        PDF,
    )


def test_add_evidence_refuses_a_disguised_file_and_stores_nothing(draft_value, unit_user, settings):
    with pytest.raises(ValidationError):
        services.add_evidence(draft_value, upload("bien-ban.pdf", b"MZ\x90\x00" + b"\x00" * 200), by=unit_user)

    media = settings.MEDIA_ROOT / "evidence"
    assert (draft_value.evidence.count(), list(media.rglob("*")) if media.exists() else []) == (0, [])


@pytest.mark.parametrize(
    ("quota", "value"),
    [
        ("EVIDENCE_MAX_FILES_PER_REPORT", 2),
        ("EVIDENCE_MAX_BYTES_PER_REPORT", 2 * len(PDF)),
        ("EVIDENCE_MAX_FILES_PER_UNIT", 2),
        ("EVIDENCE_MAX_BYTES_PER_UNIT", 2 * len(PDF)),
    ],
)
def test_evidence_past_a_quota_of_the_report_or_unit_is_refused_and_stores_nothing(
    draft_value, unit_user, settings, quota, value
):
    setattr(settings, quota, value)
    services.add_evidence(draft_value, upload("a.pdf", PDF), by=unit_user)
    services.add_evidence(draft_value, upload("b.pdf", PDF), by=unit_user)

    with pytest.raises(services.TransitionError):
        services.add_evidence(draft_value, upload("c.pdf", PDF), by=unit_user)

    assert draft_value.evidence.count() == 2
