"""Web hardening: log-in throttling, password rules, the Content-Security-Policy, no open
redirects, user text escaped, and the production-mode headers and cookies.

CSRF on every state change is proven per address in tests/test_access.py
(test_post_without_a_csrf_token_is_refused); `check --deploy` in tests/test_settings.py.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from factories import TEST_PASSWORD, CampaignFactory, OrganizationFactory, PersonFactory, UserFactory
from test_settings import PRODUCTION, manage

from members.models import Role, User

ROOT = Path(settings.BASE_DIR)


# --- log-in throttling ------------------------------------------------------------------------


def _fail(client, username, times):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "sai-mat-khau"})


def test_login_is_locked_after_the_failure_limit_even_with_the_right_password(client, office_user):
    _fail(client, "vanphong", settings.AXES_FAILURE_LIMIT)

    response = client.post(reverse("login"), {"username": "vanphong", "password": TEST_PASSWORD})

    assert (response.status_code, "_auth_user_id" in client.session) == (429, False)


def test_the_lock_out_page_says_why_for_how_long_and_keeps_the_username(english_client, office_user):
    client = english_client
    _fail(client, "vanphong", settings.AXES_FAILURE_LIMIT)

    response = client.post(reverse("login"), {"username": "vanphong", "password": TEST_PASSWORD})

    text = response.content.decode()
    assert "Too many failed log-in attempts" in text
    assert "locked for 15 minutes" in text
    assert 'value="vanphong"' in text


def test_failures_below_the_limit_do_not_lock(client, office_user):
    _fail(client, "vanphong", settings.AXES_FAILURE_LIMIT - 1)

    response = client.post(reverse("login"), {"username": "vanphong", "password": TEST_PASSWORD})

    assert (response.status_code, response.url) == (302, reverse("home"))


def test_a_locked_username_does_not_lock_another_user(client, office_user, leader_user):
    _fail(client, "vanphong", settings.AXES_FAILURE_LIMIT)

    response = client.post(reverse("login"), {"username": "chutich", "password": TEST_PASSWORD})

    assert response.status_code == 302


def test_the_office_lifts_a_lock_with_the_reset_command(client, office_user):
    from django.core.management import call_command

    _fail(client, "vanphong", settings.AXES_FAILURE_LIMIT)
    call_command("axes_reset_username", "vanphong", verbosity=0)

    response = client.post(reverse("login"), {"username": "vanphong", "password": TEST_PASSWORD})

    assert response.status_code == 302


def test_the_lock_lifts_by_itself_after_the_cool_off(client, office_user, settings):
    import datetime as dt

    _fail(client, "vanphong", settings.AXES_FAILURE_LIMIT)
    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=0)

    response = client.post(reverse("login"), {"username": "vanphong", "password": TEST_PASSWORD})

    assert response.status_code == 302


# --- password rules ----------------------------------------------------------------------------

WEAK = {
    "short": "Ab-1x",
    "common": "password123",
    "numeric": "2021202120212021",
    "like_the_username": "ke_toan_moi",
}


@pytest.mark.parametrize("password", WEAK.values(), ids=WEAK.keys())
def test_new_account_form_refuses_a_weak_password_on_its_field(client_for, office_user, password):
    response = client_for(office_user).post(
        reverse("members:account_create"),
        {
            "username": "ke_toan_moi",
            "role": Role.OFFICE,
            "is_active": "on",
            "password1": password,
            "password2": password,
        },
    )

    assert (response.status_code, "password2" in response.context["form"].errors) == (200, True)
    assert not User.objects.filter(username="ke_toan_moi").exists()


@pytest.mark.parametrize("password", WEAK.values(), ids=WEAK.keys())
def test_setting_an_accounts_password_refuses_a_weak_one(client_for, office_user, unit_user, password):
    password = password.replace(WEAK["like_the_username"], f"{unit_user.username}2021")
    response = client_for(office_user).post(
        reverse("members:account_password", args=[unit_user.pk]),
        {"new_password1": password, "new_password2": password},
    )

    unit_user.refresh_from_db()
    assert (response.status_code, bool(response.context["form"].errors), unit_user.check_password(TEST_PASSWORD)) == (
        200,
        True,
        True,
    )


@pytest.mark.parametrize("password", WEAK.values(), ids=WEAK.keys())
def test_changing_ones_own_password_refuses_a_weak_one(client_for, unit_user, password):
    password = password.replace(WEAK["like_the_username"], f"{unit_user.username}2021")
    response = client_for(unit_user).post(
        reverse("password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": password, "new_password2": password},
    )

    unit_user.refresh_from_db()
    assert (response.status_code, unit_user.check_password(TEST_PASSWORD)) == (200, True)


def test_a_strong_password_is_accepted(client_for, office_user):
    response = client_for(office_user).post(
        reverse("members:account_create"),
        {
            "username": "ke_toan_moi",
            "role": Role.COUNCIL,  # the office gives no office role (issue 16): only a superuser does
            "is_active": "on",
            "password1": "Lúa-nước-Đắk-Mil-2021",
            "password2": "Lúa-nước-Đắk-Mil-2021",
        },
    )

    assert (response.status_code, User.objects.get(username="ke_toan_moi").check_password("Lúa-nước-Đắk-Mil-2021")) == (
        302,
        True,
    )


# --- Content-Security-Policy --------------------------------------------------------------------


def test_every_page_carries_a_policy_without_inline_script(client_for, office_user):
    response = client_for(office_user).get(reverse("home"))

    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_the_login_page_and_error_pages_carry_the_policy_too(client):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in client.get("/khong-co-trang-nay/")["Content-Security-Policy"]


def _browser_templates():
    """Templates a browser renders: not the PDF documents (WeasyPrint: those built on the document
    base, and the standalone *_pdf.html ones) nor the e-mails."""
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(ROOT).as_posix()
        if (
            "/emails/" in relative
            or relative.endswith("_pdf.html")
            or re.search(r"templates/documents/base_|extends \"documents/base_", relative + text)
        ):
            continue
        yield relative, text


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def test_templates_have_no_inline_script_event_handler_style_attribute_or_javascript_url():
    """The policy would block them in the browser: JS lives in static/js/, styles in static/css/."""
    found = []
    for relative, text in _browser_templates():
        for name, pattern in [
            ("inline <script>", INLINE_SCRIPT),
            ("on…= handler", EVENT_HANDLER),
            ("style= attribute", STYLE_ATTRIBUTE),
            ("javascript: URL", JAVASCRIPT_URL),
        ]:
            found += [f"{relative}: {name}: {m.group(0)[:60]}" for m in pattern.finditer(text)]

    assert found == []


def test_the_template_scan_sees_what_it_looks_for():
    sample = '<script>alert(1)</script><a onclick="x()" style="color:red" href="javascript:x()">'

    assert [bool(p.search(sample)) for p in (INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, JAVASCRIPT_URL)] == [
        True,
        True,
        True,
        True,
    ]
    assert not INLINE_SCRIPT.search('<script src="/static/js/app.js"></script>')


# --- no open redirects -------------------------------------------------------------------------

HOSTILE_NEXT = [
    "https://ke-gian.example/dang-nhap",
    "//ke-gian.example/",
    "/\\ke-gian.example/",
    "\\\\ke-gian.example",
    "https:ke-gian.example",
    "javascript:alert(1)",
    " https://ke-gian.example",
]


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_sends_to_another_site(client, office_user, target):
    response = client.post(
        reverse("login") + "?next=x", {"username": "vanphong", "password": TEST_PASSWORD, "next": target}
    )

    assert (response.status_code, response.url) == (302, reverse("home"))


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_logout_never_sends_to_another_site(client_for, office_user, target):
    response = client_for(office_user).post(reverse("logout"), {"next": target})

    assert (response.status_code, response.url) == (302, reverse("login"))


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_switch_never_sends_to_another_site(client_for, office_user, target):
    response = client_for(office_user).post(reverse("set_language"), {"language": "en", "next": target})

    assert (response.status_code, response.url) == (302, "/")


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_language_switch_ignores_a_hostile_referer(client_for, office_user, target):
    response = client_for(office_user).post(reverse("set_language"), {"language": "en"}, HTTP_REFERER=target)

    assert (response.status_code, response.url) == (302, "/")


def test_login_follows_a_next_inside_the_site(client, office_user):
    target = reverse("members:organization_list")

    response = client.post(reverse("login"), {"username": "vanphong", "password": TEST_PASSWORD, "next": target})

    assert response.url == target


# --- user text is escaped ----------------------------------------------------------------------

HOSTILE = '<script>alert("xss")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_data(office_user):
    org = OrganizationFactory(name=f"HTX {HOSTILE}", short_name=HOSTILE, address=HOSTILE, tax_code="6400777701")
    unit = UserFactory(role=Role.UNIT, organization=org, first_name=HOSTILE, last_name=HOSTILE)
    person = PersonFactory(organization=org, full_name=f"Nguyễn {HOSTILE}", position=HOSTILE)
    campaign = CampaignFactory(status="running", name=f"Phong trào {HOSTILE}")
    return {"org": org, "unit": unit, "person": person, "campaign": campaign}


def _pages(data):
    return [
        reverse("members:organization_list"),
        reverse("members:organization_detail", args=[data["org"].pk]),
        reverse("members:person_list"),
        reverse("members:person_detail", args=[data["person"].pk]),
        reverse("members:account_list"),
        reverse("campaign:campaign_list"),
        reverse("campaign:campaign_detail", args=[data["campaign"].pk]),
        reverse("home"),
    ]


def test_user_text_is_escaped_on_every_page_that_shows_it(client_for, office_user, hostile_data):
    client = client_for(office_user)
    raw = []
    for url in _pages(hostile_data):
        content = client.get(url).content.decode()
        assert "&lt;script&gt;" in content or url == reverse("home"), url
        raw += [url for marker in ("<script>alert", "<img src=x") if marker in content]

    assert raw == []


def test_the_unit_sees_its_own_hostile_name_escaped_on_its_home(client_for, hostile_data):
    content = client_for(hostile_data["unit"]).get(reverse("home")).content.decode()

    assert ("&lt;script&gt;" in content, "<script>alert" in content) == (True, False)


# --- production mode: HSTS, secure cookies, the headers ---------------------------------------

PROBE = """
from django.test import Client, override_settings
from django.conf import settings
# The manifest of collected static files is not built here; the headers do not depend on it.
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
c = Client()
r = c.get("/accounts/login/", secure=True, HTTP_HOST="thidua.lienminhhtx.example.vn")
print("STATUS", r.status_code)
print("HSTS", r.get("Strict-Transport-Security"))
print("CSP", r.get("Content-Security-Policy"))
print("NOSNIFF", r.get("X-Content-Type-Options"))
print("FRAME", r.get("X-Frame-Options"))
print("CSRFCOOKIE", r.cookies["csrftoken"]["secure"], r.cookies["csrftoken"]["httponly"])
print("SESSION", settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)
plain = c.get("/accounts/login/", HTTP_HOST="thidua.lienminhhtx.example.vn")
print("PLAIN", plain.status_code, plain.get("Location"))
"""


def test_production_mode_sends_hsts_secure_cookies_and_redirects_plain_http(tmp_path):
    result = manage("shell", "-c", PROBE, tmp_path=tmp_path, **PRODUCTION)

    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert result.returncode == 0, result.stderr
    assert lines["STATUS"] == "200"
    assert lines["HSTS"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in lines["CSP"]
    assert (lines["NOSNIFF"], lines["FRAME"]) == ("nosniff", "DENY")
    assert lines["CSRFCOOKIE"] == "True True"
    assert lines["SESSION"] == "True True"
    assert lines["PLAIN"] == "301 https://thidua.lienminhhtx.example.vn/accounts/login/"


@pytest.mark.django_db
def test_a_username_longer_than_any_account_is_refused_on_its_field_before_the_lockout_log(client):
    """Found by hypothesis on PostgreSQL: a 300-character name reached django-axes, whose log holds 255."""
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "a" * 300, "password": "x" * 12})

    assert (response.status_code, AccessAttempt.objects.count()) == (200, 0)
    assert response.context["form"].errors["username"]
