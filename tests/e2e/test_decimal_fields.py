"""Issue 17 item 1 in a real browser with a Vietnamese locale: on every form page with numbers,
each numeric field is found by the page itself (no list of field names here), typed “2,5”,
saved, and read back as 2.5 in the database and as “2,5” on the edit page."""

import datetime as dt
from decimal import Decimal

import pytest
from browsers import click_and_wait
from django.urls import reverse
from factories import (
    TEST_PASSWORD,
    CampaignFactory,
    ClassificationBandFactory,
    CriterionFactory,
    OrganizationFactory,
    RegistrationFactory,
    RegistrationTargetFactory,
    ReportingPeriodFactory,
    SubmissionFactory,
    SubmissionValueFactory,
    UserFactory,
    ViolationFactory,
)

from awards.models import LegalParameter
from campaign.models import (
    CampaignStatus,
    ClassificationBand,
    RegistrationTarget,
    ScoringRule,
    SubmissionValue,
    Violation,
)
from members.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TWO_AND_A_HALF = Decimal("2.5")


def type_two_and_a_half(page, url, read_back=None, **also):
    """Open `url`, find its numeric fields, type 2,5 in each (and the texts `also` names), save,
    and find 2,5 in each on the edit page (`url`, or `read_back()` after a create page); returns
    the fields' names.

    A numeric field is any input the browser offers a decimal keyboard for; a number input for
    a decimal (a step other than whole numbers) fails the test, as it drops the comma."""
    page.goto(url)
    number_inputs = page.eval_on_selector_all(
        "main input[type=number]", "els => els.filter(e => e.step && e.step !== '1').map(e => e.name)"
    )
    assert number_inputs == [], f"{url}: number inputs drop “2,5”: {number_inputs}"
    names = page.eval_on_selector_all("main form input[inputmode=decimal]", "els => els.map(e => e.name)")
    assert names, f"{url}: no numeric field found"
    for name in names:
        page.fill(f"main form input[name='{name}']", "2,5")
    for name, text in also.items():
        page.fill(f"main form [name='{name}']", text)
    click_and_wait(
        page, "main form:has(input[inputmode=decimal]) button[type=submit]:not([name=action][value^=remove])"
    )
    errors = page.locator(".invalid-feedback:visible, .errorlist:visible, .alert-danger:visible").all_inner_texts()
    assert errors == [], f"{url}: {errors}"
    page.goto(read_back() if read_back else url)
    for name in names:
        assert page.input_value(f"main form input[name='{name}']") == "2,5", f"{url}: {name}"
    return names


def test_every_numeric_field_reads_two_and_a_half(browser_for, live_server):
    office = UserFactory(username="vanphong", role=Role.OFFICE)
    unit = OrganizationFactory()
    representative = UserFactory(username="donvi", role=Role.UNIT, organization=unit)

    draft = CampaignFactory(status=CampaignStatus.DRAFT)
    criterion = CriterionFactory(
        campaign=draft, rule=ScoringRule.COUNT, max_points=Decimal("30"), points_per_unit=Decimal("1")
    )
    band = ClassificationBandFactory(campaign=draft, min_score=Decimal("60"))

    running = CampaignFactory(starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31))
    target = CriterionFactory(campaign=running, rule=ScoringRule.TARGET, target=Decimal("100"), unit="tấn")
    period = ReportingPeriodFactory(
        campaign=running, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 1, 31), deadline=dt.date(2099, 1, 5)
    )
    registration = RegistrationFactory(campaign=running, organization=unit)
    RegistrationTargetFactory(registration=registration, criterion=target, target=Decimal("100"))
    submission = SubmissionFactory(period=period, organization=unit)
    SubmissionValueFactory(submission=submission, criterion=target, value=Decimal("10"))
    violation = ViolationFactory(
        campaign=running, organization=unit, points=Decimal("1"), occurred_on=dt.date(2026, 1, 20)
    )

    page = browser_for(office, password=TEST_PASSWORD)
    url = live_server.url
    seen = {}
    seen["criterion"] = type_two_and_a_half(page, url + reverse("campaign:criterion_edit", args=[criterion.pk]))
    criterion.refresh_from_db()
    assert (criterion.max_points, criterion.points_per_unit) == (TWO_AND_A_HALF, TWO_AND_A_HALF)
    seen["band"] = type_two_and_a_half(page, url + reverse("campaign:band_edit", args=[band.pk]))
    assert ClassificationBand.objects.get(pk=band.pk).min_score == TWO_AND_A_HALF
    seen["violation"] = type_two_and_a_half(
        page, url + reverse("campaign:violation_edit", args=[violation.pk]), reason="Sửa điểm trừ"
    )
    assert Violation.objects.get(pk=violation.pk).points == TWO_AND_A_HALF
    seen["registration"] = type_two_and_a_half(
        page, url + reverse("campaign:registration_edit", args=[registration.pk])
    )
    assert RegistrationTarget.objects.get(registration=registration).target == TWO_AND_A_HALF
    seen["parameter"] = type_two_and_a_half(
        page,
        url + reverse("awards:value_create", args=["bonus_cstd_province"]),
        read_back=lambda: (
            url
            + reverse(
                "awards:value_edit",
                args=[LegalParameter.objects.get(key="bonus_cstd_province", valid_from=dt.date(2031, 1, 1)).pk],
            )
        ),
        valid_from="01/01/2031",
        source="Nghị định 152/2025/NĐ-CP",
    )
    assert LegalParameter.objects.filter(key="bonus_cstd_province", value=TWO_AND_A_HALF).exists()

    unit_page = browser_for(representative, password=TEST_PASSWORD)
    seen["submission"] = type_two_and_a_half(unit_page, url + reverse("campaign:submission_edit", args=[submission.pk]))
    assert SubmissionValue.objects.get(submission=submission).value == TWO_AND_A_HALF

    assert all(seen.values()), seen
