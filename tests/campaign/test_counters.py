"""The progress counters (campaign.counters): kept by every transition, equal to a recount, and
the dashboard's figures from them equal to counting unit by unit, whatever the map and the day."""

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import translation
from factories import OrganizationFactory, ReportingPeriodFactory
from openpyxl import Workbook
from submission_builders import running_campaign, upload, values_for

from campaign import counters, dashboard, services
from campaign import submissions as flow
from campaign.areas import place_units
from campaign.models import Registration, Submission, SubmissionCount, SubmissionStatus, is_overdue
from members.importers import ORGANIZATION_COLUMNS, run_import
from members.models import ImportJob, ImportKind, OrganizationKind

S = SubmissionStatus
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = dt.date(2021, 12, 5)  # running_campaign's period


def at(day, hour=9):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=HANOI), tick=False)


def reference(campaign, period, on):
    """{area name: (subjects, registered, not started, draft, submitted, returned, verified, late, overdue)}
    and the total, counted unit by unit from the rows (no counter read)."""
    units = list(dashboard.subject_units(campaign))
    areas = place_units(campaign, units)
    registered = set(Registration.objects.filter(campaign=campaign).values_list("organization_id", flat=True))
    submissions = {s.organization_id: s for s in Submission.objects.filter(period=period)}
    found = {}
    for unit in units:
        area = areas[unit.pk]
        row = found.setdefault(area.name if area else "No area", [0] * 9)
        submission = submissions.get(unit.pk)
        status = submission.status if submission else None
        row[0] += 1
        row[1] += unit.pk in registered
        row[2] += unit.pk in registered and submission is None
        for index, state in enumerate((S.DRAFT, S.SUBMITTED, S.RETURNED, S.VERIFIED), start=3):
            row[index] += status == state
        row[7] += bool(submission and submission.is_late)
        row[8] += is_overdue(unit.pk in registered, status, period, on)
    return {name: tuple(row) for name, row in found.items()}


def shown(campaign, period, on):
    result = dashboard.progress(campaign, period, on=on)
    return {
        str(row.label) if row.key is not None else "No area": (
            row.subjects,
            row.registered,
            row.not_started,
            row.draft,
            row.submitted,
            row.returned,
            row.verified,
            row.late,
            row.overdue,
        )  # fmt: skip
        for row in result.by_area
    }


def check(campaign, period, on):
    """The counters equal a recount, and the dashboard's figures the unit-by-unit count."""
    assert counters.stored(campaign) == counters.recounted(campaign)
    assert counters.drift(campaign) == 0
    assert shown(campaign, period, on) == reference(campaign, period, on)


@pytest.fixture
def scene(dak_nong, office_user):
    setup = running_campaign(grouping_level="district", starts_on=dt.date(2021, 11, 1))
    units = [
        OrganizationFactory(name=f"HTX {letter}", district=district, kind=OrganizationKind.COOPERATIVE)
        for letter, district in zip(
            "ABCD", [dak_nong.cu_jut, dak_nong.cu_jut, dak_nong.dak_mil, dak_nong.dak_mil], strict=True
        )
    ]
    return setup, units, office_user


def _complete(submission, setup, by):
    flow.save_values(submission, values_for(setup), by=by, version=submission.version)
    flow.add_evidence(submission.values.get(criterion=setup.c.vaccinated), upload(), by=by)


