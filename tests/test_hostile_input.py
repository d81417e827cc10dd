"""Hostile input: what a careless or malicious user can send, and that it never breaks or lands.

Already proven elsewhere (see docs/security.md): evidence that lies about its type and oversize
evidence (tests/campaign/test_evidence.py), corrupt, empty and wrong-column imports and
formulas in imported cells (tests/members/test_imports.py), formula-like text in each export.
Here: path tricks in the names of imported spreadsheets, imports that are too big or unpack to too
much, that every export goes through the one neutralising function, and hypothesis running
arbitrary input through the scoring functions and every form's clean methods.
"""

import ast
import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.spreadsheets import FORMULA_PREFIXES, ImportRejected, build_workbook, read_table
from core.uploads import clean_name, stored_name
from members.models import ImportJob, ImportKind, ImportStatus

ROOT = Path(settings.BASE_DIR)
APPS = ["core", "members", "documents", "campaign", "awards", "reports", "ops", "thidua"]

# --- file names -----------------------------------------------------------------------------------

TRICKY_NAMES = [
    "../../../../etc/passwd.xlsx",
    "..\\..\\Windows\\system.ini.xlsx",
    "/etc/cron.d/danh-sach.xlsx",
    "C:\\Users\\Hoa\\Desktop\\Danh sách HTX.xlsx",
    "danh\x00sach.xlsx",
    "a" * 400 + ".xlsx",
    "Danh sa\u0301ch \u202eslx.exe.xlsx",
    "\u200b\u200b.xlsx",
    "con.xlsx",
]


@given(st.text(max_size=600))
def test_clean_name_never_leaves_a_path_a_control_character_or_an_empty_name(name):
    cleaned = clean_name(name)

    assert 0 < len(cleaned) <= 255
    assert "/" not in cleaned and "\\" not in cleaned
    assert not cleaned.startswith(".")
    assert all(ord(ch) >= 32 and ch not in "\u202e\u202d\u200b\x7f" for ch in cleaned)


@given(st.text(max_size=600))
def test_stored_name_is_ours_whatever_the_users_name(name):
    stored = stored_name(name)

    assert stored[:32].isalnum() and stored.isascii() and "/" not in stored and len(stored) <= 40


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_an_import_upload_with_a_tricky_name_is_stored_under_our_name_inside_media(client_for, office_user, name):
    upload = SimpleUploadedFile(name, _workbook_bytes([["Tên", "Loại"], ["HTX A", "HTX"]]))

    response = client_for(office_user).post(reverse("members:import_upload", args=["organizations"]), {"file": upload})

    job = ImportJob.objects.get()
    stored = (Path(settings.MEDIA_ROOT) / job.file.name).resolve()
    assert response.status_code == 302
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve()) and stored.is_file()
    assert job.file.name.startswith("imports/") and job.file.name.endswith(".xlsx")
    assert "passwd" not in job.file.name and ".." not in job.file.name
    assert job.original_name == clean_name(job.original_name) and len(job.original_name) <= 255
    assert "\x00" not in job.original_name and "\u202e" not in job.original_name


# --- spreadsheets that are too big ----------------------------------------------------------------


def _workbook_bytes(rows):
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_file_with_more_rows_than_allowed_is_refused_without_reading_them_all():
    rows = [["Tên"]] + [[f"HTX {i}"] for i in range(50)]

    with pytest.raises(ImportRejected, match="10"):
        read_table(io.BytesIO(_workbook_bytes(rows)), "lon.xlsx", max_rows=10)


def test_a_csv_with_more_rows_than_allowed_is_refused():
    text = "Tên\n" + "".join(f"HTX {i}\n" for i in range(50))

    with pytest.raises(ImportRejected):
        read_table(io.BytesIO(text.encode()), "lon.csv", max_rows=10)


