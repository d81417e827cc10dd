"""The submission services: opening, saving, evidence, and every transition with its guards."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from submission_builders import register, running_campaign, submission_in, upload, values_for

from campaign import submissions as services
from campaign.models import CampaignStatus, Evidence, Submission, SubmissionEvent, SubmissionStatus
from core.errors import ConflictError, TransitionError

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
S = SubmissionStatus


@pytest.fixture
def setup(own_org, other_org):
    setup = running_campaign()
    register(setup, own_org)
    return setup


def _events(submission):
    return list(
        SubmissionEvent.objects.filter(submission=submission).order_by("pk").values_list("old_status", "status")
    )


# --- opening ----------------------------------------------------------------------------------


def test_open_submission_creates_a_draft_with_a_value_per_reported_criterion(setup, own_org, unit_user):
    submission = services.open_submission(setup.period, own_org, by=unit_user)

    codes = sorted(submission.values.values_list("criterion__code", flat=True))
    assert (submission.status, codes, _events(submission)) == (S.DRAFT, ["1.1", "1.2", "2.1", "2.3"], [("", S.DRAFT)])


def test_open_submission_twice_returns_the_same_draft_and_records_once(setup, own_org, unit_user):
    first = services.open_submission(setup.period, own_org, by=unit_user)

    second = services.open_submission(setup.period, own_org, by=unit_user)

    assert (second.pk, first.values.count(), len(_events(first))) == (first.pk, 4, 1)


def test_open_submission_for_a_credit_fund_includes_its_own_criterion(setup, unit_user):
    from factories import OrganizationFactory

    fund = OrganizationFactory(name="Quỹ tín dụng nhân dân Đức Lập", kind="credit_fund")
    register(setup, fund)

    submission = services.open_submission(setup.period, fund, by=unit_user)

    assert sorted(submission.values.values_list("criterion__code", flat=True)) == ["1.1", "1.2", "2.1", "2.2", "2.3"]


def test_open_submission_refuses_an_unregistered_unit(setup, other_org, other_unit_user):
    with pytest.raises(TransitionError, match="chưa đăng ký thi đua"):
        services.open_submission(setup.period, other_org, by=other_unit_user)

    assert Submission.objects.count() == 0


@pytest.mark.parametrize("status", [CampaignStatus.DRAFT, CampaignStatus.CLOSED])
def test_open_submission_refuses_a_campaign_that_takes_no_submissions(setup, own_org, unit_user, status):
    setup.campaign.status = status
    setup.campaign.save()

    with pytest.raises(TransitionError):
        services.open_submission(setup.period, own_org, by=unit_user)

    assert Submission.objects.count() == 0


# --- saving ---------------------------------------------------------------------------------


def test_save_values_stores_values_and_raises_the_version(setup, own_org, unit_user):
    submission = services.open_submission(setup.period, own_org, by=unit_user)

    services.save_values(submission, values_for(setup), by=unit_user, version=0)

    row = submission.values.get(criterion=setup.c.vaccinated)
    assert (row.value, row.note, submission.version) == (Decimal("96.50"), "48/50 người", 1)


def test_save_values_with_a_stale_version_raises_conflict_and_changes_nothing(setup, own_org, unit_user):
    submission = services.open_submission(setup.period, own_org, by=unit_user)
    services.save_values(submission, values_for(setup), by=unit_user, version=0)

    with pytest.raises(ConflictError):
        services.save_values(submission, values_for(setup, vaccinated=(Decimal("10"), "")), by=unit_user, version=0)

    row = submission.values.get(criterion=setup.c.vaccinated)
    submission.refresh_from_db()
    assert (row.value, submission.version) == (Decimal("96.50"), 1)


@pytest.mark.parametrize(
    ("status", "allowed"), [(S.DRAFT, True), (S.RETURNED, True), (S.SUBMITTED, False), (S.VERIFIED, False)]
)
def test_save_values_is_allowed_only_while_the_unit_may_edit(setup, own_org, unit_user, status, allowed):
    submission = submission_in(status, setup, own_org, unit_user)
    change = values_for(setup, sales=(Decimal("700"), ""))

    if allowed:
        services.save_values(submission, change, by=unit_user, version=submission.version)
    else:
        with pytest.raises(TransitionError):
            services.save_values(submission, change, by=unit_user, version=submission.version)

    stored = submission.values.get(criterion=setup.c.sales).value
    assert stored == (Decimal("700") if allowed else Decimal("620"))


def test_save_values_in_a_closed_campaign_is_refused(setup, own_org, unit_user):
    submission = submission_in(S.DRAFT, setup, own_org, unit_user)
    setup.campaign.status = CampaignStatus.CLOSED
    setup.campaign.save()

    with pytest.raises(TransitionError, match="không nhận báo cáo kết quả"):
        services.save_values(submission, values_for(setup), by=unit_user, version=submission.version)


# --- evidence -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "allowed"), [(S.DRAFT, True), (S.RETURNED, True), (S.SUBMITTED, False), (S.VERIFIED, False)]
)
def test_add_evidence_is_allowed_only_while_the_unit_may_edit(setup, own_org, unit_user, status, allowed):
    submission = submission_in(status, setup, own_org, unit_user)
    row = submission.values.get(criterion=setup.c.sales)

    if allowed:
        services.add_evidence(row, upload("hop-dong.pdf"), by=unit_user)
    else:
        with pytest.raises(TransitionError):
            services.add_evidence(row, upload("hop-dong.pdf"), by=unit_user)

    assert row.evidence.count() == (1 if allowed else 0)


def test_remove_evidence_deletes_the_row_and_the_stored_file(
    setup, own_org, unit_user, django_capture_on_commit_callbacks
):
    submission = submission_in(S.DRAFT, setup, own_org, unit_user)
    item = Evidence.objects.get(value__submission=submission)
    storage, name = item.file.storage, item.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(item, by=unit_user)

    assert (Evidence.objects.filter(pk=item.pk).exists(), storage.exists(name)) == (False, False)


def test_remove_evidence_of_a_submitted_report_is_refused(setup, own_org, unit_user):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    item = Evidence.objects.get(value__submission=submission)

    with pytest.raises(TransitionError):
        services.remove_evidence(item, by=unit_user)

    assert Evidence.objects.filter(pk=item.pk).exists()


# --- submit ---------------------------------------------------------------------------------


def test_submit_sends_a_complete_draft_and_records_who(setup, own_org, unit_user):
    submission = submission_in(S.DRAFT, setup, own_org, unit_user)

    services.submit(submission, by=unit_user)

    submission.refresh_from_db()
    event = submission.events.first()
    assert (submission.status, submission.submitted_at is not None, event.old_status, event.status, event.by) == (
        S.SUBMITTED,
        True,
        S.DRAFT,
        S.SUBMITTED,
        unit_user,
    )


def test_submit_lists_every_missing_value_and_evidence(setup, own_org, unit_user):
    submission = services.open_submission(setup.period, own_org, by=unit_user)
    services.save_values(submission, values_for(setup, it=(None, ""), initiatives=(None, "")), by=unit_user, version=0)

    with pytest.raises(TransitionError) as raised:
        services.submit(submission, by=unit_user)

    message = str(raised.value)
    assert [code in message for code in ("1.1", "1.2", "2.1", "2.3")] == [True, True, False, True]
    assert Submission.objects.get(pk=submission.pk).status == S.DRAFT


def test_missing_items_name_the_criterion_and_what_is_missing(setup, own_org, unit_user):
    submission = services.open_submission(setup.period, own_org, by=unit_user)

    missing = [(m.criterion.code, m.what) for m in services.missing_items(submission)]

    assert missing == [("1.1", "value"), ("1.1", "evidence"), ("1.2", "value"), ("2.1", "value"), ("2.3", "value")]


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(S.DRAFT, S.SUBMITTED), (S.RETURNED, S.SUBMITTED), (S.SUBMITTED, "same"), (S.VERIFIED, TransitionError)],
)
def test_submit_from_each_state(setup, own_org, unit_user, status, outcome):
    submission = submission_in(status, setup, own_org, unit_user)
    events_before = len(_events(submission))

    if outcome is TransitionError:
        with pytest.raises(TransitionError):
            services.submit(submission, by=unit_user)
    else:
        services.submit(submission, by=unit_user)

    submission.refresh_from_db()
    expected = S.SUBMITTED if outcome == S.SUBMITTED else status
    added = 1 if outcome == S.SUBMITTED else 0
    assert (submission.status, len(_events(submission))) == (expected, events_before + added)


@pytest.mark.parametrize(
    ("local_moment", "late"),
    [
        (dt.datetime(2021, 12, 5, 0, 0), False),
        (dt.datetime(2021, 12, 5, 23, 59, 59), False),
        (dt.datetime(2021, 12, 6, 0, 0), True),
        (dt.datetime(2021, 12, 6, 6, 59), True),  # still 5 December in UTC: the local date counts
    ],
)
def test_submit_marks_late_by_the_local_date_after_the_deadline(
    setup, own_org, unit_user, monkeypatch, local_moment, late
):
    submission = submission_in(S.DRAFT, setup, own_org, unit_user)
    monkeypatch.setattr(timezone, "now", lambda: local_moment.replace(tzinfo=HCM))

    services.submit(submission, by=unit_user)

    submission.refresh_from_db()
    assert submission.is_late is late


def test_resubmitting_after_the_deadline_keeps_an_on_time_report_on_time(
    setup, own_org, unit_user, office_user, monkeypatch
):
    submission = submission_in(S.DRAFT, setup, own_org, unit_user)
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2021, 12, 4, 9, 0, tzinfo=HCM))
    services.submit(submission, by=unit_user)
    services.return_submission(submission, by=office_user, reason="Bổ sung biên bản tiêm chủng")
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2021, 12, 10, 9, 0, tzinfo=HCM))

    services.submit(submission, by=unit_user)

    submission.refresh_from_db()
    assert (submission.status, submission.is_late, submission.return_reason) == (S.SUBMITTED, False, "")


# --- return ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(S.DRAFT, TransitionError), (S.SUBMITTED, S.RETURNED), (S.RETURNED, "same"), (S.VERIFIED, TransitionError)],
)
def test_return_from_each_state(setup, own_org, unit_user, office_user, status, outcome):
    submission = submission_in(status, setup, own_org, unit_user)
    events_before = len(_events(submission))

    if outcome is TransitionError:
        with pytest.raises(TransitionError):
            services.return_submission(submission, by=office_user, reason="Thiếu số liệu")
    else:
        services.return_submission(submission, by=office_user, reason="Thiếu số liệu")

    submission.refresh_from_db()
    expected = S.RETURNED if outcome == S.RETURNED else status
    assert (submission.status, len(_events(submission))) == (expected, events_before + (outcome == S.RETURNED))


def test_return_records_the_reason_the_unit_sees(setup, own_org, unit_user, office_user):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)

    services.return_submission(submission, by=office_user, reason="  Thiếu biên bản tiêm chủng  ")

    submission.refresh_from_db()
    event = submission.events.first()
    assert (submission.return_reason, event.reason, event.by) == (
        "Thiếu biên bản tiêm chủng",
        "Thiếu biên bản tiêm chủng",
        office_user,
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_without_a_reason_is_refused(setup, own_org, unit_user, office_user, reason):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)

    with pytest.raises(TransitionError, match="Hãy ghi lý do"):
        services.return_submission(submission, by=office_user, reason=reason)

    assert Submission.objects.get(pk=submission.pk).status == S.SUBMITTED


# --- verify ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(S.DRAFT, TransitionError), (S.SUBMITTED, S.VERIFIED), (S.RETURNED, TransitionError), (S.VERIFIED, "same")],
)
def test_verify_from_each_state(setup, own_org, unit_user, office_user, status, outcome):
    submission = submission_in(status, setup, own_org, unit_user)
    events_before = len(_events(submission))
    scores = {setup.c.initiatives.pk: Decimal("8")}

    if outcome is TransitionError:
        with pytest.raises(TransitionError):
            services.verify(submission, by=office_user, staff_scores=scores)
    else:
        services.verify(submission, by=office_user, staff_scores=scores)

    submission.refresh_from_db()
    expected = S.VERIFIED if outcome == S.VERIFIED else status
    assert (submission.status, len(_events(submission))) == (expected, events_before + (outcome == S.VERIFIED))


def test_verify_stores_staff_scores_and_locks(setup, own_org, unit_user, office_user):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)

    services.verify(submission, by=office_user, staff_scores={setup.c.initiatives.pk: Decimal("7.5")})

    submission.refresh_from_db()
    score = submission.values.get(criterion=setup.c.initiatives).staff_score
    assert (submission.is_locked, submission.verified_by, score) == (True, office_user, Decimal("7.50"))


@pytest.mark.parametrize(
    "scores",
    ["none", "empty", "minus", "above"],
    ids=["none", "empty", "negative", "above-maximum"],
)
def test_verify_refuses_a_missing_or_out_of_range_qualitative_score(setup, own_org, unit_user, office_user, scores):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    pk = setup.c.initiatives.pk
    scores = {"none": None, "empty": {}, "minus": {pk: Decimal("-1")}, "above": {pk: Decimal("10.01")}}[scores]

    with pytest.raises(TransitionError, match="2.3"):
        services.verify(submission, by=office_user, staff_scores=scores)

    assert Submission.objects.get(pk=submission.pk).status == S.SUBMITTED


def test_verify_refuses_a_staff_score_for_a_criterion_the_unit_measures(setup, own_org, unit_user, office_user):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    scores = {setup.c.initiatives.pk: Decimal("5"), setup.c.sales.pk: Decimal("20")}

    with pytest.raises(TransitionError):
        services.verify(submission, by=office_user, staff_scores=scores)

    assert Submission.objects.get(pk=submission.pk).status == S.SUBMITTED


# --- reopen ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(S.DRAFT, TransitionError), (S.SUBMITTED, TransitionError), (S.RETURNED, "same"), (S.VERIFIED, S.RETURNED)],
)
def test_reopen_from_each_state(setup, own_org, unit_user, office_user, status, outcome):
    submission = submission_in(status, setup, own_org, unit_user)
    events_before = len(_events(submission))

    if outcome is TransitionError:
        with pytest.raises(TransitionError):
            services.reopen(submission, by=office_user, reason="Số liệu doanh số chưa khớp hóa đơn")
    else:
        services.reopen(submission, by=office_user, reason="Số liệu doanh số chưa khớp hóa đơn")

    submission.refresh_from_db()
    expected = S.RETURNED if outcome == S.RETURNED else status
    assert (submission.status, len(_events(submission))) == (expected, events_before + (outcome == S.RETURNED))


def test_reopen_unlocks_with_the_reason_and_forgets_the_verification(setup, own_org, unit_user, office_user):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    services.verify(submission, by=office_user, staff_scores={setup.c.initiatives.pk: Decimal("8")})

    services.reopen(submission, by=office_user, reason="Số liệu doanh số chưa khớp hóa đơn")

    submission.refresh_from_db()
    assert (submission.is_locked, submission.is_editable_by_unit, submission.verified_by, submission.return_reason) == (
        False,
        True,
        None,
        "Số liệu doanh số chưa khớp hóa đơn",
    )


def test_reopen_without_a_reason_is_refused(setup, own_org, unit_user, office_user):
    submission = submission_in(S.VERIFIED, setup, own_org, unit_user)

    with pytest.raises(TransitionError):
        services.reopen(submission, by=office_user, reason=" ")

    assert Submission.objects.get(pk=submission.pk).status == S.VERIFIED


# --- a closed campaign ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.DRAFT, "submit"),
        (S.SUBMITTED, "return"),
        (S.SUBMITTED, "verify"),
        (S.VERIFIED, "reopen"),
    ],
)
def test_closed_campaign_refuses_every_transition(setup, own_org, unit_user, office_user, status, action):
    submission = submission_in(status, setup, own_org, unit_user)
    setup.campaign.status = CampaignStatus.CLOSED
    setup.campaign.save()
    calls = {
        "submit": lambda: services.submit(submission, by=unit_user),
        "return": lambda: services.return_submission(submission, by=office_user, reason="Thiếu"),
        "verify": lambda: services.verify(submission, by=office_user, staff_scores={setup.c.initiatives.pk: 5}),
        "reopen": lambda: services.reopen(submission, by=office_user, reason="Sai số liệu"),
    }

    with pytest.raises(TransitionError):
        calls[action]()

    assert Submission.objects.get(pk=submission.pk).status == status


# --- the whole round ------------------------------------------------------------------------


def test_a_report_goes_round_returned_fixed_resubmitted_and_verified(setup, own_org, unit_user, office_user):
    submission = submission_in(S.DRAFT, setup, own_org, unit_user)

    services.submit(submission, by=unit_user)
    services.return_submission(submission, by=office_user, reason="Doanh số chưa có hóa đơn")
    services.save_values(
        submission, values_for(setup, sales=(Decimal("580"), "Có hóa đơn")), by=unit_user, version=submission.version
    )
    services.submit(submission, by=unit_user)
    services.verify(submission, by=office_user, staff_scores={setup.c.initiatives.pk: Decimal("9")})

    assert _events(submission) == [
        ("", S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.RETURNED),
        (S.RETURNED, S.SUBMITTED),
        (S.SUBMITTED, S.VERIFIED),
    ]
