"""Pages of the award history: a person's and a unit's whole history, the form, the import with its
bad files and its review of doubtful people, who is due and the one-click nomination, unit scoping."""

import datetime as dt
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import AwardTypeFactory, CampaignFactory, NominationFactory, PersonFactory
from openpyxl import Workbook, load_workbook

from awards.history import record_past_award
from awards.history_import import COLUMNS
from awards.models import AwardRecord, RecordSource
from members.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def cstdcs(db):
    return AwardTypeFactory(name="Chiến sĩ thi đua cơ sở", short_name="CSTĐCS", coefficient_key="bonus_cstdcs")


@pytest.fixture
def province_title(db):
    return AwardTypeFactory(
        name="Chiến sĩ thi đua cấp tỉnh",
        short_name="CSTĐ tỉnh",
        category="title",
        issuer="province",
        coefficient_key="bonus_cstd_province",
        order=55,
    )


@pytest.fixture
def director(own_org):
    return PersonFactory(full_name="Hoàng Thị Lan", birth_year=1978, organization=own_org, position="Giám đốc")


def english(client):
    client.cookies["thidua_language"] = "en"
    return client


def with_cstdcs(person, award_type, by, years):
    for year in years:
        record_past_award(
            by=by, person=person, award_type=award_type, year=year, decision_number=f"{year - 2000:02d}/QĐ-LMHTX"
        )


# --- a person's and a unit's pages ---------------------------------------------------------------


def test_a_persons_page_shows_the_whole_history_and_another_unit_gets_404(
    client_for, office_user, other_unit_user, unit_user, director, cstdcs
):
    with_cstdcs(director, cstdcs, office_user, [2019, 2020])
    url = reverse("awards:person_awards", args=[director.pk])

    page = english(client_for(unit_user)).get(url).content.decode()

    assert page.index("19/QĐ-LMHTX") < page.index("20/QĐ-LMHTX")
    assert client_for(other_unit_user).get(url).status_code == 404


def test_a_units_page_shows_its_own_awards_and_its_peoples(client_for, office_user, own_org, director, cstdcs):
    giay_khen = AwardTypeFactory(name="Giấy khen", for_collectives=True)
    record_past_award(by=office_user, organization=own_org, award_type=giay_khen, year=2018, decision_number="7/QĐ")
    with_cstdcs(director, cstdcs, office_user, [2021])

    page = english(client_for(office_user)).get(reverse("awards:unit_awards", args=[own_org.pk])).content.decode()

    assert "7/QĐ" in page and "Hoàng Thị Lan" in page and "21/QĐ-LMHTX" in page


def test_the_history_list_of_a_unit_holds_its_own_rows_only(
    client_for, office_user, unit_user, director, other_org, cstdcs
):
    stranger = PersonFactory(full_name="Người Ngoài Đơn Vị", organization=other_org)
    with_cstdcs(director, cstdcs, office_user, [2021])
    with_cstdcs(stranger, cstdcs, office_user, [2021])

    page = client_for(unit_user).get(reverse("awards:record_list")).content.decode()

    assert "Hoàng Thị Lan" in page and "Người Ngoài Đơn Vị" not in page


# --- the form --------------------------------------------------------------------------------------


def test_the_office_enters_a_past_award_by_the_form(client_for, office_user, own_org, director, cstdcs):
    response = client_for(office_user).post(
        reverse("awards:record_create"),
        {
            "nominee_kind": "individual",
            "organization": own_org.pk,
            "person": director.pk,
            "award_type": cstdcs.pk,
            "year": 2019,
            "deciding_body": "Chủ tịch Liên minh HTX tỉnh",
            "decision_number": "12/QĐ-LMHTX",
            "decision_date": "15/01/2020",
        },
    )

    assert response.status_code == 302
    record = AwardRecord.objects.get()
    assert (record.person, record.year, record.source, record.decision_date) == (
        director,
        2019,
        RecordSource.PAST_ENTRY,
        dt.date(2020, 1, 15),
    )


def test_the_form_says_what_is_wrong_on_its_field(client_for, office_user, own_org, director):
    response = english(client_for(office_user)).post(
        reverse("awards:record_create"),
        {"nominee_kind": "individual", "organization": own_org.pk, "person": director.pk, "year": 2019},
    )

    assert response.status_code == 200
    assert "Choose the award or write its name." in response.content.decode()
    assert not AwardRecord.objects.exists()


def test_a_unit_does_not_enter_past_awards(client_for, unit_user):
    assert client_for(unit_user).get(reverse("awards:record_create")).status_code == 403
    assert client_for(unit_user).get(reverse("awards:record_import")).status_code == 403


# --- the import ------------------------------------------------------------------------------------