def test_a_small_workbook_that_unpacks_to_too_much_is_refused_before_it_is_parsed(settings):
    """A zip bomb: a few kilobytes that unpack to far more than any import needs."""
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<row/>" * 400_000)  # 2.4 MB of nothing
    assert len(buffer.getvalue()) < 50_000

    with pytest.raises(ImportRejected, match="khi giải nén"):
        read_table(io.BytesIO(buffer.getvalue()), "bom.xlsx", max_rows=1000)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"T\xc3\xaan\n\x00\x01\x02binary\n", "nhi-phan.csv"),
        ("Tên\nHTX A\n".encode("utf-16"), "utf16.csv"),
        (b"PK\x05\x06" + b"\x00" * 18, "zip-rong.xlsx"),
    ],
    ids=["nul-bytes", "utf-16", "empty-zip"],
)
def test_damaged_files_are_refused_with_a_file_level_message(content, name):
    with pytest.raises(ImportRejected) as refused:
        read_table(io.BytesIO(content), name, max_rows=100)

    assert str(refused.value)


def test_an_import_over_the_row_limit_stores_nothing(office_user, settings):
    from members.importers import run_import
    from members.models import Organization

    settings.IMPORT_MAX_ROWS = 3
    content = "Tên tổ chức,Loại hình\n" + "".join(f"HTX {i},HTX\n" for i in range(5))
    job = ImportJob.objects.create(
        kind=ImportKind.ORGANIZATIONS,
        file=SimpleUploadedFile("x.xlsx", _workbook_bytes([line.split(",") for line in content.splitlines()])),
        original_name="danh-sach.xlsx",
        created_by=office_user,
    )

    run_import(job)

    job.refresh_from_db()
    assert (job.status, Organization.objects.count()) == (ImportStatus.REJECTED, 0)
    assert "3" in job.errors[0]["message"]


# --- every export goes through the one neutralising function ---------------------------------------


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py") if (ROOT / app).is_dir() else []:
            if "migrations" not in path.parts:
                yield path


def test_only_core_spreadsheets_writes_spreadsheets():
    """build_workbook passes every cell through safe_cell; a module writing a workbook or CSV itself would not."""
    writers = []
    for path in _sources():
        if path == ROOT / "core" / "spreadsheets.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                writers.append(f"{path.relative_to(ROOT)}: from {node.module} import")
            elif isinstance(node, ast.Import) and any(a.name.startswith("openpyxl") for a in node.names):
                writers.append(f"{path.relative_to(ROOT)}: import openpyxl")
            elif isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter"):
                if isinstance(node.value, ast.Name) and node.value.id == "csv":
                    writers.append(f"{path.relative_to(ROOT)}: csv.{node.attr}")

    assert writers == []


@hypothesis_settings(max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.one_of(st.text(max_size=40), st.integers(), st.none()), min_size=1, max_size=4), max_size=6)
)
def test_build_workbook_writes_no_cell_a_spreadsheet_would_run(rows):
    from openpyxl import load_workbook

    from core.spreadsheets import Column

    columns = [Column(f"c{i}", f"Cột {i}") for i in range(4)]
    hostile = [[f"={cell}" if isinstance(cell, str) else cell for cell in row] for row in rows]
    sheet = load_workbook(io.BytesIO(build_workbook("Thử", columns, hostile))).active

    for row in sheet.iter_rows(min_row=2, values_only=True):
        for value in row:
            assert not (isinstance(value, str) and value.startswith(FORMULA_PREFIXES)), value
    assert all(cell.data_type != "f" for row in sheet.iter_rows(min_row=2) for cell in row)


# --- every form's clean methods take arbitrary input without raising ----------------------------------

FORM_MODULES = [
    "members.forms",
    "members.forms_auth",
    "campaign.forms",
    "campaign.forms_submissions",
    "campaign.forms_violations",
    "awards.forms",
    "awards.forms_council",
    "awards.forms_decisions",
    "awards.forms_nominations",
]
# Bases that are never shown on their own.
ABSTRACT_FORMS = {"members.forms.BaseForm", "awards.forms._PlainForm", "awards.forms_nominations._UnitScopedForm"}


