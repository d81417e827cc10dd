"""The statutory statistics of a year: which circular and period, what each form counts, that every
number opens exactly the rows it counts, the office's figures, the XLSX layout and the PDF.

The year's awards come from two campaigns (one launched the year before) and from a decision made
outside any campaign (an ad-hoc award for a deed: awards.Occasion).
"""

import datetime as dt
import io
import re
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    DecisionFactory,
    HouseholdFactory,
    InitiativeFactory,
    IssuingBodyFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    UserFactory,
)
from openpyxl import load_workbook
from pdf_reading import page_texts

from awards.models import Award, AwardIssuer, Decision, DecisionStatus, NomineeKind, Occasion, RevokedAward
from awards.proposal_models import HigherAnswer, LineAnswer
from campaign.models import CampaignKind, CampaignStatus
from members.models import Gender, Role
from reports import statistics, statistics_output
from reports.models import StatisticsEntry, StatisticsForm

YEAR = 2026
CELL = re.compile(r'href="(/reports/statistics/\d+/[\w-]+/[\w-]+/[\w-]+/)" data-cell="([\w/-]+)">(\d+)</a>')
ROW = re.compile(r"<tr>\s*<td>\d+</td>")


@pytest.fixture
def world(db):
    """Year 2026 (01/12/2025–30/11/2026): a thematic campaign of 2026 and a regular one launched in
    June 2025 still running in December 2025; a draft campaign and one of 2024 that do not count."""
    IssuingBodyFactory()
    giay_khen = AwardTypeFactory(name="Giấy khen của Chủ tịch Liên minh HTX tỉnh", order=10)
    national = AwardTypeFactory(
        name="Bằng khen của Liên minh HTX Việt Nam", issuer=AwardIssuer.NATIONAL, coefficient_key="", order=20
    )
    digital = CampaignFactory(
        short_name="Chuyển đổi số 2026", kind=CampaignKind.THEMATIC,
        starts_on=dt.date(2026, 1, 10), ends_on=dt.date(2026, 12, 31),
    )  # fmt: skip
    regular = CampaignFactory(
        short_name="Thi đua thường xuyên 2025", kind=CampaignKind.REGULAR,
        starts_on=dt.date(2025, 6, 1), ends_on=dt.date(2025, 12, 31), status=CampaignStatus.CLOSED,
    )  # fmt: skip
    CampaignFactory(short_name="Nháp", status=CampaignStatus.DRAFT, starts_on=dt.date(2026, 2, 1),
                    ends_on=dt.date(2026, 6, 1))  # fmt: skip
    CampaignFactory(short_name="Năm 2024", starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31))

    coop = OrganizationFactory(name="HTX An Bình")
    woman = PersonFactory(organization=coop, gender=Gender.FEMALE, ethnicity="Ê Đê", is_direct_worker=True)
    man = PersonFactory(organization=coop, gender=Gender.MALE, ethnicity="Kinh", is_direct_worker=False)

    def award(decision, award_type=giay_khen, kind=NomineeKind.COLLECTIVE, **nominee):
        nomination = NominationFactory(
            campaign=decision.campaign,
            occasion=decision.occasion,
            award_type=award_type,
            nominee_kind=kind,
            organization=coop,
            **nominee,
        )
        return Award.objects.create(decision=decision, nomination=nomination, amount=Decimal("450000"))

    def decision(campaign, day, kind=Decision.Kind.DECISION, status=DecisionStatus.ISSUED, **extra):
        return DecisionFactory(campaign=campaign, decided_on=day, kind=kind, status=status, **extra)

    spring = decision(digital, dt.date(2026, 3, 10))
    award(spring)
    award(spring, kind=NomineeKind.INDIVIDUAL, person=woman)
    award(spring, kind=NomineeKind.INDIVIDUAL, person=man)
    taken_back = award(spring)
    revocation = decision(digital, dt.date(2026, 4, 1), kind=Decision.Kind.REVOCATION, amends=spring)
    RevokedAward.objects.create(decision=revocation, award=taken_back)
    december = decision(regular, dt.date(2025, 12, 15))
    award(december, kind=NomineeKind.HOUSEHOLD, household=HouseholdFactory(organization=coop))
    award(december, kind=NomineeKind.INITIATIVE, initiative=InitiativeFactory(organization=coop))
    upward = decision(digital, dt.date(2026, 5, 1), kind=Decision.Kind.PROPOSAL, addressee=AwardIssuer.NATIONAL)
    award(upward, award_type=national)
    # A proposal of October 2025 the Vietnam Alliance granted in February 2026: granted in the year.
    earlier = decision(regular, dt.date(2025, 10, 1), kind=Decision.Kind.PROPOSAL, addressee=AwardIssuer.NATIONAL)
    answer = HigherAnswer.objects.create(
        proposal=earlier, reference="88/QĐ-LMHTXVN", decided_on=dt.date(2026, 2, 1), body="Liên minh HTX Việt Nam",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="x.pdf"), original_name="QĐ 88.pdf",
        content_type="application/pdf", size=14,
    )  # fmt: skip
    LineAnswer.objects.create(line=award(earlier, award_type=national, kind=NomineeKind.INDIVIDUAL, person=woman),
                              answer=answer, granted=True)  # fmt: skip
    LineAnswer.objects.create(line=award(earlier, award_type=national), answer=answer, granted=False)
    deed = decision(None, dt.date(2026, 8, 20), occasion=Occasion.AD_HOC)  # outside any campaign
    award(deed)
    award(decision(regular, dt.date(2025, 11, 20)))  # the year before's period
    award(decision(digital, dt.date(2026, 6, 1), status=DecisionStatus.DRAFT))  # not issued
    return {"giay_khen": giay_khen, "national": national, "digital": digital, "regular": regular}