HEADER = [str(c.label) for c in COLUMNS]


def workbook(rows, header=HEADER):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row(name="Hoàng Thị Lan", birth="1978", unit="6400100001", award="CSTĐCS", year=2019, kind="Cá nhân", gender=""):
    return [
        kind,
        name,
        birth,
        gender,
        unit,
        award,
        year,
        "Chủ tịch Liên minh HTX tỉnh",
        "12/QĐ-LMHTX",
        "15/01/2020",
        "",
    ]


def upload(client, content, name="lich-su.xlsx"):
    return client.post(reverse("awards:record_import"), {"file": SimpleUploadedFile(name, content)}, follow=True)


def test_the_template_has_the_header_and_an_instructions_sheet(client_for, office_user):
    response = client_for(office_user).get(reverse("awards:record_template"))

    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]][0].startswith(str(COLUMNS[0].label))
    assert len(wb.worksheets) == 2


def test_an_import_with_every_person_found_stores_every_row(client_for, office_user, director, cstdcs, own_org):
    content = workbook([row(year=2019), row(year=2020), row(name="", kind="Tập thể", award="Cờ thi đua", year=2020)])

    client = english(client_for(office_user))
    review = upload(client, content)
    assert review.redirect_chain[-1][0] == reverse("awards:record_import_review")
    token = review.context["token"]
    response = client.post(reverse("awards:record_import_review"), {"token": token}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("awards:record_list")
    assert sorted(AwardRecord.objects.values_list("year", "source", "title")) == [
        (2019, "import", ""),
        (2020, "import", ""),
        (2020, "import", "Cờ thi đua"),
    ]
    assert AwardRecord.objects.filter(organization=own_org, person__isnull=True).count() == 1


@pytest.mark.parametrize(
    "content, name, message",
    [
        (workbook([row()], header=["Họ tên", "Năm"]), "a.xlsx", "The header row lacks these columns"),
        (workbook([row(year="hai nghìn")]), "a.xlsx", "Write the year as four digits"),
        (workbook([row(year=2090)]), "a.xlsx", "The year must be between"),
        (workbook([row(name="")]), "a.xlsx", "Write the person's full name."),
        (workbook([row(unit="Không có đơn vị này")]), "a.xlsx", "No unit with this code or name"),
        (b"Ho ten;Nam\nA;2019\n", "a.csv", "Upload the Excel file (.xlsx)"),
        (b"not a workbook", "a.xlsx", "not a readable Excel workbook"),
        (workbook([row(), row()]), "a.xlsx", "also in row 2"),
    ],
)
def test_a_bad_file_is_reported_and_nothing_is_stored(
    client_for, office_user, director, cstdcs, content, name, message
):
    response = upload(english(client_for(office_user)), content, name)

    assert message in html.unescape(response.content.decode())
    assert not AwardRecord.objects.exists()


def test_an_award_already_in_the_history_is_a_row_error(client_for, office_user, director, cstdcs):
    with_cstdcs(director, cstdcs, office_user, [2019])

    response = upload(english(client_for(office_user)), workbook([row(year=2019)]))

    assert "already in the history" in response.content.decode()
    assert AwardRecord.objects.count() == 1


def test_a_person_found_twice_is_chosen_on_the_review_page(client_for, office_user, director, cstdcs, own_org):
    twin = PersonFactory(full_name="Hoàng Thị Lan", birth_year=1978, organization=own_org, position="Kế toán")
    client = english(client_for(office_user))
    review = upload(client, workbook([row(year=2019)]))
    assert "Several people match" in review.content.decode()
    token = review.context["token"]

    refused = client.post(reverse("awards:record_import_review"), {"token": token})
    assert "choose who Hoàng Thị Lan is" in html.unescape(refused.content.decode())
    assert not AwardRecord.objects.exists()

    client.post(reverse("awards:record_import_review"), {"token": token, "row-2": str(twin.pk)})
    assert AwardRecord.objects.get().person == twin


def test_a_person_not_in_the_registry_is_created_when_the_office_says_so(client_for, office_user, own_org, cstdcs):
    client = english(client_for(office_user))
    review = upload(client, workbook([row(name="Y Bhăm Niê", birth="1990", gender="Nam")]))
    assert "Not in the registry of this unit." in review.content.decode()

    client.post(reverse("awards:record_import_review"), {"token": review.context["token"], "row-2": "new"})

    person = Person.objects.get(full_name="Y Bhăm Niê")
    assert (person.organization, person.birth_year, person.gender) == (own_org, 1990, "male")
    assert AwardRecord.objects.get().person == person


# --- who is due -------------------------------------------------------------------------------------


def test_three_consecutive_cstdcs_put_the_person_on_the_due_list_with_a_prefilled_nomination(
    client_for, office_user, director, cstdcs, province_title, demo_parameters
):
    with_cstdcs(director, cstdcs, office_user, [2019, 2020, 2021])
    campaign = CampaignFactory(kind="regular", starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 12, 31))
    client = english(client_for(office_user))

    response = client.get(reverse("awards:due_list"), {"year": 2022})

    [(award_type, [line])] = [(t, lines) for t, lines in response.context["groups"] if t == province_title]
    assert (line.person, [e.year for e in line.relied]) == (director, [2019, 2020, 2021])
    assert "19/QĐ-LMHTX" in response.content.decode()
    form = client.get(line.nominate_url).context["form"]
    assert (form.initial["person"], form.initial["award_type"], form.initial["campaign"]) == (
        director.pk,
        province_title.pk,
        campaign.pk,
    )
    assert "2021 (21/QĐ-LMHTX)" in form.initial["achievements"]


