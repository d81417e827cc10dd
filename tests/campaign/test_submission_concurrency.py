"""Two people saving the same report at the same moment, in parallel threads (PostgreSQL only).

Each save opens its own connection and transaction. The service holds the submission's row
lock from reading the version to writing it, so the second save waits, then finds the
version moved and is refused with a conflict: nothing it typed overwrites the first.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection, transaction
from submission_builders import register, running_campaign

from campaign import submissions as services
from campaign.models import Campaign, ReportingPeriod, Submission
from core.errors import ConflictError

pytestmark = pytest.mark.django_db(transaction=True)

HOLD = 0.5  # seconds a save keeps its lock, as a slow request would


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer, so there is no race to test")


@pytest.fixture
def draft(own_org, unit_user):
    setup = running_campaign()
    register(setup, own_org)
    submission = services.open_submission(setup.period, own_org, by=unit_user)
    return setup, submission


def slow_after_the_lock(monkeypatch, started=None, release=None):
    """Every save waits HOLD seconds (or for `release`) right after it has read the row it locked."""
    real = services._check_editable

    def slow(locked):
        real(locked)
        if started is not None:
            started.set()
        if release is not None:
            release.wait(10)
        else:
            time.sleep(HOLD)

    monkeypatch.setattr(services, "_check_editable", slow)


def in_parallel(*calls):
    """Run the calls in threads started together; each outcome is the result or the exception."""
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            start.wait()
            outcomes[i] = call()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcomes[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_two_saves_from_the_same_version_keep_the_first_and_refuse_the_second(draft, unit_user, monkeypatch):
    setup, submission = draft
    slow_after_the_lock(monkeypatch)

    def save(amount):
        # Each person holds their own copy of the report, opened at version 0.
        mine = Submission.objects.get(pk=submission.pk)
        return lambda: services.save_values(mine, {setup.c.sales.pk: (Decimal(amount), "")}, by=unit_user, version=0)

    outcomes = in_parallel(save("300"), save("700"))

    refused = [o for o in outcomes if isinstance(o, ConflictError)]
    saved = [o for o in outcomes if isinstance(o, Submission)]
    submission.refresh_from_db()
    stored = submission.values.get(criterion=setup.c.sales).value
    assert (len(saved), len(refused), submission.version) == (1, 1, 1), outcomes
    assert stored == saved[0].values.get(criterion=setup.c.sales).value


def test_saving_a_report_does_not_lock_its_campaign_or_period(draft, unit_user, monkeypatch):
    """The office may change the campaign while a unit saves: select_for_update(of=("self",))."""
    setup, submission = draft
    started, release = threading.Event(), threading.Event()
    slow_after_the_lock(monkeypatch, started=started, release=release)

    saving = threading.Thread(
        target=lambda: (
            services.save_values(submission, {setup.c.sales.pk: (Decimal("5"), "")}, by=unit_user, version=0),
            connection.close(),
        )
    )
    saving.start()
    try:
        assert started.wait(10)
        with transaction.atomic():
            Campaign.objects.select_for_update(nowait=True).get(pk=setup.campaign.pk)
            ReportingPeriod.objects.select_for_update(nowait=True).get(pk=setup.period.pk)
        with pytest.raises(OperationalError), transaction.atomic():
            Submission.objects.select_for_update(nowait=True).get(pk=submission.pk)  # this one is held
    finally:
        release.set()
        saving.join(30)


def test_units_opening_their_reports_at_once_are_all_counted(office_user):
    """Each opening adds 1 to the same new counter row (INSERT … ON CONFLICT): none is lost."""
    from factories import OrganizationFactory

    from campaign import counters

    setup = running_campaign()
    units = [OrganizationFactory(name=f"Hợp tác xã {n}", kind="cooperative") for n in range(6)]
    for unit in units:
        register(setup, unit)

    in_parallel(*(lambda unit=unit: services.open_submission(setup.period, unit, by=office_user) for unit in units))

    kept, counted = counters.stored(setup.campaign), counters.recounted(setup.campaign)
    assert (kept, sum(counted[1].values())) == (counted, 6)