def values(computed, form):
    return {(row.label, col.key): value for row, cells in computed.form(form).table() for col, value in cells}


def keyed(computed, form):
    return {(row.key, col.key): value for row, cells in computed.form(form).table() for col, value in cells}


# --- the circular and the period -------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "circular", "period"),
    [
        (2022, "03/2018/TT-BNV", (dt.date(2021, 12, 1), dt.date(2022, 11, 30))),
        (2024, "02/2023/TT-BNV", (dt.date(2023, 12, 1), dt.date(2024, 11, 30))),
        (2026, "18/2025/TT-BNV", (dt.date(2025, 12, 1), dt.date(2026, 11, 30))),
    ],
)
def test_the_circular_in_force_at_the_end_of_the_year_sets_the_forms_and_period(db, year, circular, period):
    found = statistics.circular_for(year)

    assert (found.number, statistics.reporting_period(year, found)) == (circular, period)
    assert found.confirmed is False and found.note  # what is not confirmed says so


def test_a_circular_of_the_calendar_year_reports_january_to_december(db):
    found = statistics.circular_for(2026)
    found.period_starts_month = 1

    assert statistics.reporting_period(2026, found) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_forms_0601_to_0605_are_numbered_from_2023(db):
    assert [f.code for f in statistics.compute(2024).forms] == ["0601", "0602", "0603", "0604", "0605"]
    assert [f.code for f in statistics.compute(2022).forms] == ["", "", "", "", ""]  # 03/2018: not confirmed


# --- what is counted ---------------------------------------------------------------------------


def test_campaigns_carried_out_launched_and_ended_in_the_period(world):
    cells = values(statistics.compute(YEAR), StatisticsForm.CAMPAIGNS)

    assert (cells[("Tổng số", "carried_out")], cells[("Tổng số", "launched")], cells[("Tổng số", "ended")]) == (
        2,
        1,
        1,
    )
    assert cells[("Thi đua chuyên đề", "carried_out")] == 1
    assert cells[("Thi đua thường xuyên (hằng năm)", "ended")] == 1
    assert cells[("Thi đua đặc biệt", "carried_out")] == 0


def test_awards_of_both_campaigns_by_group_type_and_nominee(world):
    cells = keyed(statistics.compute(YEAR), StatisticsForm.LEVEL_AWARDS)
    giay_khen, national = world["giay_khen"].pk, world["national"].pk

    # Received: 3 of March (one revoked is not counted) + 2 of December 2025 + 1 outside a campaign
    # + 1 granted in February on a proposal of October 2025; the proposal of May 2026 is proposed only.
    assert cells[("total", "total")] == 7
    assert cells[("alliance", "total")] == 6
    assert cells[(f"alliance-{giay_khen}", "collective")] == 2
    assert cells[(f"alliance-{giay_khen}", "individual")] == 2
    assert cells[("national", "total")] == cells[(f"national-{national}", "individual")] == 1
    assert cells[("province", "total")] == 0
    assert cells[("proposed", "total")] == cells[(f"proposed-{national}", "collective")] == 1
    assert cells[("total", "women")] == 2
    assert cells[("total", "direct_workers")] == 2
    assert cells[("total", "minorities")] == 2
    assert (cells[("total", "households")], cells[("total", "initiatives")]) == (1, 1)