def test_every_transition_keeps_the_counters_equal_to_a_recount(scene):
    setup, (a, b, c, d), office = scene
    campaign, period = setup.campaign, setup.period
    on = dt.date(2021, 11, 20)
    check(campaign, period, on)

    for unit in (a, b, c):
        services.register(campaign, unit, by=office, today=on)
        check(campaign, period, on)
    with at(on):
        first, second = (flow.open_submission(period, unit, by=office) for unit in (a, b))
        check(campaign, period, on)
        _complete(first, setup, office)
        _complete(second, setup, office)
        check(campaign, period, on)
    with at(DEADLINE, hour=23):  # the deadline's last hour: on time
        flow.submit(first, by=office)
    with at(DEADLINE + dt.timedelta(days=1), hour=0):  # the next day: late
        flow.submit(second, by=office)
    assert (first.is_late, second.is_late) == (False, True)
    check(campaign, period, DEADLINE)
    check(campaign, period, DEADLINE + dt.timedelta(days=1))

    flow.return_submission(first, by=office, reason="Thiếu biên bản")
    check(campaign, period, DEADLINE + dt.timedelta(days=1))
    flow.submit(first, by=office)  # sent again after the deadline: still on time
    flow.verify(first, by=office, staff_scores={setup.c.initiatives.pk: Decimal("5")})
    check(campaign, period, DEADLINE + dt.timedelta(days=2))
    flow.reopen(first, by=office, reason="Số liệu sai")
    check(campaign, period, DEADLINE + dt.timedelta(days=2))

    registration = Registration.objects.get(campaign=campaign, organization=c)
    services.withdraw_registration(registration, by=office, reason="Đăng ký nhầm")
    check(campaign, period, DEADLINE + dt.timedelta(days=2))
    services.reinstate_registration(campaign, c, by=office, reason="Rút nhầm")
    check(campaign, period, DEADLINE + dt.timedelta(days=2))
    assert shown(campaign, period, DEADLINE + dt.timedelta(days=2))["Huyện Cư Jút"] == (2, 2, 0, 0, 1, 1, 0, 1, 1)


def test_a_unit_that_moves_or_changes_kind_takes_its_counts_along(scene, dak_nong):
    setup, (a, b, _c, _d), office = scene
    campaign, period = setup.campaign, setup.period
    for unit in (a, b):
        services.register(campaign, unit, by=office, today=dt.date(2021, 11, 20))
        flow.open_submission(period, unit, by=office)

    a.district = dak_nong.dak_mil
    a.save()
    check(campaign, period, DEADLINE)
    b.kind = OrganizationKind.GROUP
    b.save()
    check(campaign, period, DEADLINE)

    kinds = {row.key: row.draft for row in dashboard.progress(campaign, period, on=DEADLINE).by_kind}
    assert (shown(campaign, period, DEADLINE)["Huyện Đắk Mil"][:4], kinds) == (
        (3, 1, 0, 1),
        {OrganizationKind.COOPERATIVE: 1, OrganizationKind.GROUP: 1},
    )


@pytest.mark.parametrize(
    ("starts_on", "level", "expected"),
    [
        (dt.date(2021, 11, 1), "district", {"Huyện Cư Jút", "Huyện Đắk Mil"}),
        (dt.date(2021, 11, 1), "province", {"Tỉnh Đắk Nông"}),
        (dt.date(2026, 7, 1), "province", {"Tỉnh Lâm Đồng"}),
    ],
)
def test_a_change_of_the_campaigns_map_needs_no_recount(scene, starts_on, level, expected):
    setup, (a, b, c, _d), office = scene
    campaign, period = setup.campaign, setup.period
    for unit in (a, b, c):
        services.register(campaign, unit, by=office, today=dt.date(2021, 11, 20))
    flow.open_submission(period, c, by=office)

    campaign.starts_on, campaign.ends_on = starts_on, starts_on + dt.timedelta(days=180)
    campaign.grouping_level = level
    campaign.save()

    check(campaign, period, DEADLINE)
    assert set(shown(campaign, period, DEADLINE)) == expected


def test_overdue_starts_the_day_after_the_deadline_without_a_write(scene):
    setup, (a, b, _c, _d), office = scene
    campaign, period = setup.campaign, setup.period
    for unit in (a, b):
        services.register(campaign, unit, by=office, today=dt.date(2021, 11, 20))
    with at(dt.date(2021, 12, 1)):
        submission = flow.open_submission(period, a, by=office)
        _complete(submission, setup, office)
        flow.submit(submission, by=office)

    totals = [dashboard.progress(campaign, period, on=day).total.overdue for day in (DEADLINE, DEADLINE.replace(day=6))]

    assert totals == [0, 1]
    check(campaign, period, DEADLINE.replace(day=6))


