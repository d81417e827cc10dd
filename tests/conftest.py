"""Factories, users of every role and a client logged in as any of them."""

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.test import Client
from django.utils import translation
from factories import (
    AdministrativeAreaFactory,
    OrganizationFactory,
    PersonFactory,
    StatusChangeFactory,
    UserFactory,
)
from worlds import district_ranking, three_ranked_units  # noqa: F401 (fixtures)

from core.caching import forget_local
from core.jobs import forget_last_look
from members.models import AreaLevel, Role

__all__ = [
    "AdministrativeAreaFactory",
    "OrganizationFactory",
    "PersonFactory",
    "StatusChangeFactory",
    "UserFactory",
]

REFORM_EVE = dt.date(2025, 6, 30)
REFORM_DAY = dt.date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Uploaded files go to a temporary folder; passwords hash fast; no test sees another's cache.

    Staff pages look at the delayed-jobs outbox on every request here (one query each time),
    so two requests of a test read the same number of queries; tests/test_jobs.py tests the cache.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.JOBS_DELAYED_CHECK_EVERY = 0
    cache.clear()
    forget_last_look()
    yield
    # A request in English leaves English active in this thread; the next test starts in Vietnamese.
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def locmem_cache(settings):
    """A cache that keeps what it is given (the tests' default keeps nothing), empty for the test."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"},
    }
    cache.clear()
    forget_local()
    yield cache
    cache.clear()
    forget_local()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no request counted against its address (core.limits.rate_limited)."""
    caches["ratelimit"].clear()
    yield


@pytest.fixture
def english():
    """Messages are matched in their English source, whatever the catalogue says.

    A module whose every test reads messages asks for it with
    `pytestmark = pytest.mark.usefixtures("english")`.
    """
    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client):
    """The test client asking for pages in English (the language cookie), for pages matched in
    their English source."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def own_org(db):
    return OrganizationFactory(name="Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil", tax_code="6400100001")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name="Hợp tác xã Cà phê Thuận An", tax_code="6400200002")


@pytest.fixture
def office_user(db):
    return UserFactory(username="vanphong", role=Role.OFFICE)


@pytest.fixture
def leader_user(db):
    return UserFactory(username="chutich", role=Role.LEADER)


@pytest.fixture
def council_user(db):
    return UserFactory(username="hoidong1", role=Role.COUNCIL)


@pytest.fixture
def unit_user(own_org):
    return UserFactory(username="donvi1", role=Role.UNIT, organization=own_org)


@pytest.fixture
def other_unit_user(other_org):
    return UserFactory(username="donvi2", role=Role.UNIT, organization=other_org)


@pytest.fixture
def client_for():
    """A test client logged in as the given user, or anonymous for None."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def eager_celery():
    """Run tasks in-process even when a broker is configured (the PostgreSQL + Redis run)."""
    from thidua.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous


@pytest.fixture
def dak_nong(db):
    """A slice of the official map across the 2025 reform, shaped like members/data/areas.csv.

    Before: Tỉnh Đắk Nông (67) > Huyện Cư Jút (662) > Xã Đắk Wil (24643) and Xã Ea Pô (24646).
    After: Tỉnh Lâm Đồng (68) > Xã Đắk Wil (24646); districts are gone without successor.
    """
    lam_dong = AdministrativeAreaFactory(
        code="68", name="Tỉnh Lâm Đồng", level=AreaLevel.PROVINCE, valid_from=REFORM_DAY
    )
    dak_nong = AdministrativeAreaFactory(
        code="67", name="Tỉnh Đắk Nông", level=AreaLevel.PROVINCE, valid_until=REFORM_EVE, successor=lam_dong
    )
    cu_jut = AdministrativeAreaFactory(
        code="662", name="Huyện Cư Jút", level=AreaLevel.DISTRICT, parent=dak_nong, valid_until=REFORM_EVE
    )
    dak_mil = AdministrativeAreaFactory(
        code="663", name="Huyện Đắk Mil", level=AreaLevel.DISTRICT, parent=dak_nong, valid_until=REFORM_EVE
    )
    new_dak_wil = AdministrativeAreaFactory(
        code="24646", name="Xã Đắk Wil", level=AreaLevel.COMMUNE, parent=lam_dong, valid_from=REFORM_DAY
    )
    old_dak_wil = AdministrativeAreaFactory(
        code="24643",
        name="Xã Đắk Wil",
        level=AreaLevel.COMMUNE,
        parent=cu_jut,
        valid_until=REFORM_EVE,
        successor=new_dak_wil,
    )
    ea_po = AdministrativeAreaFactory(
        code="24646",
        name="Xã Ea Pô",
        level=AreaLevel.COMMUNE,
        parent=cu_jut,
        valid_until=REFORM_EVE,
        successor=new_dak_wil,
    )
    return SimpleNamespace(
        lam_dong=lam_dong,
        dak_nong=dak_nong,
        cu_jut=cu_jut,
        dak_mil=dak_mil,
        old_dak_wil=old_dak_wil,
        ea_po=ea_po,
        new_dak_wil=new_dak_wil,
    )


AREAS_CSV = Path(__file__).resolve().parent.parent / "members" / "data" / "areas.csv"


@pytest.fixture
def shipped_map(office_user):
    """The official list shipped with the app (members/data/areas.csv), loaded by the importer."""
    from django.core.files.base import ContentFile

    from members.importers import run_import
    from members.models import ImportJob, ImportKind, ImportStatus

    job = ImportJob.objects.create(
        kind=ImportKind.AREAS,
        file=ContentFile(AREAS_CSV.read_bytes(), name="areas.csv"),
        original_name="areas.csv",
        created_by=office_user,
    )
    run_import(job)
    assert (job.status, job.errors) == (ImportStatus.DONE, [])
    return job