def test_every_number_of_the_page_opens_as_many_rows_as_it_says(world, client_for, office_user):
    client = client_for(office_user)
    page = client.get(reverse("reports:statistics_year", args=[YEAR])).content.decode()
    links = CELL.findall(page)
    computed = statistics.compute(YEAR)
    counted = [
        (form.key, row.key, col.key)
        for form in computed.forms
        if form.layout.source == statistics.COUNTED
        for row in form.layout.rows
        for col in form.layout.columns
    ]

    assert sorted(
        cell for _url, cell, _n in links if "/" in cell and cell.split("/")[0] in {"campaigns", "level_awards"}
    ) == sorted("/".join(c) for c in counted)
    for url, cell, number in links:
        if cell.split("/")[0] not in {"campaigns", "level_awards"}:
            continue
        opened = client.get(url)
        assert opened.status_code == 200, url
        assert len(ROW.findall(opened.content.decode())) == int(number), cell


def test_the_rows_of_a_number_are_its_awards(world, client_for, leader_user):
    url = reverse("reports:statistics_cell", args=[YEAR, "level_awards", "total", "individual"])
    page = client_for(leader_user).get(url).content.decode()

    assert len(ROW.findall(page)) == 3
    assert "Chuyển đổi số 2026" in page and "88/QĐ" not in page


def test_an_award_outside_any_campaign_opens_with_its_occasion(world, client_for, office_user):
    url = reverse("reports:statistics_cell", args=[YEAR, "level_awards", "total", "collective"])
    page = client_for(office_user).get(url).content.decode()

    assert len(ROW.findall(page)) == 2  # the Alliance's own and the one outside any campaign
    assert "Chuyển đổi số 2026" in page and "Thi đua thường xuyên 2025" not in page
    assert "20/08/2026" in page


def test_an_unknown_number_is_not_found(world, client_for, office_user):
    client = client_for(office_user)
    for args in ([YEAR, "level_awards", "nope", "total"], [YEAR, "bodies", "council", "count"], [1999, "x", "y", "z"]):
        assert client.get(reverse("reports:statistics_cell", args=args)).status_code == 404


@pytest.mark.parametrize("role", [Role.UNIT, Role.COUNCIL])
def test_only_the_office_and_the_leadership_see_the_statistics(world, client_for, role, own_org):
    user = UserFactory(role=role, organization=own_org if role == Role.UNIT else None)
    client = client_for(user)
    for url in (
        reverse("reports:statistics_year", args=[YEAR]),
        reverse("reports:statistics_cell", args=[YEAR, "level_awards", "total", "total"]),
        reverse("reports:statistics_xlsx", args=[YEAR]),
        reverse("reports:statistics_entry", args=[YEAR, "staff"]),
    ):
        assert client.get(url).status_code == 403, url


# --- the figures the office enters -------------------------------------------------------------


def test_the_office_enters_the_staff_and_the_form_prints_them(world, client_for, office_user):
    url = reverse("reports:statistics_entry", args=[YEAR, "staff"])
    response = client_for(office_user).post(url, {"staff__total": "3", "staff__women": "2", "staff__full_time": "1"})

    assert response.status_code == 302
    cells = values(statistics.compute(YEAR), StatisticsForm.STAFF)
    assert (
        cells[("Làm công tác thi đua, khen thưởng", "total")],
        cells[("Làm công tác thi đua, khen thưởng", "women")],
    ) == (3, 2)
    assert cells[("Làm công tác thi đua, khen thưởng", "graduate")] is None  # not given, not invented
    assert StatisticsEntry.objects.get(row="staff", column="total").entered_by == office_user


def test_a_negative_figure_is_refused_on_its_field(world, client_for, office_user):
    url = reverse("reports:statistics_entry", args=[YEAR, "bodies"])
    response = client_for(office_user).post(url, {"council__count": "-1"})

    assert response.status_code == 200
    assert "0" in response.context["entry_form"].errors["council__count"][0]
    assert not StatisticsEntry.objects.exists()


