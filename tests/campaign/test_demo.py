"""The demo: plan 514/KH-LMHTX as a running campaign, loaded twice without a duplicate row."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from campaign.demo import CampaignDemo
from campaign.models import (
    Campaign,
    CampaignStatus,
    Evidence,
    GroupingLevel,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from documents.demo import load_issuers
from documents.models import IssuedDocument
from members.demo import DemoBuilder
from members.models import User


def _row_counts():
    return {model.__name__: model.objects.count() for model in apps.get_app_config("campaign").get_models()}


@pytest.fixture
def registry(db):
    DemoBuilder().build()
    load_issuers()  # the plan is issued under the Đắk Nông identity of 2021


@pytest.fixture
def loaded_twice(registry):
    """The demo takes seconds to build: the tests of its content share the second load."""
    CampaignDemo().build()
    first = _row_counts()
    summary = CampaignDemo().build()
    return first, summary


def test_demo_loads_twice_without_duplicates(loaded_twice):
    first, summary = loaded_twice

    assert (_row_counts(), summary.startswith("Campaigns: 3 ")) == (first, True)


def test_demo_issues_plan_514_once_as_the_seed_numbers_it(loaded_twice):
    plan = Campaign.objects.get(plan_number=514)

    document = IssuedDocument.objects.get(issued_on__year=2021)
    assert (document.reference, document.issued_on, document.related) == ("514/KH-LMHTX", dt.date(2021, 11, 8), plan)


def test_demo_carries_the_facts_texts_and_states_of_plan_514(loaded_twice):
    plan = Campaign.objects.get(plan_number=514)

    facts = {
        "date": plan.plan_date,
        "status": plan.status,
        "grouping": plan.grouping_level,
        "dates": (plan.starts_on, plan.ends_on),
        "bases": [(b.number, b.issued_on) for b in plan.legal_bases.all()],
        "periods": [(p.name, p.deadline) for p in plan.periods.all()],
        "points": sum(c.max_points for c in plan.criteria.all()),
        "criteria": plan.criteria.count(),
        "bands": [(b.name, b.min_score) for b in plan.bands.all()],
    }

    assert facts == {
        "date": dt.date(2021, 11, 8),
        "status": CampaignStatus.RUNNING,
        "grouping": GroupingLevel.DISTRICT,
        "dates": (dt.date(2021, 11, 8), dt.date(2022, 1, 31)),
        "bases": [
            ("747/KH-LMHTXVN", dt.date(2021, 10, 19)),
            ("1497/QĐ-TTg", dt.date(2021, 9, 10)),
            ("19/CT-TTg", None),
            ("503/CTr-LMHTXVN", dt.date(2021, 8, 4)),
            ("630/LMHTXVN-CSPT", dt.date(2021, 9, 15)),
            ("105/NQ-CP", dt.date(2021, 9, 9)),
        ],
        "periods": [
            ("Tháng 11/2021", dt.date(2021, 12, 5)),
            ("Tháng 12/2021", dt.date(2022, 1, 5)),
            ("Tháng 01/2022", dt.date(2022, 2, 5)),
        ],
        "points": Decimal("100"),
        "criteria": 11,
        "bands": [("Xuất sắc", 90), ("Tốt", 75), ("Khá", 60), ("Hoàn thành", 50)],
    }
    assert plan.name.startswith("Triển khai phong trào thi đua đặc biệt “Liên minh Hợp tác xã tỉnh Đắk Nông")
    assert plan.purpose.split("\n\n")[0] == "**1. Mục đích**"
    assert plan.content.split("\n\n")[1].startswith("**2.1. Quán triệt, triển khai thực hiện đồng bộ Chỉ thị")
    assert plan.solutions.split("\n\n")[1].startswith("**3.1.** Phát động, tổ chức triển khai")
    assert plan.closing.endswith("nghiêm túc triển khai thực hiện./.")
    assert "MỤC ĐÍCH, YÊU CẦU" not in plan.purpose + plan.requirements
    states = set(Submission.objects.filter(period__campaign=plan).values_list("status", flat=True))
    unit = User.objects.get(username="donvi1")
    own = set(Submission.objects.filter(organization=unit.organization).values_list("status", flat=True))
    others = {c.status: c.criteria.count() for c in Campaign.objects.exclude(pk=plan.pk)}

    assert states == set(SubmissionStatus.values)
    assert own == {SubmissionStatus.VERIFIED, SubmissionStatus.RETURNED, SubmissionStatus.DRAFT}
    assert others == {CampaignStatus.CLOSED: 4, CampaignStatus.RUNNING: 5}
    assert Submission.objects.filter(period__campaign=plan, is_late=True).exists()
    assert Evidence.objects.filter(value__submission__period__campaign=plan).exists()
    assert plan.violations.filter(effect="veto").count() == 1


def test_demo_runs_the_2026_campaign_of_lam_dong_grouped_by_province(loaded_twice):
    campaign = Campaign.objects.get(short_name="Thi đua chuyển đổi số HTX 2026")
    plan = IssuedDocument.objects.get(issued_on__year=2026)
    regular_2020 = Campaign.objects.get(plan_number=12)

    assert (campaign.status, campaign.grouping_level, campaign.copied_from) == (
        CampaignStatus.RUNNING,
        GroupingLevel.PROVINCE,
        regular_2020,
    )
    assert (plan.reference, plan.issuer.place, plan.related) == ("21/KH-LMHTX", "Lâm Đồng", campaign)
    assert campaign.criteria.count() == 5 and sum(c.max_points for c in campaign.criteria.all()) == 100
    assert Submission.objects.filter(period__campaign=campaign, status=SubmissionStatus.VERIFIED).count() > 200


def test_an_organization_of_the_former_dak_nong_ranks_under_its_district_in_2021_and_lam_dong_in_2026(
    loaded_twice,
):
    from campaign.ranking import cumulative_scores

    in_2021 = {s.organization_id: s.area for s in cumulative_scores(Campaign.objects.get(plan_number=514))}
    in_2026 = {s.organization_id: s.area for s in cumulative_scores(Campaign.objects.get(grouping_level="province"))}
    both = set(in_2021) & set(in_2026)

    assert both
    assert {in_2021[pk] for pk in both} <= {
        "Thành phố Gia Nghĩa", "Huyện Cư Jút", "Huyện Đắk Mil", "Huyện Krông Nô",
        "Huyện Đắk Song", "Huyện Đắk R'Lấp", "Huyện Đắk Glong", "Huyện Tuy Đức",
    }  # fmt: skip
    assert {in_2026[pk] for pk in both} == {"Tỉnh Lâm Đồng"}


# What the submission workflow's services allow: (status before, status after).
WORKFLOW = {
    ("", SubmissionStatus.DRAFT),
    (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED),
    (SubmissionStatus.RETURNED, SubmissionStatus.SUBMITTED),
    (SubmissionStatus.SUBMITTED, SubmissionStatus.RETURNED),
    (SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED),
    (SubmissionStatus.VERIFIED, SubmissionStatus.RETURNED),
}


def test_the_demo_history_is_written_by_the_services_under_the_clock_of_each_event(loaded_twice):
    """Every submission's events are a legal run of the workflow, in the order they happened,
    and each stamp the service wrote with its event reads the same stopped clock: a row written
    by hand beside the service, or dated afterwards, would not match it."""
    problems = []
    submissions = Submission.objects.select_related("period").prefetch_related("events", "values__evidence")
    for submission in submissions:
        events = sorted(submission.events.all(), key=lambda e: e.pk)
        steps = [(e.old_status, e.status) for e in events]
        chained = all(before[1] == after[0] for before, after in zip(steps, steps[1:], strict=False))
        sent = [e.at for e in events if e.status == SubmissionStatus.SUBMITTED]
        verified = [e.at for e in events if e.status == SubmissionStatus.VERIFIED]
        evidence = {f.uploaded_at for v in submission.values.all() for f in v.evidence.all()}
        facts = (
            set(steps) <= WORKFLOW and chained and steps[0] == ("", SubmissionStatus.DRAFT),
            events[-1].status == submission.status,
            [e.at for e in events] == sorted(e.at for e in events),
            (submission.created_at, submission.updated_at) == (events[0].at, events[-1].at),
            submission.submitted_at == (sent[-1] if sent else None),
            submission.verified_at == (verified[-1] if submission.status == SubmissionStatus.VERIFIED else None),
            submission.is_late == bool(sent and timezone.localdate(sent[0]) > submission.period.deadline),
            evidence <= set(sent),
        )
        if not all(facts):
            problems.append((submission.pk, steps, facts))
    assert problems == []


def test_the_demo_carries_the_dates_of_its_events_and_none_after_now(loaded_twice):
    plan = Campaign.objects.get(plan_number=514)
    lam_dong = Campaign.objects.get(grouping_level=GroupingLevel.PROVINCE)
    now = timezone.now()

    def days(rows, field):
        values = [getattr(row, field) for row in rows]
        return (timezone.localdate(min(values)), timezone.localdate(max(values)))

    assert [(t.status, timezone.localdate(t.changed_at)) for t in plan.transitions.order_by("pk")] == [
        (CampaignStatus.LAUNCHED, dt.date(2021, 11, 8)),
        (CampaignStatus.RUNNING, dt.date(2021, 11, 15)),
    ]
    registered = days(plan.registrations.all(), "registered_at")
    reported = days(SubmissionEvent.objects.filter(submission__period__campaign=plan), "at")
    registered_2026 = days(lam_dong.registrations.all(), "registered_at")

    assert dt.date(2021, 11, 9) <= registered[0] and registered[1] <= dt.date(2021, 11, 26)
    assert registered[0] < reported[0] and reported[1] < dt.date(2022, 2, 15)  # before the Council sat
    assert {v.recorded_at.year for v in plan.violations.all()} == {2021, 2022}
    assert dt.date(2026, 6, 16) <= registered_2026[0] and registered_2026[1] <= dt.date(2026, 6, 30)
    events = SubmissionEvent.objects.order_by("pk")
    # Replayed in the order it happened: the rows were written in the order of their moments.
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert max(e.at for e in events) <= now
    assert Campaign.history.filter(history_date__gt=now).count() == 0