@pytest.mark.parametrize("years", [[2020, 2021], [2018, 2019, 2021], [2017, 2018, 2019]])
def test_without_the_run_of_years_nobody_is_due(
    client_for, office_user, director, cstdcs, province_title, demo_parameters, years
):
    with_cstdcs(director, cstdcs, office_user, years)

    response = client_for(office_user).get(reverse("awards:due_list"), {"year": 2022})

    assert dict(response.context["groups"])[province_title] == []


def test_a_nominated_person_shows_the_nomination_instead_of_the_button(
    client_for, office_user, director, cstdcs, province_title, demo_parameters
):
    with_cstdcs(director, cstdcs, office_user, [2019, 2020, 2021])
    campaign = CampaignFactory(kind="regular", starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 12, 31))
    nomination = NominationFactory(
        campaign=campaign,
        award_type=province_title,
        nominee_kind="individual",
        person=director,
        organization=director.organization,
    )

    response = client_for(office_user).get(reverse("awards:due_list"), {"year": 2022})

    [line] = dict(response.context["groups"])[province_title]
    assert line.nomination == nomination


def test_a_unit_sees_its_own_people_only_on_the_due_list(
    client_for, office_user, unit_user, director, other_org, cstdcs, province_title, demo_parameters
):
    stranger = PersonFactory(full_name="Người Ngoài Đơn Vị", organization=other_org)
    with_cstdcs(director, cstdcs, office_user, [2019, 2020, 2021])
    with_cstdcs(stranger, cstdcs, office_user, [2019, 2020, 2021])

    unit_lines = dict(client_for(unit_user).get(reverse("awards:due_list"), {"year": 2022}).context["groups"])
    office_lines = dict(client_for(office_user).get(reverse("awards:due_list"), {"year": 2022}).context["groups"])

    assert [line.person for line in unit_lines[province_title]] == [director]
    assert {line.person for line in office_lines[province_title]} == {director, stranger}


def test_the_due_list_exports_to_excel(client_for, office_user, director, cstdcs, province_title, demo_parameters):
    with_cstdcs(director, cstdcs, office_user, [2019, 2020, 2021])

    response = client_for(office_user).get(reverse("awards:due_list"), {"year": 2022, "export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert values[0][:2] == ["Chiến sĩ thi đua cấp tỉnh", "Hoàng Thị Lan"]
    assert "21/QĐ-LMHTX" in values[0][4]


def test_a_revoked_award_does_not_count_on_the_due_list(
    client_for, office_user, director, cstdcs, province_title, demo_parameters, monkeypatch
):
    from awards import history

    with_cstdcs(director, cstdcs, office_user, [2019, 2020, 2021])
    real = history.entry_of

    def revoked_2020(record):
        entry = real(record)
        return entry.__class__(**{**entry.__dict__, "revoked": entry.year == 2020})

    monkeypatch.setattr(history, "entry_of", revoked_2020)

    response = client_for(office_user).get(reverse("awards:due_list"), {"year": 2022})

    assert dict(response.context["groups"])[province_title] == []


def test_the_office_withdraws_a_wrong_entry_with_its_reason(client_for, office_user, director, cstdcs):
    with_cstdcs(director, cstdcs, office_user, [2019])
    record = AwardRecord.objects.get()
    url = reverse("awards:record_withdraw", args=[record.pk])

    kept = english(client_for(office_user)).post(url, {"reason": ""})
    assert kept.status_code == 200 and AwardRecord.objects.exists()
    client_for(office_user).post(url, {"reason": "Nhập nhầm năm"})

    assert not AwardRecord.objects.exists()
    assert AwardRecord.history.filter(history_type="-", note__contains="Nhập nhầm năm").exists()
