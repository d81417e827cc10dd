"""The browser path every user takes first: logging in on a phone."""

import pytest
from factories import TEST_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_login_on_a_phone_reaches_the_units_home(browser_for, unit_user):
    page = browser_for(unit_user, password=TEST_PASSWORD, width=390, height=844)

    assert page.locator("body").inner_text().count(unit_user.organization.name) >= 1
    assert "/accounts/login/" not in page.url


def test_login_with_a_wrong_password_says_so_in_vietnamese(browser_for, live_server, unit_user):
    page = browser_for(None, width=390, height=844)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", unit_user.username)
    page.fill("input[name=password]", "sai-mat-khau")
    page.click("main form button[type=submit]")

    assert "/accounts/login/" in page.url
    assert page.locator("input[name=username]").input_value() == unit_user.username
    assert "mật khẩu" in page.locator("main form").inner_text().lower()