def _form_classes():
    import importlib
    import inspect

    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                if f"{module_name}.{name}" not in ABSTRACT_FORMS:
                    yield f"{module_name}.{name}", cls


@pytest.fixture
def world(db, office_user, unit_user, own_org):
    import datetime as dt

    from factories import (
        CampaignFactory,
        ClassificationBandFactory,
        CouncilSessionFactory,
        CriterionFactory,
        NominationFactory,
        RegistrationFactory,
        ReportingPeriodFactory,
    )

    from campaign import submissions as services

    campaign = CampaignFactory(status="running")
    for rule in ("target", "percentage", "yes_no", "count", "qualitative"):
        CriterionFactory(campaign=campaign, rule=rule, target=Decimal(50), max_points=Decimal(10))
    ClassificationBandFactory(campaign=campaign)
    period = ReportingPeriodFactory(campaign=campaign, deadline=dt.date.today() + dt.timedelta(days=30))
    RegistrationFactory(campaign=campaign, organization=own_org)
    submission = services.open_submission(period, own_org, by=unit_user)
    session = CouncilSessionFactory(campaign=campaign, created_by=office_user)
    NominationFactory(campaign=campaign, organization=own_org)
    request = RequestFactory().post("/accounts/login/")
    request.session = {}
    return {
        "office": office_user,
        "unit": unit_user,
        "org": own_org,
        "campaign": campaign,
        "submission": submission,
        "session": session,
        "request": request,
    }


def _arguments(name, w):
    """The keyword arguments each form is built with in its view."""
    from awards.models import Nomination
    from campaign.models import Campaign, ReportingPeriod
    from members.models import AdministrativeArea, Organization

    campaign = w["campaign"]
    return {
        "members.forms.StatusChangeForm": {"organization": w["org"]},
        "members.forms.PersonForm": {"organizations": Organization.objects.all()},
        "members.forms.UnitOrganizationForm": {"instance": w["org"]},
        "members.forms.ArchiveForm": {"organization": w["org"]},
        "members.forms.AccountPasswordForm": {"_first": w["unit"]},
        "members.forms.ImportForm": {"kind": ImportKind.ORGANIZATIONS},
        "members.forms_auth.LoginForm": {"_first": w["request"]},
        "members.forms_auth.PasswordChangeForm": {"_first": w["unit"]},
        "campaign.forms.PeriodForm": {"campaign": campaign},
        "campaign.forms.CriterionGroupForm": {"campaign": campaign},
        "campaign.forms.CriterionForm": {"campaign": campaign},
        "campaign.forms.BandForm": {"campaign": campaign},
        "campaign.forms.CopyCriteriaForm": {"campaign": campaign},
        "campaign.forms.RegistrationForm": {"campaign": campaign, "organization": w["org"]},
        "campaign.forms_submissions.SubmissionForm": {"submission": w["submission"]},
        "campaign.forms_submissions.VerifyForm": {"submission": w["submission"]},
        "campaign.forms_violations.ViolationForm": {"campaign": campaign},
        "campaign.forms_violations.ViolationFilterForm": {"campaign": campaign},
        "campaign.forms_violations.RankingFilterForm": {
            "campaign": campaign,
            "periods": ReportingPeriod.objects.filter(campaign=campaign),
            "areas": AdministrativeArea.objects.all(),
        },
        "awards.forms.ParameterValueForm": {"key": "base_salary"},
        "awards.forms_council.SessionForm": {},
        "awards.forms_council.AgendaForm": {"nominations": Nomination.objects.all()},
        "awards.forms_council.VoteForm": {"agenda": Nomination.objects.all()},
        "awards.forms_decisions.CampaignChoiceForm": {"kind": "decision"},
        "awards.forms_decisions.PrepareForm": {"campaign": campaign, "kind": "decision"},
        "awards.forms_decisions.AmendmentForm": {"kind": "revocation", "awards": []},
        "awards.forms_nominations.HouseholdForm": {"user": w["unit"]},
        "awards.forms_nominations.InitiativeForm": {"user": w["unit"]},
        "awards.forms_nominations.NominationForm": {"user": w["unit"], "campaigns": Campaign.objects.all()},
    }.get(name, {})