def test_the_leadership_reads_the_entered_figures_but_cannot_change_them(world, client_for, leader_user):
    url = reverse("reports:statistics_entry", args=[YEAR, "staff"])
    client = client_for(leader_user)

    assert client.get(url).status_code == 200
    assert client.post(url, {"staff__total": "9"}).status_code == 403
    assert not StatisticsEntry.objects.exists()


def test_a_counted_form_has_no_entry_page(world, client_for, office_user):
    assert client_for(office_user).get(reverse("reports:statistics_entry", args=[YEAR, "campaigns"])).status_code == 404


# --- XLSX and PDF ------------------------------------------------------------------------------


def test_the_xlsx_has_one_sheet_per_form_in_its_layout(world, client_for, office_user):
    StatisticsEntry.objects.create(year=YEAR, form="staff", row="staff", column="total", value=4)
    response = client_for(office_user).get(reverse("reports:statistics_xlsx", args=[YEAR]))
    book = load_workbook(io.BytesIO(response.content))
    first = statistics_output.FIRST_DATA_ROW

    assert book.sheetnames == ["0601", "0602", "0603", "0604", "0605"]
    sheet = book["0603"]
    assert sheet["A1"].value == "Biểu số 0603"
    assert sheet["A2"].value == "Ban hành kèm theo Thông tư số 18/2025/TT-BNV"
    assert sheet["A3"].value == "Đơn vị báo cáo: Liên minh Hợp tác xã tỉnh Đắk Nông"
    assert sheet.cell(statistics_output.TITLE_ROW, 1).value == "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, TỈNH"
    assert sheet.cell(statistics_output.PERIOD_ROW, 1).value == (
        "Kỳ báo cáo năm 2026: từ ngày 01/12/2025 đến ngày 30/11/2026"
    )
    heading = [c.value for c in sheet[statistics_output.HEADING_ROW]]
    assert heading[:5] == ["STT", "Chỉ tiêu", "Tổng số", "Tập thể", "Cá nhân"]
    assert [c.value for c in sheet[statistics_output.LETTERS_ROW]][:4] == ["A", "B", "1", "2"]
    assert [c.value for c in sheet[first]][:5] == [None, "Tổng số được khen thưởng", 7, 2, 3]
    assert [c.value for c in sheet[first + 1]][:3] == ["I", "Liên minh HTX tỉnh khen thưởng", 6]
    assert sheet.cell(first + 2, 1).value == "1"
    staff = book["0605"]
    assert [c.value for c in staff[first]][:4] == ["1", "Làm công tác thi đua, khen thưởng", 4, None]
    campaigns = book["0601"]
    assert [c.value for c in campaigns[first]][:5] == [None, "Tổng số", 2, 1, 1]


def test_the_pdf_prints_every_form_and_renders_to_images(world, client_for, office_user, tmp_path):
    response = client_for(office_user).get(reverse("reports:statistics_pdf", args=[YEAR]))
    pdf = response.content

    assert response["Content-Type"] == "application/pdf" and pdf.startswith(b"%PDF")
    texts = page_texts(pdf)
    assert len(texts) == 5
    assert "Biểu số 0601" in texts[0] and "SỐ PHONG TRÀO THI ĐUA" in texts[0]
    assert "Biểu số 0605" in texts[4] and "Văn phòng chưa nhập số liệu" in texts[4]
    (tmp_path / "forms.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(tmp_path / "forms.pdf"), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == 5


def test_the_rows_of_a_number_cost_the_same_queries_whatever_their_count(world, client_for, office_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(office_user)
    url = reverse("reports:statistics_cell", args=[YEAR, "level_awards", "total", "total"])

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    more = DecisionFactory(campaign=world["digital"], decided_on=dt.date(2026, 9, 1), status=DecisionStatus.ISSUED)
    for _ in range(5):
        person = PersonFactory()
        nomination = NominationFactory(
            campaign=more.campaign, award_type=world["giay_khen"], nominee_kind=NomineeKind.INDIVIDUAL,
            organization=person.organization, person=person,
        )  # fmt: skip
        Award.objects.create(decision=more, nomination=nomination, amount=Decimal("450000"))

    assert queries() == few
