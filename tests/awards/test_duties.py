"""Separation of duties on decisions and proposals (issue 16, item 3; issue 23, item 7).

The office prepares; a leader approves the draft as it stands (a fingerprint of its content);
only an approved, unchanged draft is issued. A document's date is never before what it cites
nor after today. A leader who turns an earlier decision on a nomination round gives a reason.
The attacks of the issue are written here as they were tried.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    CouncilSessionFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    ReportingPeriodFactory,
    SignerFactory,
    UserFactory,
    leader_approves,
)

from awards import council
from awards.approval import fingerprint, fingerprint_of
from awards.dating import Cited, date_error
from awards.decisions import approve_draft, awards_of, issue, issue_decision, prepare_decision, prepare_proposal
from awards.models import (
    AwardIssuer,
    Decision,
    DecisionApproval,
    LegalParameter,
    NominationEvent,
    NominationStatus,
)
from core.errors import TransitionError
from documents.models import IssuedDocument
from members.models import Role

pytestmark = pytest.mark.usefixtures("english")

DAY = dt.date(2022, 2, 25)


@pytest.fixture
def campaign(db):
    return CampaignFactory(plan_number=514, plan_date=dt.date(2021, 11, 8))


@pytest.fixture
def nomination(demo_parameters, campaign):
    SignerFactory()
    org = OrganizationFactory(name="Hợp tác xã Nông nghiệp Ea Pô")
    person = PersonFactory(full_name="Hoàng Thị Lan", organization=org, position="Xã viên")
    return NominationFactory(
        campaign=campaign,
        award_type=AwardTypeFactory(name="Giấy khen của Chủ tịch Liên minh HTX tỉnh", short_name="Giấy khen"),
        nominee_kind="individual",
        organization=org,
        person=person,
        status=NominationStatus.APPROVED,
    )


@pytest.fixture
def draft(nomination, campaign, office_user):
    return prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY)


def _nothing_issued(decision):
    decision.refresh_from_db()
    return (decision.status, decision.document_id, IssuedDocument.objects.count()) == ("draft", None, 0)


# --- the leadership approves, the register issues only what was approved ----------------------


def test_the_office_cannot_issue_a_decision_by_itself(draft, office_user):
    with pytest.raises(TransitionError, match="has not approved"):
        issue_decision(draft, by=office_user)

    assert _nothing_issued(draft)
    assert NominationEvent.objects.count() == 0


def test_the_office_posting_issue_is_told_why_and_nothing_is_stored(draft, client_for, office_user):
    client = client_for(office_user)
    client.cookies["django_language"] = "en"

    response = client.post(reverse("awards:decision_issue", args=[draft.pk]), follow=True)

    assert "has not approved this draft" in response.content.decode()
    assert _nothing_issued(draft)


@pytest.mark.parametrize("role", [Role.OFFICE, Role.COUNCIL, Role.UNIT])
def test_only_a_leader_approves_as_a_service(draft, role):
    with pytest.raises(TransitionError):
        approve_draft(draft, by=UserFactory(role=role))

    assert DecisionApproval.objects.count() == 0


def test_a_superuser_is_not_the_leadership(draft):
    admin = UserFactory(role="", is_superuser=True, is_staff=True)

    with pytest.raises(TransitionError):
        approve_draft(draft, by=admin)


def test_the_office_posting_approve_is_refused_403(draft, client_for, office_user):
    response = client_for(office_user).post(reverse("awards:decision_approve", args=[draft.pk]))

    assert (response.status_code, DecisionApproval.objects.count()) == (403, 0)


def test_a_leader_approves_in_the_browser_then_the_office_issues(draft, client_for, leader_user, office_user):
    response = client_for(leader_user).post(reverse("awards:decision_approve", args=[draft.pk]))
    approval = DecisionApproval.objects.get()

    assert (response.status_code, approval.approved_by, approval.fingerprint) == (
        302,
        leader_user,
        fingerprint_of(draft, awards_of(draft)),
    )
    client_for(office_user).post(reverse("awards:decision_issue", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "issued"


def test_the_draft_page_says_who_approved_and_the_leader_sees_approve(draft, client_for, leader_user):
    client = client_for(leader_user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("awards:decision_detail", args=[draft.pk])).content.decode()
    assert "Waiting for the leadership&#x27;s approval" in page or "Waiting for the leadership's approval" in page
    assert reverse("awards:decision_approve", args=[draft.pk]) in page

    approve_draft(draft, by=leader_user)
    page = client.get(reverse("awards:decision_detail", args=[draft.pk])).content.decode()

    assert "it will be issued exactly as approved" in page
    assert reverse("awards:decision_approve", args=[draft.pk]) not in page


def test_a_name_edited_after_the_approval_voids_it(draft, nomination, office_user, leader_user):
    approve_draft(draft, by=leader_user)
    nomination.person.full_name = "Hoàng Thị Lan Anh"
    nomination.person.save()

    with pytest.raises(TransitionError, match="changed after the leadership approved it"):
        issue_decision(draft, by=office_user)
    assert _nothing_issued(draft)

    approve_draft(draft, by=leader_user)  # the leader sees the new name and approves again
    issue_decision(draft, by=office_user)
    draft.refresh_from_db()
    assert draft.status == "issued"


def test_a_signer_or_date_changed_after_the_approval_voids_it(draft, office_user, leader_user):
    approve_draft(draft, by=leader_user)
    Decision.objects.filter(pk=draft.pk).update(signer=SignerFactory(full_name="Người khác", is_default=False))
    draft.refresh_from_db()

    with pytest.raises(TransitionError):
        issue_decision(draft, by=office_user)

    approve_draft(draft, by=leader_user)
    Decision.objects.filter(pk=draft.pk).update(decided_on=dt.date(2022, 2, 26))
    draft.refresh_from_db()
    with pytest.raises(TransitionError):
        issue_decision(draft, by=office_user)
    assert _nothing_issued(draft)


def test_a_parameter_corrected_after_the_approval_voids_it(draft, office_user, leader_user):
    approve_draft(draft, by=leader_user)
    LegalParameter.objects.create(
        key="base_salary", value=2_000_000, valid_from=dt.date(2022, 1, 1), source="Đính chính"
    )

    with pytest.raises(TransitionError, match="changed after"):
        issue_decision(draft, by=office_user)
    assert _nothing_issued(draft)


def test_a_proposal_needs_the_leaders_approval_too(nomination, campaign, office_user):
    upward = AwardTypeFactory(issuer=AwardIssuer.PROVINCE, coefficient_key="", name="Bằng khen của Chủ tịch UBND tỉnh")
    nomination.award_type = upward
    nomination.save()
    proposal = prepare_proposal(campaign, [nomination], addressee=AwardIssuer.PROVINCE, by=office_user, decided_on=DAY)

    with pytest.raises(TransitionError, match="has not approved"):
        issue(proposal, by=office_user)

    leader_approves(proposal)
    issue(proposal, by=office_user)
    proposal.refresh_from_db()
    assert proposal.document.reference.endswith("/TTr-LMHTX")


def test_the_fingerprint_is_canonical():
    assert fingerprint({"b": 1, "a": "Ư"}) == fingerprint({"a": "Ư", "b": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
    assert len(fingerprint({})) == 64


# --- the document's date ------------------------------------------------------------------


def test_date_error_names_the_latest_thing_cited_and_today():
    today = dt.date(2026, 12, 4)
    cited = [Cited("the plan", dt.date(2026, 1, 5)), Cited("the Council session", dt.date(2026, 11, 12))]

    assert "the Council session (12/11/2026)" in date_error(dt.date(2021, 3, 1), cited, today)
    assert "later than today (04/12/2026)" in date_error(dt.date(2026, 12, 5), cited, today)
    assert date_error(dt.date(2026, 11, 12), cited, today) is None
    assert date_error(dt.date(2026, 11, 16), [Cited("x", None)], today) is None


def test_the_office_dating_a_decision_01_03_2021_before_the_plan_and_the_minutes_of_2026_fails(
    demo_parameters, office_user
):
    """The attack as written: a decision dated 01/03/2021, before the plan it cites and the Council's 2026 minutes."""
    SignerFactory()
    campaign = CampaignFactory(
        plan_date=dt.date(2026, 1, 5), starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31)
    )
    session = CouncilSessionFactory(campaign=campaign, held_on=dt.date(2026, 11, 12), status="closed")
    nomination = NominationFactory(campaign=campaign, session=session, status=NominationStatus.APPROVED)

    with pytest.raises(TransitionError, match="cannot be earlier than the Council session"):
        prepare_decision(campaign, [nomination], by=office_user, decided_on=dt.date(2021, 3, 1))
    with pytest.raises(TransitionError, match="cannot be later than today"):
        prepare_decision(campaign, [nomination], by=office_user, decided_on=timezone.localdate() + dt.timedelta(days=1))

    assert Decision.objects.count() == 0


