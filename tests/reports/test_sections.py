"""Section II from the campaign's own groups and criteria, on campaigns that have none of the seed's
topics: a digital-transformation campaign and a production campaign, built with the factories."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from factories import (
    AdministrativeAreaFactory,
    CampaignFactory,
    CriterionFactory,
    CriterionGroupFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    SignerFactory,
    SubmissionFactory,
    SubmissionValueFactory,
)
from pdf_reading import page_texts

from campaign import report_template, services
from campaign.models import (
    CampaignStatus,
    ReportSection,
    ReportTopic,
    ReportTotal,
    ScoringRule,
    SectionKind,
    SpecialPart,
    SubmissionStatus,
)
from core.errors import TransitionError
from documents.identity import issuer_on
from documents.rendering import document_context
from members.models import AreaLevel, OrganizationKind
from reports import document, sections
from reports.figures import compute_figures
from reports.models import Report, ReportKind

D = Decimal
SEED_WORDS = ("Covid", "vắc xin", "503/CTr", "Tuyên truyền", "Kế hoạch không có tiêu chí", "không có tiêu chí")


def build_digital():
    """Two months of a digital-transformation campaign: two groups, three criteria, two districts, two kinds.

    September: An (HTX, Huyện Một) 3 applications, 60 % trained; Bình (THT, Huyện Hai) 1, 40 %.
    October: An 5 applications, 80 %, 12 people; Bình 2, 50 %, 4 people; Cường (HTX, Huyện Hai) sent, not verified.
    """
    province = AdministrativeAreaFactory(name="Tỉnh Thử", level=AreaLevel.PROVINCE)
    one = AdministrativeAreaFactory(name="Huyện Một", level=AreaLevel.DISTRICT, parent=province)
    two = AdministrativeAreaFactory(name="Huyện Hai", level=AreaLevel.DISTRICT, parent=province)
    campaign = CampaignFactory(
        name="Phát động phong trào thi đua “Hợp tác xã chuyển đổi số” năm 2026",
        short_name="Chuyển đổi số 2026",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 31),
        plan_date=dt.date(2026, 8, 20),
    )
    apps = CriterionGroupFactory(campaign=campaign, name="I. Ứng dụng công nghệ số", order=1)
    people = CriterionGroupFactory(campaign=campaign, name="II. Đào tạo nhân lực số", order=2)
    apps_count = CriterionFactory(
        campaign=campaign, group=apps, code="1.1", name="Số ứng dụng số đưa vào sử dụng", unit="ứng dụng",
        rule=ScoringRule.COUNT, points_per_unit=D("5"), max_points=D("20"),
    )  # fmt: skip
    trained = CriterionFactory(
        campaign=campaign, group=people, code="2.1", name="Tỷ lệ lao động được đào tạo kỹ năng số", unit="%",
        rule=ScoringRule.PERCENTAGE, max_points=D("20"),
    )  # fmt: skip
    staff = CriterionFactory(
        campaign=campaign, group=people, code="2.2", name="Số người được cấp chứng chỉ kỹ năng số", unit="người",
        rule=ScoringRule.COUNT, points_per_unit=D("1"), max_points=D("10"),
    )  # fmt: skip
    september = ReportingPeriodFactory(
        campaign=campaign, name="Tháng 09/2026", starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 9, 30),
        deadline=dt.date(2026, 10, 5),
    )  # fmt: skip
    october = ReportingPeriodFactory(
        campaign=campaign, name="Tháng 10/2026", starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 10, 31),
        deadline=dt.date(2026, 11, 5),
    )  # fmt: skip
    an = OrganizationFactory(name="HTX An", district=one, province=province)
    binh = OrganizationFactory(name="THT Bình", kind=OrganizationKind.GROUP, district=two, province=province)
    cuong = OrganizationFactory(name="HTX Cường", district=two, province=province)
    for unit in (an, binh, cuong):
        RegistrationFactory(campaign=campaign, organization=unit)

    def submit(unit, period, values, status=SubmissionStatus.VERIFIED):
        submission = SubmissionFactory(period=period, organization=unit, status=status)
        for crit, value in values.items():
            SubmissionValueFactory(submission=submission, criterion=crit, value=value)

    submit(an, september, {apps_count: D("3"), trained: D("60")})
    submit(binh, september, {apps_count: D("1"), trained: D("40")})
    submit(an, october, {apps_count: D("5"), trained: D("80"), staff: D("12")})
    submit(binh, october, {apps_count: D("2"), trained: D("50"), staff: D("4")})
    submit(cuong, october, {apps_count: D("99"), trained: D("99"), staff: D("99")}, SubmissionStatus.SUBMITTED)
    return campaign, october, {"apps": apps_count, "trained": trained, "staff": staff, "groups": (apps, people)}


@pytest.fixture
def digital(db):
    SignerFactory()
    return build_digital()


def _report(campaign, period, kind=ReportKind.PERIODIC, **texts):
    report = Report.objects.create(campaign=campaign, period=period, kind=kind, **texts)
    report.figures = compute_figures(campaign, period)
    report.save()
    return report


def _html(report):
    context = document.report_context(report)
    context.pop("recipients")
    html = render_to_string(
        document.TEMPLATE_NAME,
        document_context(issuer=issuer_on(dt.date.today()), type_symbol="BC", issued_on=dt.date.today(),
                         recipients=[], subject=document.subject_for(report), **context),
    )  # fmt: skip
    return html


def _item(figures, code):
    return next(item for item in figures["criteria"] if item["code"] == code)


def test_each_criterion_is_summed_or_averaged_by_its_unit_for_the_period_the_previous_and_cumulated(digital):
    campaign, october, _c = digital
    figures = compute_figures(campaign, october)
    apps = _item(figures, "1.1")
    assert apps["total_kind"] == "sum"
    assert (apps["scopes"]["period"]["total"], apps["scopes"]["previous"]["total"]) == (7, 4)
    assert apps["scopes"]["cumulative"]["total"] == 11
    assert apps["scopes"]["period"]["units"] == 2  # Cường's report is not verified: it does not count
    assert {r["kind"]: r["total"] for r in apps["scopes"]["period"]["by_kind"]} == {"cooperative": 5, "group": 2}
    assert {r["area"]: r["total"] for r in apps["scopes"]["period"]["by_area"]} == {"Huyện Một": 5, "Huyện Hai": 2}
    trained = _item(figures, "2.1")
    assert trained["total_kind"] == "mean"
    assert (trained["scopes"]["period"]["total"], trained["scopes"]["previous"]["total"]) == (65, 50)
    assert trained["scopes"]["cumulative"]["total"] == 57.5


def test_section_two_has_one_part_per_group_in_order_and_speaks_only_of_its_criteria(digital):
    campaign, october, _c = digital
    report = _report(campaign, october)
    parts = sections.build_parts(report.figures, "periodic", "tháng 9 năm 2026")
    assert [p["title"] for p in parts] == ["Ứng dụng công nghệ số", "Đào tạo nhân lực số"]
    (apps_line,) = parts[0]["lines"]
    assert "tổng cộng 7 ứng dụng" in apps_line
    assert "So với tháng 9 năm 2026 (4 ứng dụng), tăng 3 ứng dụng." in apps_line
    assert "Lũy kế từ đầu phong trào: tổng cộng 11 ứng dụng." in apps_line
    assert "Theo loại hình: hợp tác xã 5 ứng dụng (1 đơn vị); tổ hợp tác 2 ứng dụng (1 đơn vị)." in apps_line
    assert "bình quân đạt 65,0%" in parts[1]["lines"][0] and "tăng 15,0 điểm phần trăm" in parts[1]["lines"][0]
    assert [row["code"] for row in parts[1]["rows"]] == ["2.1", "2.2"]
    assert parts[0]["area_tables"][0]["rows"] == [
        {"area": "Huyện Hai", "cells": [2]},
        {"area": "Huyện Một", "cells": [5]},
    ]
    text = " ".join(_html(report).split())
    assert "1. Ứng dụng công nghệ số" in text and "2. Đào tạo nhân lực số" in text
    for word in SEED_WORDS:
        assert word not in text
    # No special part without data: no operating status (no criterion, no change), no sales, no violations.
    assert "Tình hình hoạt động của hợp tác xã" not in text and "Vi phạm trong kỳ" not in text


def test_the_office_orders_renames_adds_and_removes_parts(digital):
    campaign, october, c = digital
    apps_group, people_group = c["groups"]
    assert campaign.report_sections.count() == 0  # the default template until the office changes it
    people = report_template.stored_section(campaign, group_id=people_group.pk)
    people.title = "Phát triển nguồn nhân lực số"
    people.intro = "Liên minh phối hợp tổ chức các lớp tập huấn kỹ năng số."
    report_template.save_section(people)
    report_template.move_section(people, -1)
    report_template.save_section(
        ReportSection(campaign=campaign, kind=SectionKind.TEXT, title="Công tác chỉ đạo", intro="Ban hành hướng dẫn.")
    )
    report_template.remove_section(report_template.stored_section(campaign, group_id=apps_group.pk))
    parts = sections.build_parts(_report(campaign, october).figures)
    assert [p["title"] for p in parts] == ["Phát triển nguồn nhân lực số", "Công tác chỉ đạo"]
    assert parts[0]["intro"] == ["Liên minh phối hợp tổ chức các lớp tập huấn kỹ năng số."]
    assert parts[1]["intro"] == ["Ban hành hướng dẫn."]
    # A group added later gets its part at the end; a removed group's part stays out.
    later = CriterionGroupFactory(campaign=campaign, name="III. Thương mại điện tử", order=3)
    titles = [report_template.section_title(s) for s in report_template.sections_of(campaign) if s.included]
    assert titles[-1] == "Thương mại điện tử" and "Ứng dụng công nghệ số" not in titles
    assert later.pk in {s.group_id for s in report_template.sections_of(campaign)}


def test_how_a_criterion_is_reported_changes_while_running_and_scoring_does_not(digital):
    campaign, october, c = digital
    assert campaign.status == CampaignStatus.RUNNING
    staff = c["staff"]
    before = (staff.rule, staff.max_points, staff.points_per_unit, staff.unit)
    report_template.set_criterion_reporting(staff, topic=ReportTopic.NONE, total=ReportTotal.MEAN, unit="người/HTX")
    staff.refresh_from_db()
    assert (staff.rule, staff.max_points, staff.points_per_unit, staff.unit) == before
    item = _item(compute_figures(campaign, october), "2.2")
    assert (item["total_kind"], item["report_unit"], item["scopes"]["period"]["total"]) == ("mean", "người/HTX", 8)
    with pytest.raises(TransitionError):
        report_template.set_criterion_reporting(staff, topic=ReportTopic.SUPPLY_DEMAND, total="auto", unit="")


def test_a_copied_campaign_carries_its_template_to_its_own_groups(digital, office_user):
    source, _october, c = digital
    people = report_template.stored_section(source, group_id=c["groups"][1].pk)
    people.intro = "Đào tạo kỹ năng số cho người lao động."
    report_template.save_section(people)
    report_template.move_section(people, -1)
    report_template.save_section(ReportSection(campaign=source, kind=SectionKind.TEXT, title="Công tác chỉ đạo"))
    report_template.set_criterion_reporting(c["staff"], topic=ReportTopic.NONE, total=ReportTotal.MEAN, unit="")
    copy = CampaignFactory(status=CampaignStatus.DRAFT, short_name="Chuyển đổi số 2027")
    services.copy_criteria(copy, source, by=office_user)
    rows = list(copy.report_sections.order_by("order"))
    assert [(r.kind, r.group.name if r.group_id else r.title) for r in rows] == [
        (SectionKind.GROUP, "II. Đào tạo nhân lực số"),
        (SectionKind.GROUP, "I. Ứng dụng công nghệ số"),
        *[(SectionKind.SPECIAL, "") for _ in report_template.DEFAULT_SPECIALS],
        (SectionKind.TEXT, "Công tác chỉ đạo"),
    ]
    assert all(r.group.campaign_id == copy.pk for r in rows if r.group_id)
    assert rows[0].intro == "Đào tạo kỹ năng số cho người lao động."
    assert copy.criteria.get(code="2.2").report_total == ReportTotal.MEAN


def build_production():
    """A production campaign: tonnes harvested (summed), revenue growth (%, averaged), and products sold."""
    from campaign.models import ProductSale

    province = AdministrativeAreaFactory(name="Tỉnh Sản Xuất", level=AreaLevel.PROVINCE)
    campaign = CampaignFactory(
        name="Phát động phong trào thi đua “Hợp tác xã sản xuất giỏi” năm 2026",
        short_name="Sản xuất giỏi 2026",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        kind="regular",
    )
    group = CriterionGroupFactory(campaign=campaign, name="1. Sản xuất, kinh doanh", order=1)
    tonnes = CriterionFactory(
        campaign=campaign, group=group, code="1", name="Sản lượng nông sản thu hoạch", unit="tấn",
        rule=ScoringRule.TARGET, target=D("100"), max_points=D("30"),
    )  # fmt: skip
    sold = CriterionFactory(
        campaign=campaign, group=group, code="2", name="Giá trị sản phẩm tiêu thụ qua liên kết", unit="triệu đồng",
        rule=ScoringRule.TARGET, target=D("500"), max_points=D("20"), report_topic=ReportTopic.SUPPLY_DEMAND,
    )  # fmt: skip
    growth = CriterionFactory(
        campaign=campaign, group=group, code="3", name="Tốc độ tăng doanh thu", unit="%",
        rule=ScoringRule.TARGET, target=D("10"), max_points=D("10"),
    )  # fmt: skip
    quarter = ReportingPeriodFactory(
        campaign=campaign, kind="quarter", name="Quý I/2026", starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31), deadline=dt.date(2026, 4, 10),
    )  # fmt: skip
    for name, values in (("HTX Lúa", (120, 300, 8)), ("HTX Rau", (80, 200, 12))):
        unit = OrganizationFactory(name=name, province=province)
        RegistrationFactory(campaign=campaign, organization=unit)
        submission = SubmissionFactory(period=quarter, organization=unit, status=SubmissionStatus.VERIFIED)
        for crit, value in zip((tonnes, sold, growth), values, strict=True):
            SubmissionValueFactory(submission=submission, criterion=crit, value=D(value))
        ProductSale.objects.create(
            submission=submission, order=0, product="Gạo" if name == "HTX Lúa" else "Rau sạch",
            unit_of_measure="tấn", quantity=D("10"), value=D(values[1]),
        )  # fmt: skip
    return campaign, quarter


def test_a_production_campaign_reports_its_own_criteria_and_its_sales(db):
    SignerFactory()
    campaign, quarter = build_production()
    report = _report(campaign, quarter)
    parts = sections.build_parts(report.figures)
    assert [p["title"] for p in parts] == ["Sản xuất, kinh doanh", "Kết nối cung - cầu, tiêu thụ sản phẩm"]
    lines = parts[0]["lines"]
    assert "tổng cộng 200 tấn" in lines[0] and "tổng cộng 500 triệu đồng" in lines[1]
    assert "bình quân đạt 10,0%" in lines[2]  # a percentage averages, whatever its scoring rule
    text = " ".join(_html(report).split())
    assert "Gạo" in text and "Rau sạch" in text
    for word in SEED_WORDS:
        assert word not in text


def test_the_mid_term_review_reports_the_whole_campaign(digital):
    campaign, october, _c = digital
    report = _report(campaign, october, ReportKind.MIDTERM, directions="Tiếp tục tập huấn kỹ năng số.")
    assert document.subject_for(report) == "Sơ kết phong trào thi đua “Hợp tác xã chuyển đổi số” năm 2026"
    parts = sections.build_parts(report.figures, ReportKind.MIDTERM)
    assert "tổng cộng 11 ứng dụng" in parts[0]["lines"][0]  # September and October together
    assert parts[0]["rows"][0]["total"] == 11
    text = " ".join(_html(report).split())
    assert "báo cáo sơ kết phong trào (từ ngày 01/09/2026 đến ngày 31/10/2026)" in text
    assert "Tình hình gửi báo cáo qua các kỳ" in text
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI" in text and "Tiếp tục tập huấn kỹ năng số." in text


def test_the_pdf_prints_the_parts_and_their_tables(digital):
    campaign, october, _c = digital
    report = _report(campaign, october, results="Nhiều hợp tác xã đã đưa ứng dụng số vào sử dụng.")
    text = " ".join(" ".join(page_texts(document.render_draft(report))).split())
    assert "1. Ứng dụng công nghệ số" in text and "Kết quả thực hiện các tiêu chí: Ứng dụng công nghệ số" in text
    assert "Số ứng dụng số đưa vào sử dụng" in text and "V. ĐÁNH GIÁ CHUNG" in text
    assert "Kết quả đạt được" in text and "Nhiều hợp tác xã đã đưa ứng dụng số vào sử dụng." in text
    for word in SEED_WORDS:
        assert word not in text


def test_special_parts_print_only_with_criteria_or_data():
    figures = {
        "criteria": [],
        "sections": [
            {"kind": "special", "special": s, "title": s, "intro": "", "included": True, "group_id": None}
            for s in SpecialPart.values
        ],
        "operation": {"by_kind": [{"kind": "cooperative"}], "changes": []},
        "sales": {"products": []},
        "violations": {"count": 0, "rules": 0},
        "examples": {"count": 0},
    }
    assert sections.build_parts(figures) == []
    figures["violations"]["rules"] = 1
    figures["examples"]["count"] = 2
    figures["operation"]["changes"] = [{"id": 1}]
    assert [p["special"] for p in sections.build_parts(figures)] == ["operation", "violations", "examples"]


def test_a_qualitative_criterion_is_told_by_the_reports_verified_not_as_missing():
    item = {
        "code": "2.2", "name": "Thực hiện chế độ báo cáo", "unit": "", "report_unit": "", "rule": "qualitative",
        "topic": "none", "total_kind": "sum", "applicable": 10,
        "scopes": {"period": {"verified": 8, "verified_units": 8, "reported": 0, "units": 0, "total": 0}},
    }  # fmt: skip
    line = sections.criterion_sentence(item)
    assert line == (
        "Về tiêu chí 2.2 “Thực hiện chế độ báo cáo” (Văn phòng đánh giá, chấm điểm): 8/10 đơn vị có báo cáo đã được "
        "xác nhận."
    )
    assert sections._criteria_table([item], "period")[0]["units"] == 8


def test_the_parts_of_one_campaign_over_a_date_range_for_reports_across_campaigns(digital):
    campaign, _october, _c = digital
    september = sections.campaign_sections(campaign, dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    both = sections.campaign_sections(campaign, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [p["title"] for p in both] == ["Ứng dụng công nghệ số", "Đào tạo nhân lực số"]
    assert september[0]["rows"][0]["total"] == 4 and both[0]["rows"][0]["total"] == 11
    assert "tổng cộng 11 ứng dụng" in both[0]["lines"][0]
