"""Import and registry keep their word (issue 17 item 4): every export re-imports unchanged."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from factories import OrganizationFactory, PersonFactory
from openpyxl import load_workbook

from members.importers import export_areas, export_organizations, export_people, run_import
from members.models import AdministrativeArea, ImportJob, ImportKind, ImportStatus, Organization, Person


def _run(content, user, kind):
    job = ImportJob.objects.create(
        kind=kind, file=ContentFile(content, name="xuat.xlsx"), original_name="xuat.xlsx", created_by=user
    )
    run_import(job)
    job.refresh_from_db()
    return job


@pytest.fixture
def registry(dak_nong):
    with_code = OrganizationFactory(
        name="Hợp tác xã Nông nghiệp Đắk Wil",
        tax_code="6400100001",
        province=dak_nong.lam_dong,
        commune=dak_nong.new_dak_wil,
    )
    without_code = OrganizationFactory(
        name="Tổ hợp tác Dệt thổ cẩm Buôn Buôr",
        tax_code="",
        province=dak_nong.dak_nong,
        district=dak_nong.cu_jut,
        commune=dak_nong.old_dak_wil,
    )
    PersonFactory(full_name="Nguyễn Thị Hoa", organization=with_code, birth_year=1980)
    PersonFactory(full_name="H'Lan Niê", organization=without_code, birth_year=1990)
    return with_code, without_code


def _history_rows():
    return Organization.history.count() + Person.history.count()


@pytest.mark.parametrize(
    ("kind", "export", "model"),
    [
        (ImportKind.ORGANIZATIONS, export_organizations, Organization),
        (ImportKind.PEOPLE, export_people, Person),
        (ImportKind.AREAS, export_areas, AdministrativeArea),
    ],
)
def test_an_export_reimported_unchanged_creates_nothing_and_writes_no_history(
    registry, office_user, kind, export, model
):
    content = export(model.objects.order_by("pk"))
    count, history = model.objects.count(), _history_rows()

    job = _run(content, office_user, kind)

    assert (job.status, job.errors, job.created_count) == (ImportStatus.DONE, [], 0)
    assert model.objects.count() == count
    assert _history_rows() == history
    if kind != ImportKind.AREAS:
        assert job.updated_count == 0


def test_an_export_with_one_change_updates_that_organization_only(registry, office_user):
    with_code, without_code = registry
    book = load_workbook(BytesIO(export_organizations(Organization.objects.order_by("pk"))))
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == without_code.name:
            row[0].value = "Tổ hợp tác Dệt thổ cẩm Buôn Buôr (đổi tên)"
    buffer = BytesIO()
    book.save(buffer)
    history = Organization.history.count()

    job = _run(buffer.getvalue(), office_user, ImportKind.ORGANIZATIONS)

    without_code.refresh_from_db()
    assert (job.created_count, job.updated_count, Organization.objects.count()) == (0, 1, 2)
    assert without_code.name.endswith("(đổi tên)")
    assert Organization.history.count() == history + 1


def test_an_unknown_id_is_refused_on_its_cell(registry, office_user, english):
    book = load_workbook(BytesIO(export_organizations(Organization.objects.order_by("pk"))))
    sheet = book.active
    sheet.cell(row=2, column=sheet.max_column).value = 999999
    buffer = BytesIO()
    book.save(buffer)

    job = _run(buffer.getvalue(), office_user, ImportKind.ORGANIZATIONS)

    assert job.status == ImportStatus.REJECTED
    assert "No organization has this ID" in job.errors[0]["message"]
