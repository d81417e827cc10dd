"""Issue 17 item 6 in a real browser at a phone's width (390 px): the ranking and violation
tables show each row as a stacked card, so no column, link or button lies off-screen."""

import datetime as dt
from decimal import Decimal

import pytest
from browsers import shot
from django.urls import reverse
from factories import (
    TEST_PASSWORD,
    ClassificationBandFactory,
    CriterionFactory,
    CriterionGroupFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
    UserFactory,
    ViolationFactory,
)
from worlds import submit

from campaign.models import ScoringRule, ViolationEffect
from members.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OFF_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('main table td, main table th, main table a, main table .btn')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;  // hidden on phones
    if (box.right > width + 1 || box.left < -1) out.push(el.tagName + ': ' + el.innerText.slice(0, 40) + ' ' + Math.round(box.left) + '–' + Math.round(box.right));
  }
  return {width, scroll: document.documentElement.scrollWidth, out};
}"""


def test_ranking_and_violations_fit_a_phone(browser_for, live_server):
    period = ReportingPeriodFactory(name="Tháng 11/2021")
    campaign = period.campaign
    for n in range(4):
        group = CriterionGroupFactory(campaign=campaign, name=f"Nhóm tiêu chí số {n + 1} có tên khá dài")
        criterion = CriterionFactory(campaign=campaign, group=group, rule=ScoringRule.PERCENTAGE, max_points=25)
    ClassificationBandFactory(campaign=campaign, name="Hoàn thành xuất sắc nhiệm vụ", min_score=Decimal("80"))
    units = [OrganizationFactory(name=f"Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp số {n}") for n in range(3)]
    for unit in units:
        RegistrationFactory(campaign=campaign, organization=unit)
        submit(period, unit, {criterion: (90, None)})
    ViolationFactory(
        campaign=campaign,
        organization=units[0],
        occurred_on=dt.date(2021, 11, 20),
        effect=ViolationEffect.DEDUCTION,
        points=Decimal("2.5"),
        description="Không báo cáo đúng hạn " * 6,
    )
    office = UserFactory(username="vanphong", role=Role.OFFICE)
    page = browser_for(office, password=TEST_PASSWORD, width=390, height=844)

    for name, url in [
        ("ranking", reverse("campaign:rankings", args=[campaign.pk])),
        ("ranking-period", reverse("campaign:rankings", args=[campaign.pk]) + f"?period={period.pk}"),
        ("violations", reverse("campaign:violation_list", args=[campaign.pk])),
    ]:
        page.goto(live_server.url + url)
        shot(page, f"phone-{name}")
        found = page.evaluate(OFF_SCREEN)
        assert found["out"] == [], (name, found)
        assert found["scroll"] <= found["width"], (name, found)
        assert page.locator("main table tbody tr td").first.is_visible()
    # The edit and delete buttons of a violation are on screen and can be pressed.
    page.locator("main table a[href*='/edit/']").first.click()
    assert "/violations/" in page.url and "/edit/" in page.url
