"""The register's pages: list, search, filters, export, download, next numbers, layout preview."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from factories import IssuedDocumentFactory, SignerFactory
from openpyxl import load_workbook
from pdf_reading import page_texts

from documents.models import NumberSequence
from documents.services import set_next_number

LIST = reverse("documents:register_list")
NUMBERS = reverse("documents:register_numbers")


@pytest.fixture
def register(db, office_user):
    return [
        IssuedDocumentFactory(number=514, subject="Triển khai phong trào thi đua đặc biệt", issued_by=office_user),
        IssuedDocumentFactory(
            type_symbol="QĐ", number=12, kind_name="Quyết định", subject="Khen thưởng", issued_by=office_user
        ),
        IssuedDocumentFactory(year=2022, number=3, issued_on=dt.date(2022, 3, 1), subject="Sơ kết phong trào"),
    ]


def references(response):
    return [doc.reference for doc in response.context["page"].object_list]


def test_register_lists_every_document_newest_first(client_for, leader_user, register):
    response = client_for(leader_user).get(LIST)

    assert references(response) == ["03/KH-LMHTX", "514/KH-LMHTX", "12/QĐ-LMHTX"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "514/KH"}, ["514/KH-LMHTX"]),
        ({"q": "khen thưởng"}, ["12/QĐ-LMHTX"]),
        ({"year": "2021"}, ["514/KH-LMHTX", "12/QĐ-LMHTX"]),
        ({"type_symbol": "KH"}, ["03/KH-LMHTX", "514/KH-LMHTX"]),
        ({"year": "2021", "type_symbol": "QĐ"}, ["12/QĐ-LMHTX"]),
    ],
)
def test_register_search_and_filters(client_for, office_user, register, params, expected):
    response = client_for(office_user).get(LIST, params)

    assert references(response) == expected


def test_register_export_holds_the_filtered_rows(client_for, office_user, register):
    response = client_for(office_user).get(LIST, {"year": "2021", "export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[:2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        ("514/KH-LMHTX", dt.datetime(2021, 11, 8)),
        ("12/QĐ-LMHTX", dt.datetime(2021, 11, 8)),
    ]


def test_register_export_neutralises_a_subject_that_looks_like_a_formula(client_for, office_user, db):
    IssuedDocumentFactory(subject='=HYPERLINK("http://x")')

    response = client_for(office_user).get(LIST, {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=4).value == '\'=HYPERLINK("http://x")'


def test_download_returns_the_stored_bytes_as_an_attachment_named_by_reference(client_for, leader_user, register):
    document = register[1]

    response = client_for(leader_user).get(reverse("documents:register_download", args=[document.pk]))

    with document.file.open("rb") as handle:
        stored = handle.read()
    assert b"".join(response.streaming_content) == stored
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''12-Q%C4%90-LMHTX.pdf"


def test_download_of_a_missing_file_answers_404(client_for, office_user, register):
    register[0].file.storage.delete(register[0].file.name)

    response = client_for(office_user).get(reverse("documents:register_download", args=[register[0].pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(("role", "expected"), [("unit_user", 403), ("council_user", 403), ("leader_user", 200)])
def test_register_list_answers_each_role(client_for, request, role, expected):
    response = client_for(request.getfixturevalue(role)).get(LIST)

    assert response.status_code == expected


@pytest.mark.parametrize(("role", "expected"), [("unit_user", 403), ("council_user", 403), ("leader_user", 403)])
def test_numbers_page_is_for_the_office_only(client_for, request, role, expected):
    user = request.getfixturevalue(role)
    SignerFactory()

    get = client_for(user).get(NUMBERS)
    post = client_for(user).post(
        NUMBERS, {"year": 2021, "type_symbol": "KH", "issuer_symbol": "LMHTX", "next_number": 514}
    )

    assert (get.status_code, post.status_code, NumberSequence.objects.count()) == (expected, expected, 0)


def test_office_sets_the_next_number(client_for, office_user):
    SignerFactory()

    response = client_for(office_user).post(
        NUMBERS, {"year": 2021, "type_symbol": "KH", "issuer_symbol": "LMHTX", "next_number": 514}
    )

    sequence = NumberSequence.objects.get()
    assert (response.status_code, sequence.next_number, sequence.set_by) == (302, 514, office_user)


def test_next_number_reusing_an_issued_number_is_refused_on_the_field(client_for, office_user, register):
    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=515, by=office_user)

    response = client_for(office_user).post(
        NUMBERS, {"year": 2021, "type_symbol": "KH", "issuer_symbol": "LMHTX", "next_number": 514}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert list(form.errors) == ["next_number"]
    assert "514/KH-LMHTX" in form.errors["next_number"][0] and "515" in form.errors["next_number"][0]
    assert NumberSequence.objects.get(year=2021, type_symbol="KH").next_number == 515


def test_numbers_page_shows_each_sequence_with_its_last_issued_number(client_for, office_user, register):
    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=515, by=office_user)

    response = client_for(office_user).get(NUMBERS)

    rows = [(s.year, s.type_symbol, s.last_used, s.next_number) for s in response.context["sequences"]]
    assert rows == [(2021, "KH", 514, 515)]


def test_issuer_preview_is_a_watermarked_unnumbered_draft(client_for, leader_user):
    body = SignerFactory().issuing_body

    response = client_for(leader_user).get(reverse("documents:issuer_preview", args=[body.pk]))

    text = page_texts(response.content)[0]
    assert (response["Content-Type"], response["Content-Disposition"].split(";")[0]) == ("application/pdf", "inline")
    assert "DỰ THẢO" in text and "THÔNG BÁO" in text and "UBND TỈNH ĐẮK NÔNG" in text
    assert "Số:" in text and "/TB-LMHTX" in text


@pytest.mark.parametrize(("role", "shown"), [("office_user", True), ("leader_user", True), ("council_user", False)])
def test_navbar_shows_the_register_to_staff(client_for, request, role, shown):
    response = client_for(request.getfixturevalue(role)).get(reverse("home"))

    assert (LIST in response.content.decode()) is shown


def test_issuer_list_offers_the_layout_preview(client_for, office_user):
    body = SignerFactory().issuing_body

    response = client_for(office_user).get(reverse("documents:issuer_list"))

    assert reverse("documents:issuer_preview", args=[body.pk]) in response.content.decode()