def test_a_date_before_the_first_period_ends_is_refused(nomination, campaign, office_user):
    ReportingPeriodFactory(
        campaign=campaign, starts_on=dt.date(2022, 2, 1), ends_on=dt.date(2022, 2, 28), deadline=dt.date(2022, 3, 5)
    )

    with pytest.raises(TransitionError, match="first reporting period"):
        prepare_decision(campaign, [nomination], by=office_user, decided_on=DAY)


def test_the_prepare_form_puts_the_date_message_on_its_field(nomination, campaign, client_for, office_user):
    client = client_for(office_user)
    client.cookies["django_language"] = "en"
    url = reverse("awards:decision_prepare", args=["decision"]) + f"?campaign={campaign.pk}"

    response = client.post(url, {"nominations": [nomination.pk], "decided_on": "01/03/2021"})

    assert response.status_code == 200
    assert "cannot be earlier than the campaign's plan (08/11/2021)" in " ".join(
        response.context["form"].errors["decided_on"]
    )
    assert Decision.objects.count() == 0


def test_the_draft_page_says_which_parameters_and_dates_the_amounts_use(draft, client_for, office_user):
    client = client_for(office_user)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("awards:decision_detail", args=[draft.pk]))

    used = response.context["parameters"]
    base = next(row for row in used if row.key == "base_salary")
    assert base == LegalParameter.objects.filter(key="base_salary", valid_from__lte=DAY).order_by("-valid_from").first()
    assert "The amounts use the legal parameters in force on" in response.content.decode()


