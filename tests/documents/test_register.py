"""The outgoing-document register: numbering, issuing, immutability and the integrity check."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from factories import IssuedDocumentFactory, IssuingBodyFactory, OrganizationFactory, SignerFactory
from pdf_reading import page_texts

from documents import services
from documents.models import ImmutableDocument, IssuedDocument, NumberSequence
from documents.services import documents_for, issue_document, set_next_number, verify_stored

NOV_8 = dt.date(2021, 11, 8)


@pytest.fixture
def dak_nong(db):
    return SignerFactory().issuing_body


@pytest.fixture
def fake_render(monkeypatch):
    """A stand-in for WeasyPrint that writes the reference into the bytes; records each call."""
    calls = []

    def render(template_name, context, *, draft=False):
        calls.append(context)
        return f"%PDF-1.7 {context['reference']} {context['subject']}".encode()

    monkeypatch.setattr(services, "render_document", render)
    return calls


def issue(by, *, type_symbol="KH", issued_on=NOV_8, subject="Kế hoạch thử", **kwargs):
    return issue_document(
        template_name="documents/sample_notice.html",
        context=kwargs.pop("context", {}),
        type_symbol=type_symbol,
        issued_on=issued_on,
        subject=subject,
        by=by,
        **kwargs,
    )


def test_numbers_run_01_02_03_within_a_year_and_type(dak_nong, office_user, fake_render):
    references = [issue(office_user).reference for _ in range(3)]

    assert references == ["01/KH-LMHTX", "02/KH-LMHTX", "03/KH-LMHTX"]


def test_each_type_symbol_has_its_own_sequence(dak_nong, office_user, fake_render):
    references = [issue(office_user, type_symbol=symbol).reference for symbol in ("KH", "QĐ", "KH", "TB", "QĐ")]

    assert references == ["01/KH-LMHTX", "01/QĐ-LMHTX", "02/KH-LMHTX", "01/TB-LMHTX", "02/QĐ-LMHTX"]


def test_a_new_year_starts_again_from_01(dak_nong, office_user, fake_render):
    issue(office_user, issued_on=dt.date(2021, 12, 31))
    issue(office_user, issued_on=dt.date(2021, 12, 31))

    first_of_2022 = issue(office_user, issued_on=dt.date(2022, 1, 3))

    assert (first_of_2022.year, first_of_2022.reference) == (2022, "01/KH-LMHTX")


def test_issue_takes_the_identity_in_force_on_the_date(office_user, fake_render):
    SignerFactory()
    lam_dong = IssuingBodyFactory(
        valid_from=dt.date(2025, 7, 1),
        parent_body="UBND TỈNH LÂM ĐỒNG",
        full_name="Liên minh HTX tỉnh Lâm Đồng",
        place="Lâm Đồng",
    )

    document = issue(office_user, issued_on=dt.date(2026, 3, 5))

    assert (document.issuer, fake_render[0]["date_line"]) == (lam_dong, "Lâm Đồng, ngày 05 tháng 3 năm 2026")


def test_issue_records_who_when_signer_hash_and_the_related_object(dak_nong, office_user, fake_render):
    campaign_stand_in = OrganizationFactory()

    document = issue(office_user, subject="Triển khai phong trào thi đua đặc biệt", related=campaign_stand_in)

    stored = document.file.read()
    assert (
        document.issued_by,
        document.signer_name,
        document.signer_title,
        document.kind_name,
        document.sha256,
        document.size,
        document.file.name.startswith("documents/2021/"),
        list(documents_for(campaign_stand_in)),
    ) == (
        office_user,
        "Nguyễn Khải",
        "T/M BAN THƯỜNG VỤ / CHỦ TỊCH",
        "Kế hoạch",
        hashlib.sha256(stored).hexdigest(),
        len(stored),
        True,
        [document],
    )


def test_context_cannot_contradict_the_register(dak_nong, office_user, fake_render):
    issue(office_user, context={"number": 999, "reference": "999/KH-LMHTX", "recipients": ["Lưu: VT."]})

    assert (fake_render[0]["number"], fake_render[0]["reference"], fake_render[0]["recipients"]) == (
        1,
        "01/KH-LMHTX",
        ["Lưu: VT."],
    )


def test_a_failed_render_consumes_no_number_and_leaves_no_file(dak_nong, office_user, monkeypatch, settings):
    def broken(template_name, context, *, draft=False):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr(services, "render_document", broken)
    with pytest.raises(RuntimeError):
        issue(office_user)
    monkeypatch.undo()
    monkeypatch.setattr(services, "render_document", lambda t, c, draft=False: b"%PDF-1.7 ok")

    document = issue(office_user)

    assert document.reference == "01/KH-LMHTX"
    assert [p.name for p in (settings.MEDIA_ROOT / "documents" / "2021").iterdir()] == [
        document.file.name.split("/")[-1]
    ]


def test_a_failed_save_deletes_the_file_it_wrote(dak_nong, office_user, fake_render, monkeypatch, settings):
    def refuse(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(IssuedDocument, "save", refuse)

    with pytest.raises(RuntimeError):
        issue(office_user)

    assert list((settings.MEDIA_ROOT / "documents" / "2021").iterdir()) == []
    assert list(NumberSequence.objects.values_list("next_number", flat=True)) in ([], [1])


def test_issued_document_number_and_file_cannot_change(dak_nong, office_user, fake_render):
    document = issue(office_user)

    document.number = 2
    with pytest.raises(ImmutableDocument):
        document.save()
    document.refresh_from_db()
    document.file.name = "documents/2021/other.pdf"
    with pytest.raises(ImmutableDocument):
        document.save()
    document.refresh_from_db()
    document.subject = "Một trích yếu khác"
    with pytest.raises(ImmutableDocument):
        document.save()


def test_issued_document_may_be_linked_to_its_object_after_issuing(dak_nong, office_user, fake_render):
    document = issue(office_user)
    owner = OrganizationFactory()

    document.related = owner
    document.save()

    assert list(documents_for(owner)) == [document]


# --- setting the next number --------------------------------------------------------------


def test_office_adopting_the_app_mid_year_issues_plan_514_of_2021(dak_nong, office_user):
    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=514, by=office_user)

    document = issue(office_user, subject="Triển khai phong trào thi đua đặc biệt")

    first_page = page_texts(document.file.read())[0]
    assert document.reference == "514/KH-LMHTX"
    assert "Số: 514/KH-LMHTX" in first_page.splitlines()
    assert "KẾ HOẠCH" in first_page.splitlines()


def test_set_next_number_records_who_and_when(dak_nong, office_user):
    sequence = set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=514, by=office_user)

    assert (sequence.next_number, sequence.set_by, sequence.set_at is not None) == (514, office_user, True)
    assert sequence.history.first().history_user == office_user


def test_setting_the_same_next_number_again_records_nothing(dak_nong, office_user):
    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=514, by=office_user)

    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=514, by=office_user)

    assert NumberSequence.history.count() == 2  # created, then set once


@pytest.mark.parametrize("next_number", [1, 5, 6])
def test_next_number_cannot_reuse_an_issued_number(dak_nong, office_user, fake_render, next_number):
    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=5, by=office_user)
    issue(office_user)
    issue(office_user)  # 05 and 06 are used

    with pytest.raises(ValidationError) as error:
        set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=next_number, by=office_user)

    assert error.value.code == "number_used"
    assert NumberSequence.objects.get(year=2021, type_symbol="KH").next_number == 7


def test_next_number_may_go_back_to_numbers_never_issued(dak_nong, office_user, fake_render):
    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=5, by=office_user)
    issue(office_user)  # 05
    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=50, by=office_user)

    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=6, by=office_user)

    assert issue(office_user).reference == "06/KH-LMHTX"


def test_next_number_of_another_year_or_type_is_independent(dak_nong, office_user, fake_render):
    issue(office_user)
    issue(office_user)

    set_next_number(year=2022, type_symbol="KH", issuer_symbol="LMHTX", next_number=1, by=office_user)
    set_next_number(year=2021, type_symbol="BC", issuer_symbol="LMHTX", next_number=1, by=office_user)

    assert NumberSequence.objects.filter(next_number=1).count() == 2


# --- integrity ----------------------------------------------------------------------------


def test_verify_stored_detects_a_changed_or_missing_file(db):
    intact, changed, missing = IssuedDocumentFactory.create_batch(3)
    with open(changed.file.path, "ab") as handle:
        handle.write(b"% tampered")
    missing.file.storage.delete(missing.file.name)

    assert [verify_stored(doc) for doc in (intact, changed, missing)] == [True, False, False]


def test_check_documents_passes_when_every_file_is_intact(db, capsys):
    IssuedDocumentFactory.create_batch(2)

    call_command("check_documents")

    assert "2 issued documents checked" in capsys.readouterr().out


def test_check_documents_fails_listing_changed_and_missing_files(db, capsys):
    IssuedDocumentFactory(number=7)
    changed = IssuedDocumentFactory(number=8)
    missing = IssuedDocumentFactory(number=9)
    with open(changed.file.path, "r+b") as handle:
        handle.write(b"X")
    missing.file.storage.delete(missing.file.name)

    with pytest.raises(CommandError, match="2 of 3"):
        call_command("check_documents")

    errors = capsys.readouterr().err.splitlines()
    assert [line.split()[:2] for line in errors] == [["CHANGED", "08/KH-LMHTX"], ["MISSING", "09/KH-LMHTX"]]
