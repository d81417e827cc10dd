"""Who reaches what: every address that takes an object id, for every role.

The unit under test owns the objects; `other_unit` is a unit representative of another
organization, who must not even learn that they exist (404).
"""

import datetime as dt

import pytest
from django.contrib.auth.views import redirect_to_login
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from factories import (
    IssuedDocumentFactory,
    OrganizationFactory,
    PersonFactory,
    SignerFactory,
    UserFactory,
    ViolationFactory,
)

from awards.models import LegalParameter
from members.models import ImportJob, ImportKind, Role

LOGIN = "login"  # anonymous: sent to the login page
ROLES = ["anonymous", "other_unit", "unit", "council", "leader", "office"]

# url name -> the object it is asked for -> expected answer per role, in the order of ROLES.
ACCESS = {
    "members:organization_detail": ("org", [LOGIN, 404, 200, 200, 200, 200]),
    "members:organization_edit": ("org", [LOGIN, 404, 200, 403, 403, 200]),
    "members:organization_status": ("org", [LOGIN, 404, 403, 403, 403, 200]),
    "members:organization_history": ("org", [LOGIN, 404, 200, 200, 200, 200]),
    "members:person_detail": ("person", [LOGIN, 404, 200, 200, 200, 200]),
    "members:person_edit": ("person", [LOGIN, 404, 200, 403, 403, 200]),
    "members:person_history": ("person", [LOGIN, 404, 200, 200, 200, 200]),
    # Imports, accounts and areas are not a unit's data: the page itself is refused.
    "members:import_detail": ("job", [LOGIN, 403, 403, 403, 403, 200]),
    "members:import_progress": ("job", [LOGIN, 403, 403, 403, 403, 200]),
    "members:account_edit": ("account", [LOGIN, 403, 403, 403, 403, 200]),
    "members:account_password": ("account", [LOGIN, 403, 403, 403, 403, 200]),
    "members:area_detail": ("area", [LOGIN, 403, 403, 200, 200, 200]),
    # Submissions: the campaign is shared, a unit's report and its files are not.
    "campaign:my_submissions": ("campaign", [LOGIN, 200, 200, 403, 403, 403]),
    "campaign:submission_queue": ("campaign", [LOGIN, 403, 403, 200, 200, 200]),
    "campaign:submission_start": ("period", [405] * 6),  # POST only
    "campaign:submission_detail": ("submission", [LOGIN, 404, 200, 200, 200, 200]),
    "campaign:submission_edit": ("submission", [LOGIN, 404, 200, 403, 403, 403]),
    "campaign:submission_submit": ("submission", [LOGIN, 404, 200, 403, 403, 403]),
    "campaign:submission_verify": ("submission", [LOGIN, 404, 403, 403, 403, 200]),
    "campaign:submission_return": ("submission", [LOGIN, 404, 403, 403, 403, 200]),
    "campaign:submission_reopen": ("submission", [LOGIN, 404, 403, 403, 403, 200]),
    "campaign:evidence_download": ("evidence", [LOGIN, 404, 200, 200, 200, 200]),
    # The document layer belongs to the staff: the office writes, the leadership reads.
    "documents:issuer_edit": ("issuer", [LOGIN, 403, 403, 403, 403, 200]),
    "documents:issuer_preview": ("issuer", [LOGIN, 403, 403, 403, 200, 200]),
    "documents:register_download": ("document", [LOGIN, 403, 403, 403, 200, 200]),
    # Rankings and scorecards (campaign/views/rankings.py); violations are the office's to change.
    "campaign:rankings": ("campaign", [LOGIN, 200, 200, 200, 200, 200]),
    "campaign:scorecard": ("campaign_unit", [LOGIN, 404, 200, 200, 200, 200]),
    "campaign:violation_list": ("campaign", [LOGIN, 403, 403, 200, 200, 200]),
    "campaign:violation_create": ("campaign", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:violation_edit": ("violation", [LOGIN, 404, 403, 403, 403, 200]),
    "campaign:violation_delete": ("violation", [LOGIN, 404, 403, 403, 403, 200]),
    # Campaigns: "campaign" is running (units see it), "draft" holds the criteria editor's objects.
    "campaign:campaign_detail": ("campaign", [LOGIN, 200, 200, 200, 200, 200]),
    "campaign:campaign_edit": ("campaign", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:campaign_launch": ("campaign", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:campaign_start": ("campaign", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:campaign_review": ("campaign", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:campaign_close": ("campaign", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:period_create": ("campaign", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:period_generate": ("campaign", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:period_edit": ("period", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:period_delete": ("period", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:group_create": ("draft", [LOGIN, 404, 404, 403, 403, 200]),
    "campaign:group_edit": ("group", [LOGIN, 404, 404, 403, 403, 200]),
    "campaign:group_delete": ("group", [LOGIN, 404, 404, 403, 403, 200]),
    "campaign:group_up": ("group", [LOGIN, 405, 405, 405, 405, 405]),  # POST only
    "campaign:group_down": ("group", [LOGIN, 405, 405, 405, 405, 405]),
    "campaign:criterion_create": ("draft", [LOGIN, 404, 404, 403, 403, 200]),
    "campaign:criteria_copy": ("draft", [LOGIN, 404, 404, 403, 403, 200]),
    "campaign:criterion_edit": ("criterion", [LOGIN, 404, 404, 403, 403, 200]),
    "campaign:criterion_delete": ("criterion", [LOGIN, 404, 404, 403, 403, 200]),
    "campaign:band_create": ("draft", [LOGIN, 404, 404, 403, 403, 200]),
    "campaign:band_edit": ("band", [LOGIN, 404, 404, 403, 403, 200]),
    "campaign:band_delete": ("band", [LOGIN, 404, 404, 403, 403, 200]),
    # The unit is already registered: its form leads to its registration (302).
    "campaign:registration_create": ("campaign", [LOGIN, 200, 302, 403, 403, 200]),
    "campaign:registration_overview": ("campaign", [LOGIN, 403, 403, 200, 200, 200]),
    "campaign:registration_detail": ("registration", [LOGIN, 404, 200, 200, 200, 200]),
    "campaign:registration_edit": ("registration", [LOGIN, 404, 200, 403, 403, 200]),
    # The plan as a document: staff preview it, the office issues it, whoever sees the campaign downloads it.
    "campaign:plan_issue": ("campaign", [LOGIN, 403, 403, 403, 403, 200]),
    "campaign:plan_preview": ("campaign", [LOGIN, 403, 403, 403, 200, 200]),
    "campaign:plan_download": ("campaign", [LOGIN, 404, 404, 404, 404, 404]),  # not issued yet
    # Legal parameters are not a unit's data; only the office changes an upcoming value.
    "awards:value_edit": ("parameter", [LOGIN, 403, 403, 403, 403, 200]),
    "awards:value_delete": ("parameter", [LOGIN, 403, 403, 403, 403, 200]),
    # Award types are the office's; households, initiatives and nominations belong to their unit
    # (awards/views/nominations.py). "nomination" is a draft of own_org; the Council reads it.
    "awards:award_type_edit": ("award_type", [LOGIN, 403, 403, 403, 403, 200]),
    "awards:household_edit": ("household", [LOGIN, 404, 200, 403, 403, 200]),
    "awards:initiative_edit": ("initiative", [LOGIN, 404, 200, 403, 403, 200]),
    "awards:nomination_detail": ("nomination", [LOGIN, 404, 200, 200, 200, 200]),
    "awards:nomination_edit": ("nomination", [LOGIN, 404, 200, 403, 403, 200]),
    "awards:nomination_submit": ("nomination", [LOGIN, 404, 200, 403, 403, 200]),
    "awards:nomination_check": ("nomination", [LOGIN, 404, 403, 403, 403, 200]),
    "awards:attachment_download": ("attachment", [LOGIN, 404, 200, 200, 200, 200]),
    "awards:attachment_delete": ("attachment", [LOGIN, 404, 200, 403, 403, 200]),
    # Council sessions (awards/views/council.py): the office runs them, the Council votes, staff read;
    # the session's minutes are not issued yet. The shortlist is the leadership's to approve.
    "awards:session_detail": ("session", [LOGIN, 403, 403, 200, 200, 200]),
    "awards:session_edit": ("session", [LOGIN, 403, 403, 403, 403, 200]),
    "awards:session_agenda": ("session", [LOGIN, 403, 403, 403, 403, 200]),
    "awards:session_vote": ("session", [LOGIN, 403, 403, 200, 403, 403]),
    "awards:session_close": ("session", [LOGIN, 403, 403, 403, 403, 200]),
    "awards:minutes_preview": ("session", [LOGIN, 403, 403, 403, 403, 200]),
    "awards:minutes_download": ("session", [LOGIN, 403, 403, 404, 404, 404]),
    "awards:shortlist": ("campaign", [LOGIN, 403, 403, 403, 200, 200]),
    "awards:shortlist_approve_all": ("campaign", [LOGIN, 403, 403, 403, 200, 403]),
    "awards:nomination_approve": ("passed_nomination", [LOGIN, 403, 403, 403, 200, 403]),
    "awards:nomination_reject": ("passed_nomination", [LOGIN, 403, 403, 403, 200, 403]),
    # Decisions and proposals: "decision" is a draft (units never see drafts), "issued_decision" awards own_org.
    "awards:decision_detail": ("decision", [LOGIN, 404, 404, 200, 200, 200]),
    "awards:decision_preview": ("decision", [LOGIN, 404, 404, 200, 200, 200]),
    "awards:decision_issue": ("decision", [LOGIN, 404, 404, 403, 200, 200]),
    "awards:decision_discard": ("decision", [LOGIN, 404, 404, 403, 403, 200]),
    "awards:decision_download": ("issued_decision", [LOGIN, 404, 200, 200, 200, 200]),
    "awards:decision_certificates": ("issued_decision", [LOGIN, 404, 200, 403, 200, 200]),
    # A batch of certificates is the office's who asked for it: nobody else learns of it.
    "awards:certificate_job": ("certificate_job", [LOGIN, 404, 404, 404, 404, 200]),
    "awards:certificate_job_progress": ("certificate_job", [LOGIN, 404, 404, 404, 404, 200]),
    "awards:certificate_job_download": ("certificate_job", [LOGIN, 404, 404, 404, 404, 200]),
    # Exemplary examples are the office's to write and publish.
    "awards:example_edit": ("example", [LOGIN, 403, 403, 403, 403, 200]),
    "awards:example_publish": ("example", [LOGIN, 403, 403, 403, 403, 200]),
    "awards:example_unpublish": ("example", [LOGIN, 403, 403, 403, 403, 200]),
    # The campaign dashboard is for office and leadership; only the office sends reminders.
    "campaign:dashboard": ("campaign", [LOGIN, 403, 403, 403, 200, 200]),
    "campaign:period_remind": ("period", [LOGIN, 403, 403, 403, 403, 200]),
    # Django admin is for superusers only: everyone else is sent to the admin login.
    "admin:members_organization_change": ("org", ["ADMIN"] * 6),
    "admin:members_person_change": ("person", ["ADMIN"] * 6),
    "admin:members_user_change": ("account", ["ADMIN"] * 6),
}

CASES = [
    pytest.param(name, target, role, expected, id=f"{name}-{role}")
    for name, (target, answers) in ACCESS.items()
    for role, expected in zip(ROLES, answers, strict=True)
]


@pytest.fixture
def users(office_user, leader_user, council_user, unit_user, other_unit_user):
    return {
        "anonymous": None,
        "other_unit": other_unit_user,
        "unit": unit_user,
        "council": council_user,
        "leader": leader_user,
        "office": office_user,
    }


@pytest.fixture
def targets(own_org, unit_user, office_user):
    from factories import (
        AdministrativeAreaFactory,
        CampaignFactory,
        ClassificationBandFactory,
        CriterionFactory,
        ReportingPeriodFactory,
    )

    person = PersonFactory(organization=own_org)
    job = ImportJob.objects.create(
        kind=ImportKind.ORGANIZATIONS,
        file=ContentFile(b"not read", name="orgs.xlsx"),
        original_name="orgs.xlsx",
        created_by=office_user,
    )
    area = AdministrativeAreaFactory(code="67", name="Tỉnh Đắk Nông", level="province")
    own_org.status_changes.create(
        status="suspended", old_status="active", effective_on="2021-09-01", changed_by=office_user
    )
    issuer = SignerFactory().issuing_body
    document = IssuedDocumentFactory(issuer=issuer, issued_by=office_user)
    campaign = CampaignFactory(status="running")
    period = ReportingPeriodFactory(
        campaign=campaign, deadline=dt.date.today() + dt.timedelta(days=30), ends_on=dt.date.today()
    )
    submission_targets = _submission_targets(own_org, unit_user, period)
    violation = ViolationFactory(campaign=campaign, organization=own_org)
    draft = CampaignFactory(status="draft")
    criterion = CriterionFactory(campaign=draft)
    parameter = LegalParameter.objects.create(
        key="base_salary", value=2600000, valid_from=timezone.localdate() + dt.timedelta(days=30), source="NĐ thử"
    )
    return {
        "org": own_org,
        "person": person,
        "job": job,
        "account": unit_user,
        "area": area,
        "issuer": issuer,
        "document": document,
        **submission_targets,
        "campaign_unit": (campaign, own_org),  # an address with two ids
        "violation": violation,
        "draft": draft,
        "group": criterion.group,
        "criterion": criterion,
        "band": ClassificationBandFactory(campaign=draft),
        "parameter": parameter,
        **_nomination_targets(own_org, unit_user, campaign),
        **_council_targets(campaign, own_org, office_user),
        **_award_targets(own_org, office_user),
    }


def _council_targets(campaign, own_org, office_user):
    from factories import CouncilSessionFactory, NominationFactory

    from awards.demo import load_parameters

    load_parameters()  # the session's quorum and thresholds, for the draft minutes
    return {
        "session": CouncilSessionFactory(campaign=campaign, created_by=office_user),
        "passed_nomination": NominationFactory(campaign=campaign, organization=own_org, status="passed"),
    }


def _nomination_targets(own_org, unit_user, campaign):
    from factories import AwardTypeFactory, HouseholdFactory, InitiativeFactory, NominationFactory

    from awards.models import NominationAttachment

    nomination = NominationFactory(campaign=campaign, organization=own_org)
    attachment = NominationAttachment.objects.create(
        nomination=nomination,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="x"),
        original_name="Báo cáo thành tích.pdf",
        content_type="application/pdf",
        size=14,
        uploaded_by=unit_user,
    )
    return {
        "award_type": AwardTypeFactory(),
        "household": HouseholdFactory(organization=own_org),
        "initiative": InitiativeFactory(organization=own_org),
        "nomination": nomination,
        "attachment": attachment,
    }


def _award_targets(own_org, office_user):
    from factories import DecisionFactory, ExemplaryExampleFactory, NominationFactory

    from awards.models import Award

    draft = DecisionFactory()
    Award.objects.create(
        decision=draft,
        nomination=NominationFactory(campaign=draft.campaign, organization=own_org, status="approved"),
        amount=900000,
    )
    document = IssuedDocumentFactory(type_symbol="QĐ", kind_name="Quyết định", issued_by=office_user)
    issued = DecisionFactory(status="issued", document=document)
    Award.objects.create(
        decision=issued,
        nomination=NominationFactory(campaign=issued.campaign, organization=own_org, status="decided"),
        amount=900000,
    )
    from awards.models import CertificateJob

    job = CertificateJob.objects.create(
        decision=issued,
        total=1,
        done=1,
        status="done",
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="giay-khen.pdf"),
        requested_by=office_user,
    )
    return {"decision": draft, "issued_decision": issued, "example": ExemplaryExampleFactory(), "certificate_job": job}


def _submission_targets(own_org, unit_user, period):
    from factories import RegistrationFactory, SubmissionFactory, SubmissionValueFactory

    from campaign.models import Evidence

    submission = SubmissionFactory(period=period, organization=own_org)
    registration = RegistrationFactory(campaign=period.campaign, organization=own_org)
    value = SubmissionValueFactory(submission=submission)
    evidence = Evidence.objects.create(
        value=value,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="x"),
        original_name="Biên bản.pdf",
        content_type="application/pdf",
        size=14,
        uploaded_by=unit_user,
    )
    return {
        "campaign": period.campaign,
        "period": period,
        "registration": registration,
        "submission": submission,
        "evidence": evidence,
    }


@pytest.mark.parametrize(("name", "target", "role", "expected"), CASES)
def test_object_page_answers_each_role_as_the_access_table_says(
    client_for, users, targets, name, target, role, expected
):
    target = targets[target]
    url = reverse(name, args=[o.pk for o in target] if isinstance(target, tuple) else [target.pk])

    response = client_for(users[role]).get(url)

    if expected == LOGIN:
        assert (response.status_code, response.url) == (302, redirect_to_login(url).url)
    elif expected == "ADMIN":
        assert (response.status_code, response.url) == (302, redirect_to_login(url, reverse("admin:login")).url)
    else:
        assert response.status_code == expected


def _named_patterns(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_access_table_covers_every_address_that_takes_an_object_id():
    """Every address of members/, documents/, campaign/, awards/ and thidua/urls.py (other apps keep their own tables)."""
    with_id = {
        name
        for name, pattern in _named_patterns(get_resolver())
        if "pk" in pattern.pattern.converters
        and (name.startswith(("members:", "documents:", "campaign:", "awards:")) or ":" not in name)
    }

    covered = {name for name in ACCESS if not name.startswith("admin:")}

    assert covered == with_id


def test_superuser_reaches_the_admin_change_page(client_for, own_org):
    admin = UserFactory(role="", is_staff=True, is_superuser=True)

    response = client_for(admin).get(reverse("admin:members_organization_change", args=[own_org.pk]))

    assert response.status_code == 200


# --- writes by an outsider ----------------------------------------------------------------


def test_organization_edit_post_by_another_unit_answers_404_and_changes_nothing(client_for, other_unit_user, own_org):
    response = client_for(other_unit_user).post(
        reverse("members:organization_edit", args=[own_org.pk]), {"short_name": "Chiếm quyền", "members_count": 1}
    )

    own_org.refresh_from_db()
    assert (response.status_code, own_org.short_name, own_org.members_count) == (404, "", 12)


def test_person_edit_post_by_another_unit_answers_404_and_changes_nothing(client_for, other_unit_user, own_org):
    person = PersonFactory(organization=own_org, full_name="Y Khoa Niê")

    response = client_for(other_unit_user).post(
        reverse("members:person_edit", args=[person.pk]),
        {"full_name": "Đổi tên", "gender": "male", "ethnicity": "Kinh", "organization": own_org.pk},
    )

    person.refresh_from_db()
    assert (response.status_code, person.full_name) == (404, "Y Khoa Niê")


def test_status_post_by_owning_unit_answers_403_and_records_nothing(client_for, unit_user, own_org):
    response = client_for(unit_user).post(
        reverse("members:organization_status", args=[own_org.pk]),
        {"status": "dissolved", "effective_on": "01/10/2021", "cause": "Giải thể"},
    )

    own_org.refresh_from_db()
    assert (response.status_code, own_org.status, own_org.status_changes.count()) == (403, "active", 0)


# --- lists scoped to the unit -------------------------------------------------------------


@pytest.fixture
def leaky_registry(own_org, other_org):
    """Data that could leak: another organization with more people than the unit's own."""
    mine = [PersonFactory(organization=own_org, full_name=f"A Người Của Tôi {i}") for i in range(2)]
    PersonFactory.create_batch(3, organization=other_org)
    OrganizationFactory(name="Quỹ tín dụng nhân dân Đức Lập", kind="credit_fund")
    return mine


def test_organization_list_for_a_unit_shows_only_its_own_organization(client_for, unit_user, own_org, leaky_registry):
    response = client_for(unit_user).get(reverse("members:organization_list"))

    assert [org.pk for org in response.context["page"].object_list] == [own_org.pk]


def test_person_list_for_a_unit_shows_only_its_own_people(client_for, unit_user, leaky_registry):
    response = client_for(unit_user).get(reverse("members:person_list"))

    assert [p.pk for p in response.context["page"].object_list] == [p.pk for p in leaky_registry]


def test_person_list_search_for_a_unit_finds_nobody_of_another_unit(client_for, unit_user, other_org, leaky_registry):
    response = client_for(unit_user).get(reverse("members:person_list"), {"q": "Hoa"})

    assert list(response.context["page"].object_list) == []


def test_organization_export_for_a_unit_holds_only_its_own_row(client_for, unit_user, own_org, leaky_registry):
    import io

    from openpyxl import load_workbook

    response = client_for(unit_user).get(reverse("members:organization_list"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [own_org.name]


def test_person_export_for_a_unit_holds_only_its_own_people(client_for, unit_user, leaky_registry):
    import io

    from openpyxl import load_workbook

    response = client_for(unit_user).get(reverse("members:person_list"), {"export": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [p.full_name for p in leaky_registry]


@pytest.mark.parametrize("role", ["council", "leader", "office"])
def test_organization_list_for_staff_and_council_shows_every_organization(client_for, users, role, leaky_registry):
    response = client_for(users[role]).get(reverse("members:organization_list"))

    assert response.context["page"].paginator.count == 3


# --- office-only pages --------------------------------------------------------------------

OFFICE_PAGES = [
    "members:account_list",
    "members:account_create",
    "members:organization_create",
    ("members:import_upload", "organizations"),
    ("members:import_upload", "people"),
    ("members:import_upload", "areas"),
    ("members:import_template", "organizations"),
]


def _url(page):
    return reverse(page[0], args=[page[1]]) if isinstance(page, tuple) else reverse(page)


@pytest.mark.parametrize("page", OFFICE_PAGES, ids=str)
@pytest.mark.parametrize("role", ["unit", "council", "leader"])
def test_office_page_answers_403_to_other_roles(client_for, users, page, role):
    response = client_for(users[role]).get(_url(page))

    assert response.status_code == 403


@pytest.mark.parametrize("page", OFFICE_PAGES, ids=str)
def test_office_page_answers_200_to_office(client_for, office_user, page):
    response = client_for(office_user).get(_url(page))

    assert response.status_code == 200


@pytest.mark.parametrize("role", ["unit", "council", "leader"])
def test_organization_create_post_by_other_roles_creates_nothing(client_for, users, role):
    from members.models import Organization

    before = Organization.objects.count()

    response = client_for(users[role]).post(
        reverse("members:organization_create"), {"name": "HTX Lén", "kind": "cooperative", "sector": "agriculture"}
    )

    assert (response.status_code, Organization.objects.count()) == (403, before)


@pytest.mark.parametrize("role", ["unit", "council", "leader"])
def test_account_create_post_by_other_roles_creates_nothing(client_for, users, role):
    from members.models import User

    before = User.objects.count()

    response = client_for(users[role]).post(
        reverse("members:account_create"),
        {
            "username": "ke_gian",
            "role": Role.OFFICE,
            "password1": "Mat-khau-rat-dai-1",
            "password2": "Mat-khau-rat-dai-1",
        },
    )

    assert (response.status_code, User.objects.count()) == (403, before)