# --- reversing a leader's decision on a nomination (issue 23) ----------------------------------


@pytest.fixture
def passed(campaign):
    return NominationFactory(campaign=campaign, status=NominationStatus.PASSED)


def test_reversing_a_rejection_needs_a_reason_kept_in_the_history(passed, leader_user):
    council.reject(passed, by=leader_user, comment="Hồ sơ thiếu xác nhận.")

    with pytest.raises(TransitionError, match="reversed"):
        council.approve(passed, by=leader_user, comment="  ")
    passed.refresh_from_db()
    assert passed.status == NominationStatus.REJECTED

    council.approve(passed, by=leader_user, comment="Đã bổ sung xác nhận của UBND xã.")
    event = NominationEvent.objects.filter(nomination=passed).order_by("-pk").first()
    assert (event.old_status, event.status, event.note, event.by) == (
        "rejected",
        "approved",
        "Đã bổ sung xác nhận của UBND xã.",
        leader_user,
    )


def test_approving_a_passed_nomination_still_needs_no_reason(passed, leader_user):
    council.approve(passed, by=leader_user)

    passed.refresh_from_db()
    assert passed.status == NominationStatus.APPROVED
    assert not council.reverses(NominationStatus.PASSED, NominationStatus.APPROVED)
    assert council.reverses(NominationStatus.APPROVED, NominationStatus.REJECTED)


def test_the_approve_page_requires_the_reason_when_it_reverses(passed, leader_user, client_for):
    council.reject(passed, by=leader_user, comment="Chưa đủ điều kiện.")
    client = client_for(leader_user)
    client.cookies["django_language"] = "en"
    url = reverse("awards:nomination_approve", args=[passed.pk])

    response = client.post(url, {"comment": ""})

    passed.refresh_from_db()
    assert (response.status_code, passed.status) == (200, NominationStatus.REJECTED)
    assert response.context["form"].errors["comment"] == [
        "Say why the earlier decision on this nomination is reversed."
    ]