def _build(cls, name, world, *data):
    kwargs = dict(_arguments(name, world))
    first = kwargs.pop("_first", None)  # Django's auth forms take the user (or request) first
    return cls(first, *data, **kwargs) if first is not None else cls(*data, **kwargs)


FORMS = dict(_form_classes())

# Text a user could type: anything, numbers in every shape, dates, and the nasty classics.
NASTY = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e309",
        "NaN",
        "Infinity",
        "99999999999999999999999999",
        "1,5",
        "1.234,56",
        "31/02/2021",
        "01/01/0001",
        "9999-12-31",
        "<script>alert(1)</script>",
        '=HYPERLINK("http://x")',
        "'; DROP TABLE members_organization; --",
        "\x00",
        "\u202e",
        "😀" * 50,
        "a" * 5000,
        "-0",
        "１２３",  # full-width digits
    ]
)
TYPED = st.one_of(
    NASTY,
    st.text(max_size=80),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
)


def _value_for(field, draw):
    choices = getattr(field, "choices", None)
    if isinstance(field, forms.FileField):
        name = draw(st.one_of(NASTY, st.text(max_size=40))) + draw(st.sampled_from([".pdf", ".xlsx", ".png", ""]))
        # A browser sends only the last part of a path; Django's multipart parser strips the rest.
        name = name.replace("\\", "/").rsplit("/", 1)[-1]
        content = draw(st.binary(max_size=64))
        try:
            return SimpleUploadedFile(name, content)
        except SuspiciousFileOperation:  # "", ".", "..": Django itself refuses to take such a name
            return SimpleUploadedFile("x", content)
    if isinstance(field, forms.BooleanField):
        return draw(st.sampled_from(["on", "", "true", "false", "0"]))
    if choices is not None:
        try:
            values = [str(v.value if hasattr(v, "value") else v) for v, _label in list(choices)[:30]]
        except (TypeError, ValueError):
            values = []
        picked = st.sampled_from(values) if values else TYPED
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            return draw(st.lists(st.one_of(picked, TYPED), max_size=4))
        return draw(st.one_of(picked, picked, TYPED))
    return draw(TYPED)


def test_the_forms_are_discovered_from_their_modules():
    """A new form class in these modules is fuzzed too: a form needing arguments fails until `_arguments` has them."""
    assert len(FORMS) >= 40
    assert {"members.forms.NewAccountForm", "awards.forms_nominations.NominationForm"} <= set(FORMS)


@pytest.mark.parametrize("name", sorted(FORMS))
@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_form_either_validates_or_reports_errors_without_raising(world, name, data):
    cls = FORMS[name]
    probe = _build(cls, name, world)
    values, files = {}, {}
    for field_name, field in probe.fields.items():
        key = probe.add_prefix(field_name)
        if data.draw(st.booleans(), label="send " + field_name) or field.required:
            value = _value_for(field, data.draw)
            (files if isinstance(field, forms.FileField) else values)[key] = value

    form = _build(cls, name, world, values, files)
    valid = form.is_valid()

    assert isinstance(valid, bool)
    assert set(form.errors) <= set(form.fields) | {"__all__"}
    if not valid:
        assert all(messages for messages in form.errors.values())


# --- scoring: properties over arbitrary numbers -------------------------------------------------

from campaign import scoring  # noqa: E402

amounts = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=0, max_value=10**4, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(positive, max_size=20), st.none() | positive)
def test_deductions_are_never_negative_nor_above_their_cap(points, cap):
    taken = scoring.deduction_points(points, cap=cap)

    assert taken >= 0
    assert cap is None or taken <= cap
    assert cap is not None or taken == scoring.quantize(sum(points, Decimal(0)))


