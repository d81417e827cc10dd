"""Archive instead of delete (issue 17 item 4): a dissolved or merged organization stays, with its history."""

import datetime as dt

import pytest
from django.urls import reverse
from factories import NominationFactory, OrganizationFactory

from core.errors import TransitionError
from members.models import OperatingStatus, Organization, StatusChange
from members.services import archive_organization

pytestmark = pytest.mark.usefixtures("english")


def test_the_office_archives_a_merged_unit_in_the_browser(client_for, office_user):
    old = OrganizationFactory(name="HTX Cũ")
    new = OrganizationFactory(name="HTX Mới")
    nomination = NominationFactory(organization=old)
    client = client_for(office_user)
    url = reverse("members:organization_archive", args=[old.pk])

    assert url in client.get(old.get_absolute_url()).text
    missing = client.post(url, {"how": "merged", "effective_on": "2026-07-01", "reason": "Hợp nhất"})
    done = client.post(
        url,
        {"how": "merged", "merged_into": new.pk, "effective_on": "2026-07-01", "reason": "Hợp nhất theo nghị quyết"},
    )

    assert (missing.status_code, done.status_code) == (200, 302)
    old.refresh_from_db()
    assert (old.archived_on, old.merged_into, old.status) == (dt.date(2026, 7, 1), new, OperatingStatus.DISSOLVED)
    change = StatusChange.objects.get(organization=old)
    assert (change.changed_by, change.effective_on) == (office_user, dt.date(2026, 7, 1))
    assert "Hợp nhất theo nghị quyết" in change.cause
    assert old.history.latest("history_date").history_user == office_user
    nomination.refresh_from_db()  # what refers to it stays
    assert nomination.organization_id == old.pk


def test_an_archived_unit_leaves_the_default_list_and_the_filter_shows_it(client_for, office_user):
    kept = OrganizationFactory(name="HTX Còn hoạt động")
    gone = OrganizationFactory(name="HTX Đã giải thể")
    archive_organization(gone, by=office_user, effective_on=dt.date(2026, 1, 5), reason="Giải thể")
    client = client_for(office_user)
    url = reverse("members:organization_list")

    default = client.get(url).text
    archived = client.get(url, {"archived": "yes"}).text

    assert kept.name in default and gone.name not in default
    assert gone.name in archived and kept.name not in archived
    assert gone.pk not in Organization.objects.current().values_list("pk", flat=True)


def test_archiving_twice_or_into_itself_is_refused(office_user):
    org = OrganizationFactory()
    with pytest.raises(TransitionError):
        archive_organization(org, by=office_user, effective_on=dt.date(2026, 1, 5), reason="x", merged_into=org)
    archive_organization(org, by=office_user, effective_on=dt.date(2026, 1, 5), reason="Giải thể")
    with pytest.raises(TransitionError):
        archive_organization(org, by=office_user, effective_on=dt.date(2026, 1, 6), reason="Giải thể")


def test_a_unit_cannot_archive_itself(client_for, unit_user, own_org):
    response = client_for(unit_user).post(
        reverse("members:organization_archive", args=[own_org.pk]),
        {"how": "dissolved", "effective_on": "2026-01-05", "reason": "x"},
    )

    own_org.refresh_from_db()
    assert (response.status_code, own_org.archived_on) == (403, None)