def test_rebuild_restores_counters_written_wrong(scene, capsys):
    setup, (a, _b, _c, _d), office = scene
    campaign, period = setup.campaign, setup.period
    services.register(campaign, a, by=office, today=dt.date(2021, 11, 20))
    flow.open_submission(period, a, by=office)
    SubmissionCount.objects.filter(period=period).update(n=7)
    other = ReportingPeriodFactory(campaign=campaign, name="Tháng 12/2021", starts_on=dt.date(2021, 12, 1),
                                   ends_on=dt.date(2021, 12, 31), deadline=dt.date(2022, 1, 5))  # fmt: skip
    SubmissionCount.objects.create(period=other, place=0, kind="cooperative", status=S.VERIFIED, n=3)
    assert counters.drift(campaign) == 2

    call_command("rebuild_counters", "--campaign", str(campaign.pk))

    assert "2 corrected" in capsys.readouterr().out
    check(campaign, period, DEADLINE)


def test_the_queues_pages_read_range_by_range_are_the_queue_in_one_query(scene, dak_nong):
    from campaign import queue

    setup, units, office = scene
    campaign = setup.campaign
    units += [OrganizationFactory(name=f"HTX {n}", district=dak_nong.cu_jut) for n in range(5)]
    december = ReportingPeriodFactory(campaign=campaign, name="Tháng 12/2021", starts_on=dt.date(2021, 12, 1),
                                      ends_on=dt.date(2021, 12, 31), deadline=dt.date(2022, 1, 5))  # fmt: skip
    for index, unit in enumerate(units):
        services.register(campaign, unit, by=office, today=dt.date(2021, 11, 20))
        for period in (setup.period, december):
            submission = flow.open_submission(period, unit, by=office)
            if index % 3:
                _complete(submission, setup, office)
                flow.submit(submission, by=office)
            if index % 3 == 2:
                flow.return_submission(submission, by=office, reason="Thiếu biên bản")
    everything = Submission.objects.filter(period__campaign=campaign)
    periods = queue.queue_periods(campaign)
    pages = queue.QueuePages(everything, periods, queue.STATUSES, queue.range_counts(campaign, periods))
    cu_jut = queue.QueuePages(
        everything.filter(organization__district=dak_nong.cu_jut),
        periods,
        [S.DRAFT],
        queue.range_counts(campaign, periods, area=dak_nong.cu_jut),
    )

    expected = [s.pk for s in queue.ordered(everything)]
    assert (len(pages), [s.pk for s in pages[0:100]]) == (len(expected), expected)
    assert [s.pk for start in range(0, 18, 5) for s in pages[start : start + 5]] == expected
    assert [s.pk for s in cu_jut[0:50]] == [
        s.pk for s in queue.ordered(everything.filter(organization__district=dak_nong.cu_jut, status=S.DRAFT))
    ]


def test_a_unit_moved_by_the_spreadsheet_import_takes_its_counts_along(scene, dak_nong):
    """The import writes organizations in bulk (no post_save): the counts follow all the same."""
    setup, (a, b, _c, _d), office = scene
    campaign, period = setup.campaign, setup.period
    for unit in (a, b):
        services.register(campaign, unit, by=office, today=dt.date(2021, 11, 20))
        flow.open_submission(period, unit, by=office)
    moved = {a.pk: {"district": "Huyện Đắk Mil"}, b.pk: {"kind": "THT"}}
    columns = [c for c in ORGANIZATION_COLUMNS if not c.export_only]
    book = Workbook()
    with translation.override("vi"):
        book.active.append([str(c.label) + (" *" if c.required else "") for c in columns])
    for unit in (a, b):
        row = {
            "id": unit.pk,
            "name": unit.name,
            "kind": "HTX",
            "province": "Tỉnh Đắk Nông",
            "district": "Huyện Cư Jút",
            **moved[unit.pk],
        }
        book.active.append([row.get(c.key, "") for c in columns])
    content = io.BytesIO()
    book.save(content)
    job = ImportJob.objects.create(
        kind=ImportKind.ORGANIZATIONS,
        file=ContentFile(content.getvalue(), name="dich-chuyen.xlsx"),
        original_name="dich-chuyen.xlsx",
        created_by=office,
    )

    run_import(job)

    job.refresh_from_db()
    assert job.updated_count == 2
    check(campaign, period, DEADLINE)
