"""Issue 17 “the violation form's unit picker is an unsearchable list of 90 names”, in a real browser:
the picker is searchable (tom-select from static/vendor) and typing without diacritics finds the unit."""

import pytest
from browsers import shot
from django.urls import reverse
from factories import TEST_PASSWORD, CampaignFactory, OrganizationFactory, RegistrationFactory, UserFactory
from playwright.sync_api import expect

from members.models import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_violation_forms_unit_picker_finds_dak_wil_typed_without_diacritics(browser_for, live_server):
    campaign = CampaignFactory(status="running")
    wanted = OrganizationFactory(name="Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil")
    RegistrationFactory(campaign=campaign, organization=wanted)
    for n in range(30):
        RegistrationFactory(campaign=campaign, organization=OrganizationFactory(name=f"Hợp tác xã Cà phê số {n:02d}"))
    office = UserFactory(username="vanphong", role=Role.OFFICE)
    page = browser_for(office, password=TEST_PASSWORD)

    page.goto(live_server.url + reverse("campaign:violation_create", args=[campaign.pk]))
    control = page.locator("select[name=organization] + .ts-wrapper .ts-control")
    control.click()
    page.keyboard.type("dak wil")
    options = page.locator(".ts-dropdown .option:visible")
    # The dropdown opens on the click with every unit; typing then narrows it: wait for the narrowing.
    expect(options).to_have_count(1)
    shot(page, "searchable-violation-unit")

    assert options.all_inner_texts() == [wanted.name]
    options.first.click()
    assert page.locator("select[name=organization]").input_value() == str(wanted.pk)
