"""Restore from the archive (issue 17 item 4's inverse): an organization archived by mistake comes back,
with its earlier status, recorded with who, when and why."""

import datetime as dt

import pytest
from django.urls import reverse
from factories import OrganizationFactory

from core.errors import TransitionError
from members.models import OperatingStatus, Organization, StatusChange
from members.services import archive_organization, change_status, restore_organization

pytestmark = pytest.mark.usefixtures("english")


def test_the_office_restores_a_unit_archived_by_mistake_in_the_browser(client_for, office_user):
    old = OrganizationFactory(name="HTX Lưu trữ nhầm")
    new = OrganizationFactory(name="HTX Mới")
    archive_organization(old, by=office_user, effective_on=dt.date(2026, 7, 1), reason="Hợp nhất", merged_into=new)
    client = client_for(office_user)
    url = reverse("members:organization_restore", args=[old.pk])

    detail = client.get(old.get_absolute_url()).text
    blank = client.post(url, {"reason": " "})
    done = client.post(url, {"reason": "Lưu trữ nhầm đơn vị"})

    assert url in detail and reverse("members:organization_archive", args=[old.pk]) not in detail
    assert (blank.status_code, done.status_code) == (200, 302)
    old.refresh_from_db()
    assert (old.archived_on, old.merged_into, old.status) == (None, None, OperatingStatus.ACTIVE)
    change = StatusChange.objects.filter(organization=old).order_by("-pk").first()
    assert (change.old_status, change.status, change.changed_by) == (
        OperatingStatus.DISSOLVED,
        OperatingStatus.ACTIVE,
        office_user,
    )
    assert "Lưu trữ nhầm đơn vị" in change.cause
    record = old.history.latest("history_date")
    assert (record.history_user, record.archived_on) == (office_user, None)
    assert "Lưu trữ nhầm đơn vị" in record.history_change_reason
    assert old.pk in Organization.objects.current().values_list("pk", flat=True)
    assert old.name in client.get(reverse("members:organization_list")).text


def test_a_unit_suspended_before_it_was_archived_comes_back_suspended(office_user):
    org = OrganizationFactory()
    change_status(org, OperatingStatus.SUSPENDED, by=office_user, effective_on=dt.date(2026, 3, 1))
    archive_organization(org, by=office_user, effective_on=dt.date(2026, 5, 1), reason="Giải thể")

    restore_organization(org, by=office_user, reason="Chưa giải thể")

    org.refresh_from_db()
    assert (org.status, org.archived_on) == (OperatingStatus.SUSPENDED, None)


def test_a_unit_dissolved_before_it_was_archived_stays_dissolved(office_user):
    org = OrganizationFactory()
    change_status(org, OperatingStatus.DISSOLVED, by=office_user, effective_on=dt.date(2026, 3, 1))
    archive_organization(org, by=office_user, effective_on=dt.date(2026, 5, 1), reason="Lưu trữ")

    restore_organization(org, by=office_user, reason="Xem lại hồ sơ")

    org.refresh_from_db()
    assert (org.status, org.archived_on, org.status_changes.count()) == (OperatingStatus.DISSOLVED, None, 1)


def test_restoring_a_unit_not_archived_or_without_reason_is_refused(office_user):
    org = OrganizationFactory()
    with pytest.raises(TransitionError):
        restore_organization(org, by=office_user, reason="x")
    archive_organization(org, by=office_user, effective_on=dt.date(2026, 1, 5), reason="Giải thể")
    with pytest.raises(TransitionError):
        restore_organization(org, by=office_user, reason="  ")


def test_a_unit_cannot_restore_itself(client_for, unit_user, own_org, office_user):
    archive_organization(own_org, by=office_user, effective_on=dt.date(2026, 1, 5), reason="Giải thể")

    response = client_for(unit_user).post(reverse("members:organization_restore", args=[own_org.pk]), {"reason": "x"})

    own_org.refresh_from_db()
    assert (response.status_code, own_org.archived_on) == (403, dt.date(2026, 1, 5))


def test_the_history_page_shows_what_archiving_and_restoring_changed_and_why(client_for, office_user):
    org = OrganizationFactory(name="HTX Lịch sử")
    archive_organization(org, by=office_user, effective_on=dt.date(2026, 7, 1), reason="Giải thể")
    restore_organization(org, by=office_user, reason="Lưu trữ nhầm")
    client = client_for(office_user)
    client.cookies["thidua_language"] = "en"

    page = client.get(reverse("members:organization_history", args=[org.pk]))

    changed = [{c["field"] for c in row["changes"]} for row in page.context["records"]]
    assert {"archived on"} in changed and {"operating status"} in changed
    assert "Restored from the archive: Lưu trữ nhầm" in page.text
