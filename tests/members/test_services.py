"""The operating-status history: members.services.change_status and status_on."""

import datetime as dt

import pytest
from factories import OrganizationFactory, StatusChangeFactory

from core.errors import TransitionError
from members.models import OperatingStatus, StatusChange
from members.services import change_status, status_on, statuses_on

STATUSES = [s.value for s in OperatingStatus]
CHANGES = [(old, new) for old in STATUSES for new in STATUSES if old != new]


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), CHANGES)
def test_change_status_records_who_when_and_the_step_from_every_status(office_user, old, new):
    org = OrganizationFactory(status=old)

    change = change_status(org, new, by=office_user, effective_on=dt.date(2021, 10, 1), cause="Dịch Covid-19")

    row = StatusChange.objects.get()
    assert (row.pk, row.organization_id, row.old_status, row.status, row.effective_on, row.changed_by) == (
        change.pk,
        org.pk,
        old,
        new,
        dt.date(2021, 10, 1),
        office_user,
    )
    assert row.changed_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), CHANGES)
def test_change_status_makes_the_new_status_current(office_user, old, new):
    org = OrganizationFactory(status=old)

    change_status(org, new, by=office_user, effective_on=dt.date(2021, 10, 1))

    org.refresh_from_db()
    assert org.status == new


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
def test_change_status_to_the_same_status_does_nothing(office_user, status):
    org = OrganizationFactory(status=status)
    history_before = org.history.count()

    result = change_status(org, status, by=office_user, effective_on=dt.date(2021, 10, 1))

    org.refresh_from_db()
    assert (result, StatusChange.objects.count(), org.status, org.history.count()) == (None, 0, status, history_before)


@pytest.mark.django_db
def test_change_status_writes_a_history_record_with_its_author(office_user):
    org = OrganizationFactory()

    change_status(org, OperatingStatus.SUSPENDED, by=office_user, effective_on=dt.date(2021, 9, 1), cause="Giãn cách")

    latest = org.history.latest()
    assert (latest.status, latest.history_user) == (OperatingStatus.SUSPENDED, office_user)


@pytest.mark.django_db
def test_change_status_dated_before_the_last_change_is_refused(office_user):
    org = OrganizationFactory()
    change_status(org, OperatingStatus.SUSPENDED, by=office_user, effective_on=dt.date(2021, 9, 1))

    with pytest.raises(TransitionError):
        change_status(org, OperatingStatus.ACTIVE, by=office_user, effective_on=dt.date(2021, 8, 31))

    org.refresh_from_db()
    assert (org.status, StatusChange.objects.count()) == (OperatingStatus.SUSPENDED, 1)


@pytest.mark.django_db
def test_change_status_on_the_same_day_as_the_last_change_is_accepted(office_user):
    org = OrganizationFactory()
    change_status(org, OperatingStatus.SUSPENDED, by=office_user, effective_on=dt.date(2021, 9, 1))

    change_status(org, OperatingStatus.ACTIVE, by=office_user, effective_on=dt.date(2021, 9, 1))

    org.refresh_from_db()
    assert (org.status, StatusChange.objects.count()) == (OperatingStatus.ACTIVE, 2)


@pytest.mark.django_db
def test_change_status_dated_before_the_founding_is_refused(office_user):
    org = OrganizationFactory(founded_on=dt.date(2019, 5, 1))

    with pytest.raises(TransitionError):
        change_status(org, OperatingStatus.DISSOLVED, by=office_user, effective_on=dt.date(2019, 4, 30))

    assert StatusChange.objects.count() == 0


@pytest.mark.django_db
def test_change_status_without_a_date_takes_today(office_user):
    from django.utils import timezone

    org = OrganizationFactory()

    change = change_status(org, OperatingStatus.SUSPENDED, by=office_user)

    assert change.effective_on == timezone.localdate()


@pytest.mark.django_db
def test_change_status_updates_the_object_passed_in(office_user):
    org = OrganizationFactory()

    change_status(org, OperatingStatus.BANKRUPT, by=office_user, effective_on=dt.date(2022, 1, 10))

    assert org.status == OperatingStatus.BANKRUPT


@pytest.fixture
def suspended_then_dissolved(office_user):
    org = OrganizationFactory()
    change_status(org, OperatingStatus.SUSPENDED, by=office_user, effective_on=dt.date(2021, 9, 1))
    change_status(org, OperatingStatus.DISSOLVED, by=office_user, effective_on=dt.date(2022, 3, 15))
    return org


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2021, 8, 31), OperatingStatus.ACTIVE),
        (dt.date(2021, 9, 1), OperatingStatus.SUSPENDED),
        (dt.date(2021, 12, 31), OperatingStatus.SUSPENDED),
        (dt.date(2022, 3, 14), OperatingStatus.SUSPENDED),
        (dt.date(2022, 3, 15), OperatingStatus.DISSOLVED),
        (dt.date(2026, 1, 1), OperatingStatus.DISSOLVED),
    ],
)
def test_status_on_gives_the_status_held_that_day(suspended_then_dissolved, day, expected):
    assert status_on(suspended_then_dissolved, day) == expected


@pytest.mark.django_db
def test_status_on_without_history_gives_the_current_status():
    org = OrganizationFactory(status=OperatingStatus.SUSPENDED)

    assert status_on(org, dt.date(2021, 1, 1)) == OperatingStatus.SUSPENDED


@pytest.mark.django_db
def test_status_on_before_a_recorded_step_gives_its_previous_status():
    change = StatusChangeFactory(old_status=OperatingStatus.SUSPENDED, status=OperatingStatus.ACTIVE)
    change.organization.status = OperatingStatus.ACTIVE

    assert status_on(change.organization, change.effective_on - dt.timedelta(days=1)) == OperatingStatus.SUSPENDED


@pytest.mark.django_db
def test_statuses_on_agrees_with_status_on_for_many_organizations_at_once(suspended_then_dissolved):
    plain = OrganizationFactory(status=OperatingStatus.SUSPENDED)
    change = StatusChangeFactory(old_status=OperatingStatus.SUSPENDED, status=OperatingStatus.ACTIVE)
    change.organization.status = OperatingStatus.ACTIVE
    orgs = [suspended_then_dissolved, plain, change.organization]
    for day in (dt.date(2021, 8, 31), dt.date(2021, 12, 31), dt.date(2022, 3, 15), change.effective_on):
        assert statuses_on(orgs, day) == {org.pk: status_on(org, day) for org in orgs}
