"""Production settings mode: safe by default, refuses to start half-configured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent


def manage(*args, tmp_path, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "THIDUA_", "PYTEST_", "SITE_URL"))
    }
    environment.update({"THIDUA_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "thidua.lienminhhtx.example.vn",
    "SITE_URL": "https://thidua.lienminhhtx.example.vn",
}


def test_production_mode_passes_the_deployment_check(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION)

    assert (result.returncode, result.stderr) == (0, "")


@pytest.mark.parametrize(
    "secret",
    [None, "", "ngan-qua"],
    ids=["missing", "empty", "short"],
)
def test_production_mode_without_a_proper_secret_key_refuses_to_start(tmp_path, secret):
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret

    result = manage("check", tmp_path=tmp_path, **env)

    assert (result.returncode, "DJANGO_SECRET_KEY" in result.stderr) == (1, True)


def test_development_mode_starts_without_any_setting(tmp_path):
    result = manage("check", tmp_path=tmp_path)

    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced).")


@pytest.mark.parametrize(
    "address", [None, "", "thidua.example.vn", "/verify"], ids=["missing", "empty", "bare", "path"]
)
def test_production_mode_without_the_site_address_refuses_to_start(tmp_path, address):
    """Every issued paper prints SITE_URL in its QR code and never changes: no issuing without it."""
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    if address is not None:
        env["SITE_URL"] = address

    result = manage("check", tmp_path=tmp_path, **env)

    assert (result.returncode, "SITE_URL" in result.stderr) == (1, True)
