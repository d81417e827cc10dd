"""The report template's pages, the office's texts with the previous report's offered, and the
mid-term review generated, approved as a numbered BC and sent like a periodic report."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from factories import CriterionFactory, CriterionGroupFactory, ReportingPeriodFactory

from campaign import report_template
from campaign.models import ReportTotal, ScoringRule, SectionKind
from reports import services
from reports.models import Report, ReportKind, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(campaign):
    first = CriterionGroupFactory(campaign=campaign, name="I. Ứng dụng công nghệ số", order=1)
    second = CriterionGroupFactory(campaign=campaign, name="II. Đào tạo nhân lực số", order=2)
    CriterionFactory(
        campaign=campaign, group=first, code="1.1", name="Số ứng dụng số", unit="ứng dụng",
        rule=ScoringRule.COUNT, points_per_unit=Decimal("5"), max_points=Decimal("20"),
    )  # fmt: skip
    return first, second


def test_the_office_changes_the_template_and_the_leader_reads_it(
    client_for, office_user, leader_user, campaign, groups
):
    first, second = groups
    page = reverse("reports:report_template", args=[campaign.pk])
    office = client_for(office_user)
    assert "Ứng dụng công nghệ số" in office.get(page).content.decode()

    change = reverse("reports:template_action", args=[campaign.pk])
    assert office.post(change, {"group": second.pk, "action": "up"}).status_code == 302
    edit = reverse("reports:section_edit", args=[campaign.pk]) + f"?group={first.pk}"
    response = office.post(
        edit, {"title": "Ứng dụng số", "intro": "Các hợp tác xã đẩy mạnh ứng dụng.", "included": "on"}
    )
    assert response.status_code == 302
    add = reverse("reports:section_add", args=[campaign.pk])
    refused = office.post(add, {"kind": SectionKind.TEXT, "special": "", "title": "", "intro": ""})
    assert refused.status_code == 200 and campaign.report_sections.filter(kind=SectionKind.TEXT).count() == 0
    assert office.post(add, {"kind": SectionKind.TEXT, "title": "Công tác chỉ đạo", "intro": "Ban hành văn bản."})
    titles = [report_template.section_title(s) for s in report_template.sections_of(campaign)]
    assert titles[:2] == ["Đào tạo nhân lực số", "Ứng dụng số"] and titles[-1] == "Công tác chỉ đạo"

    criterion = campaign.criteria.get()
    url = reverse("reports:criterion_reporting", args=[campaign.pk, criterion.pk])
    response = office.post(
        url, {"report_topic": "none", "report_total": ReportTotal.MEAN, "report_unit": "ứng dụng/HTX"}
    )
    criterion.refresh_from_db()
    assert (response.status_code, criterion.report_total, criterion.report_unit) == (302, "mean", "ứng dụng/HTX")
    assert criterion.max_points == Decimal("20")  # scoring untouched
    # Who changed how the report shows the criterion, and when, is kept and shown on its page.
    (when, who, version), *_older = report_template.reporting_changes(criterion)
    assert (who, version.report_total, version.report_unit) == (office_user, "mean", "ứng dụng/HTX")
    shown = office.get(url).content.decode()
    assert office_user.display_name in shown and "ứng dụng/HTX" in shown

    leader = client_for(leader_user)
    seen = leader.get(page).content.decode()
    assert office_user.display_name in seen  # who changed the template, in its latest changes
    edited = campaign.report_sections.get(group=first).history.order_by("-history_date").first()
    assert edited.history_user == office_user and edited.intro == "Các hợp tác xã đẩy mạnh ứng dụng."
    assert leader.post(change, {"group": first.pk, "action": "remove"}).status_code == 403
    assert leader.get(url).status_code == 403


def test_a_unit_never_sees_the_template(client_for, campaign, groups):
    from factories import UserFactory

    unit = UserFactory(role="unit")
    assert client_for(unit).get(reverse("reports:report_template", args=[campaign.pk])).status_code in (403, 404)


@pytest.mark.parametrize("value", ["99999999999999999999999", "2,5", "١", "-1", "abc"])
def test_a_part_named_by_a_bogus_id_changes_nothing_and_is_no_server_error(
    client_for, office_user, campaign, groups, value
):
    office = client_for(office_user)
    before = list(campaign.report_sections.values_list("pk", "order"))

    for name in ("section", "group"):
        moved = office.post(reverse("reports:template_action", args=[campaign.pk]), {name: value, "action": "up"})
        edited = office.get(reverse("reports:section_edit", args=[campaign.pk]), {name: value})
        assert (moved.status_code, edited.status_code) == (302, 302)
    assert list(campaign.report_sections.values_list("pk", "order")) == before


def test_the_texts_start_from_the_previous_report(client_for, office_user, generate, campaign, period, fast_render):
    generate(campaign, period, by=office_user)
    earlier = Report.objects.get()
    services.update_texts(
        earlier,
        results="Đạt kết quả tốt.",
        difficulties="Thiếu vốn.",
        proposals="Hỗ trợ vốn.",
        directions="Tiếp tục tập huấn.",
        by=office_user,
    )
    december = ReportingPeriodFactory(
        campaign=campaign, name="Tháng 12/2021", starts_on=dt.date(2021, 12, 1), ends_on=dt.date(2021, 12, 31),
        deadline=dt.date(2022, 1, 5),
    )  # fmt: skip
    generate(campaign, december, by=office_user)
    report = Report.objects.get(period=december)
    office = client_for(office_user)
    page = office.get(reverse("reports:report_texts", args=[report.pk])).content.decode()
    assert "Tiếp tục tập huấn." in page and "Thiếu vốn." in page and "data-offered" in page
    response = office.post(
        reverse("reports:report_texts", args=[report.pk]),
        {"results": "Tốt hơn.", "difficulties": "Thiếu vốn.", "proposals": "", "directions": "Tổng kết."},
    )
    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.results, report.directions, report.proposals) == ("Tốt hơn.", "Tổng kết.", "")


def test_a_mid_term_review_is_generated_numbered_and_sent_like_a_periodic_report(
    client_for, office_user, leader_user, generate, campaign, period, fast_render, board, locmem_mail,
    django_capture_on_commit_callbacks, eager_celery,
):  # fmt: skip
    from django.core import mail

    generate(campaign, period, by=office_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(office_user).post(
            reverse("reports:generate", args=[campaign.pk]), {"period": period.pk, "kind": ReportKind.MIDTERM}
        )
    assert response.status_code == 302
    summary = Report.objects.get(kind=ReportKind.MIDTERM)
    periodic = Report.objects.get(kind=ReportKind.PERIODIC)
    assert summary.period_id == periodic.period_id and summary.generated_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(summary, by=leader_user, on=dt.date(2021, 12, 20))
    summary.refresh_from_db()
    assert summary.status == ReportStatus.SENT and summary.document.reference.endswith("/BC-LMHTX")
    assert summary.document.subject.startswith("Sơ kết")
    assert mail.outbox and mail.outbox[-1].subject.startswith(summary.document.reference)
    campaign_page = client_for(leader_user).get(reverse("reports:campaign_reports", args=[campaign.pk]))
    assert summary.document.reference in campaign_page.content.decode()


def test_a_periodic_report_starts_from_an_earlier_period_a_summary_also_from_its_own_periods(
    office_user, generate, campaign, period, fast_render
):
    generate(campaign, period, by=office_user)
    periodic = Report.objects.get()
    services.update_texts(periodic, difficulties="Thiếu vốn.", proposals="", by=office_user)
    generate(campaign, period, by=office_user, kind=ReportKind.FINAL)
    final = Report.objects.get(kind=ReportKind.FINAL)
    assert services.previous_texts(periodic) == {}  # nothing before November, and never a later summary
    offered = services.previous_texts(final)
    assert (offered["report"], offered["difficulties"]) == (periodic, "Thiếu vốn.")