@given(st.lists(st.none() | positive, max_size=20), positive, positive)
def test_total_score_is_never_negative_and_falls_as_deductions_grow(points, less, more):
    less, more = sorted([less, more])

    assert scoring.total_score(points, more) <= scoring.total_score(points, less)
    assert scoring.total_score(points, more) >= 0


@given(amounts, amounts, st.lists(st.tuples(st.sampled_from(["Xuất sắc", "Khá", "Đạt"]), amounts), max_size=3))
def test_classify_never_gives_a_lower_total_a_higher_band(low, high, bands):
    low, high = sorted([low, high])
    order = {name: min_score for name, min_score in bands}  # the last of a name wins, as in the dict
    bands = list(order.items())
    minima = dict(bands)

    band_low, band_high = scoring.classify(low, bands), scoring.classify(high, bands)

    assert band_low is None or band_high is not None
    assert band_low is None or minima[band_high] >= minima[band_low]
    assert scoring.classify(high, bands, vetoed=True) is None


@given(
    st.sampled_from([scoring.TARGET, scoring.PERCENTAGE, scoring.COUNT, scoring.YES_NO]),
    positive,
    amounts,
    amounts,
    st.decimals(min_value=Decimal("0.01"), max_value=10**4, places=2),
)
def test_more_reported_never_scores_less(rule, max_points, a, b, target):
    low, high = sorted([a, b])

    def points(value):
        return scoring.criterion_points(rule, max_points=max_points, value=value, target=target)

    assert points(low) <= points(high) <= max_points


@given(st.lists(st.none() | positive, max_size=12), st.integers(min_value=0, max_value=12))
def test_cumulative_total_stays_within_the_period_totals(totals, periods):
    periods = max(periods, len(totals))

    mean = scoring.cumulative_total(totals, periods)

    present = [t for t in totals if t is not None]
    assert mean >= 0
    assert mean <= (scoring.quantize(max(present)) if present else 0)


@given(st.lists(amounts, max_size=30))
def test_ranks_run_from_one_and_ties_share(scores):
    ranks = scoring.competition_ranks(scores)

    assert all(1 <= r <= len(scores) for r in ranks)
    assert all(
        (a > b) <= (ra < rb) for a, ra in zip(scores, ranks, strict=True) for b, rb in zip(scores, ranks, strict=True)
    )


@given(st.sampled_from([scoring.DEDUCTION, scoring.VETO, "khong-co"]), positive)
def test_rules_without_a_value_of_their_own_are_refused_loudly(rule, value):
    with pytest.raises(ValueError):
        scoring.criterion_points(rule, max_points=10, value=value, target=1)


# --- what the fuzzing found, pinned -------------------------------------------------------------


@pytest.mark.parametrize("posted", [["99999999999999999999999999"], ["-99999999999999999999999999", "1"]])
def test_an_id_too_big_for_any_column_is_a_form_error_not_a_server_error(world, posted):
    """On SQLite Django's `pk__in` query raised OverflowError (a 500) for such an id."""
    from awards.forms_nominations import InitiativeForm

    form = InitiativeForm({"title": "Sáng kiến", "authors": posted}, user=world["unit"])

    assert (form.is_valid(), "authors" in form.errors) == (False, True)


def test_an_export_of_text_with_control_characters_still_downloads():
    """openpyxl refuses control characters: one pasted into a name made the whole export fail."""
    from openpyxl import load_workbook

    from core.spreadsheets import Column, safe_cell

    content = build_workbook("Thử", [Column("a", "A")], [["HTX\x08 Bắc\x1b Sơn"], ["\x07=1+1"]])

    sheet = load_workbook(io.BytesIO(content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["HTX Bắc Sơn", "'=1+1"]
    assert safe_cell("\x00") == ""
