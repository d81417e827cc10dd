"""Registration: the services' rules, the unit's and the office's pages, the staff overview."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from factories import (
    AdministrativeAreaFactory,
    CampaignFactory,
    CriterionFactory,
    OrganizationFactory,
    RegistrationFactory,
    ReportingPeriodFactory,
)
from openpyxl import load_workbook

from campaign import services
from campaign.models import CampaignStatus, Registration, RegistrationTarget
from campaign.services import TransitionError
from members.models import OperatingStatus, OrganizationKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


ACCEPTS = {"draft": False, "launched": True, "running": True, "review": True, "closed": False}


@pytest.fixture
def campaign():
    """A launched campaign with a TARGET criterion (target 500) and a period due 05/12/2021."""
    campaign = CampaignFactory(status=CampaignStatus.LAUNCHED)
    ReportingPeriodFactory(campaign=campaign, deadline=dt.date(2021, 12, 5))
    return campaign


@pytest.fixture
def sales(campaign):
    return CriterionFactory(
        campaign=campaign, code="2.1", rule="target", target=Decimal("500"), unit="triệu đồng", name="Doanh thu"
    )


@pytest.mark.parametrize(("status", "accepted"), ACCEPTS.items())
def test_register_is_accepted_only_while_the_campaign_takes_registrations(unit_user, own_org, status, accepted):
    campaign = CampaignFactory(status=status)

    if accepted:
        registration = services.register(campaign, own_org, by=unit_user, note="Cam kết")
        assert (registration.organization, registration.registered_by, registration.note) == (
            own_org,
            unit_user,
            "Cam kết",
        )
    else:
        with pytest.raises(TransitionError):
            services.register(campaign, own_org, by=unit_user)
        assert Registration.objects.count() == 0


def test_register_refuses_a_unit_whose_kind_does_not_take_part(unit_user, campaign):
    department = OrganizationFactory(kind=OrganizationKind.DEPARTMENT)

    with pytest.raises(TransitionError, match="do not take part"):
        services.register(campaign, department, by=unit_user)
    assert Registration.objects.count() == 0


def test_register_records_the_targets_of_target_criteria(unit_user, own_org, campaign, sales):
    registration = services.register(campaign, own_org, by=unit_user, targets={sales.pk: Decimal("650")})

    assert list(registration.targets.values_list("criterion_id", "target")) == [(sales.pk, Decimal("650"))]


def test_register_refuses_a_target_for_a_criterion_that_has_none(unit_user, own_org, campaign):
    percentage = CriterionFactory(campaign=campaign, rule="percentage")

    with pytest.raises(TransitionError):
        services.register(campaign, own_org, by=unit_user, targets={percentage.pk: Decimal("1")})
    assert (Registration.objects.count(), RegistrationTarget.objects.count()) == (0, 0)


def test_register_twice_keeps_the_first_registration_unchanged(unit_user, office_user, own_org, campaign, sales):
    first = services.register(campaign, own_org, by=unit_user, note="Lần đầu", targets={sales.pk: Decimal("600")})

    again = services.register(campaign, own_org, by=office_user, note="Lần hai", targets={sales.pk: Decimal("1")})

    again.refresh_from_db()
    assert (again.pk, again.note, again.registered_by, again.targets.get().target) == (
        first.pk,
        "Lần đầu",
        unit_user,
        Decimal("600"),
    )


@pytest.mark.parametrize(
    ("today", "role", "allowed"),
    [
        (dt.date(2021, 12, 5), "unit", True),  # the deadline day itself
        (dt.date(2021, 12, 6), "unit", False),
        (dt.date(2021, 12, 6), "office", True),  # the office corrects targets while registrations are open
    ],
)
def test_update_targets_for_a_unit_ends_with_the_first_deadline(
    unit_user, office_user, own_org, campaign, sales, today, role, allowed
):
    registration = services.register(campaign, own_org, by=unit_user, targets={sales.pk: Decimal("600")})
    user = unit_user if role == "unit" else office_user

    if allowed:
        services.update_targets(registration, by=user, note="Mới", targets={sales.pk: Decimal("700")}, today=today)
    else:
        with pytest.raises(TransitionError, match="05/12/2021"):
            services.update_targets(registration, by=user, targets={sales.pk: Decimal("700")}, today=today)

    registration.refresh_from_db()
    expected = Decimal("700") if allowed else Decimal("600")
    assert registration.targets.get().target == expected


def test_update_targets_refuses_a_closed_campaign(office_user, own_org, campaign, sales):
    registration = RegistrationFactory(campaign=campaign, organization=own_org)
    campaign.status = CampaignStatus.CLOSED
    campaign.save()

    with pytest.raises(TransitionError):
        services.update_targets(registration, by=office_user, targets={sales.pk: Decimal("1")})
    assert RegistrationTarget.objects.count() == 0


# --- pages of the unit ---------------------------------------------------------------------------


def test_registration_create_get_shows_the_campaign_targets_and_registers_nothing(
    client_for, unit_user, campaign, sales
):
    response = client_for(unit_user).get(reverse("campaign:registration_create", args=[campaign.pk]))

    assert (response.status_code, response.context["form"][f"target_{sales.pk}"].initial) == (200, Decimal("500"))
    assert Registration.objects.count() == 0


def test_registration_create_post_registers_the_unit_with_its_targets(client_for, unit_user, own_org, campaign, sales):
    response = client_for(unit_user).post(
        reverse("campaign:registration_create", args=[campaign.pk]),
        {"note": "Đơn vị cam kết hoàn thành", f"target_{sales.pk}": "650,5"},
    )

    registration = Registration.objects.get()
    assert response.url == reverse("campaign:registration_detail", args=[registration.pk])
    assert (registration.organization, registration.registered_by, registration.targets.get().target) == (
        own_org,
        unit_user,
        Decimal("650.5"),
    )


def test_registration_create_post_with_a_bad_target_keeps_the_note_and_says_why_on_the_field(
    client_for, unit_user, campaign, sales
):
    response = client_for(unit_user).post(
        reverse("campaign:registration_create", args=[campaign.pk]),
        {"note": "Cam kết của HTX", f"target_{sales.pk}": "-3"},
    )

    form = response.context["form"]
    assert (list(form.errors), form["note"].value(), Registration.objects.count()) == (
        [f"target_{sales.pk}"],
        "Cam kết của HTX",
        0,
    )


def test_registration_create_when_already_registered_leads_to_the_registration(
    client_for, unit_user, own_org, campaign
):
    registration = RegistrationFactory(campaign=campaign, organization=own_org)

    response = client_for(unit_user).post(reverse("campaign:registration_create", args=[campaign.pk]), {"note": "x"})

    registration.refresh_from_db()
    assert (response.url, Registration.objects.count(), registration.note) == (
        reverse("campaign:registration_detail", args=[registration.pk]),
        1,
        "Đơn vị cam kết thực hiện đầy đủ các tiêu chí.",
    )


def test_registration_create_for_a_closed_campaign_registers_nothing(client_for, unit_user):
    campaign = CampaignFactory(status=CampaignStatus.CLOSED)

    response = client_for(unit_user).post(reverse("campaign:registration_create", args=[campaign.pk]), {"note": "x"})

    assert (response.status_code, Registration.objects.count()) == (302, 0)


@pytest.mark.parametrize("role", ["council_user", "leader_user"])
def test_registration_create_by_a_reader_answers_403(client_for, request, campaign, role):
    response = client_for(request.getfixturevalue(role)).post(
        reverse("campaign:registration_create", args=[campaign.pk]), {"note": "x"}
    )

    assert (response.status_code, Registration.objects.count()) == (403, 0)


def test_office_registers_a_unit_on_its_behalf(client_for, office_user, own_org, campaign, sales):
    response = client_for(office_user).post(
        reverse("campaign:registration_create", args=[campaign.pk]),
        {"organization": own_org.pk, "note": "Đăng ký thay", f"target_{sales.pk}": "500"},
    )

    registration = Registration.objects.get()
    assert (response.status_code, registration.organization, registration.registered_by) == (302, own_org, office_user)


def test_registration_of_another_unit_answers_404_and_is_not_changed(client_for, other_unit_user, own_org, campaign):
    registration = RegistrationFactory(campaign=campaign, organization=own_org, note="Của HTX Đắk Wil")
    client = client_for(other_unit_user)

    answers = [
        client.get(reverse("campaign:registration_detail", args=[registration.pk])).status_code,
        client.post(reverse("campaign:registration_edit", args=[registration.pk]), {"note": "Chiếm"}).status_code,
    ]

    registration.refresh_from_db()
    assert (answers, registration.note) == ([404, 404], "Của HTX Đắk Wil")


def test_registration_edit_by_the_council_answers_403(client_for, council_user, own_org, campaign):
    registration = RegistrationFactory(campaign=campaign, organization=own_org, note="Giữ nguyên")

    response = client_for(council_user).post(
        reverse("campaign:registration_edit", args=[registration.pk]), {"note": "Sửa"}
    )

    registration.refresh_from_db()
    assert (response.status_code, registration.note) == (403, "Giữ nguyên")


def test_registration_edit_by_the_unit_changes_its_targets_before_the_deadline(client_for, unit_user, own_org, sales):
    campaign = sales.campaign
    campaign.periods.update(deadline=dt.date.today() + dt.timedelta(days=3))
    registration = RegistrationFactory(campaign=campaign, organization=own_org)

    response = client_for(unit_user).post(
        reverse("campaign:registration_edit", args=[registration.pk]),
        {"note": "Nâng chỉ tiêu", f"target_{sales.pk}": "800"},
    )

    registration.refresh_from_db()
    assert (response.status_code, registration.note, registration.targets.get().target) == (
        302,
        "Nâng chỉ tiêu",
        Decimal("800"),
    )


def test_registration_edit_by_the_unit_after_the_deadline_changes_nothing(
    client_for, unit_user, own_org, campaign, sales
):
    registration = RegistrationFactory(campaign=campaign, organization=own_org, note="Giữ nguyên")

    response = client_for(unit_user).post(
        reverse("campaign:registration_edit", args=[registration.pk]), {"note": "Muộn", f"target_{sales.pk}": "1"}
    )

    registration.refresh_from_db()
    assert (response.status_code, registration.note, registration.targets.count()) == (302, "Giữ nguyên", 0)


# --- the staff overview ------------------------------------------------------------------------


@pytest.fixture
def subject_units(campaign, office_user):
    """Four cooperatives in two districts, two registered; and units that do not count."""
    cu_jut = AdministrativeAreaFactory(name="Huyện Cư Jút", level="district")
    dak_mil = AdministrativeAreaFactory(name="Huyện Đắk Mil", level="district")
    units = [
        OrganizationFactory(name=f"HTX {name}", district=district)
        for name, district in [("An", cu_jut), ("Bình", cu_jut), ("Cường", dak_mil), ("Dũng", dak_mil)]
    ]
    services.register(campaign, units[0], by=office_user)
    services.register(campaign, units[2], by=office_user)
    OrganizationFactory(name="Phòng Tổng hợp", kind=OrganizationKind.DEPARTMENT)
    OrganizationFactory(name="HTX Ngoài", is_alliance_member=False)
    OrganizationFactory(name="HTX Giải thể", status=OperatingStatus.DISSOLVED)
    return units, cu_jut, dak_mil


def test_registration_overview_counts_and_lists_every_subject_unit(client_for, council_user, campaign, subject_units):
    response = client_for(council_user).get(reverse("campaign:registration_overview", args=[campaign.pk]))

    rows = [(org.name, registration is not None) for org, registration, _area in response.context["rows"]]
    counts = (response.context["total"], response.context["registered"], response.context["missing"])
    assert (counts, rows) == (
        (4, 2, 2),
        [("HTX An", True), ("HTX Cường", True), ("HTX Bình", False), ("HTX Dũng", False)],
    )


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"registered": "false"}, ["HTX Bình", "HTX Dũng"]),
        ({"registered": "true"}, ["HTX An", "HTX Cường"]),
        ({"area": "DAKMIL"}, ["HTX Cường", "HTX Dũng"]),
        ({"registered": "false", "area": "CUJUT"}, ["HTX Bình"]),
        ({"q": "bình"}, ["HTX Bình"]),
    ],
)
def test_registration_overview_filters(client_for, office_user, campaign, subject_units, query, names):
    _units, cu_jut, dak_mil = subject_units
    areas = {"CUJUT": cu_jut.pk, "DAKMIL": dak_mil.pk}
    params = {k: areas.get(v, v) for k, v in query.items()}

    response = client_for(office_user).get(reverse("campaign:registration_overview", args=[campaign.pk]), params)

    assert [org.name for org, _r, _a in response.context["rows"]] == names


def test_registration_overview_export_lists_units_with_their_registration(
    client_for, office_user, campaign, subject_units
):
    response = client_for(office_user).get(
        reverse("campaign:registration_overview", args=[campaign.pk]), {"export": "xlsx"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [(row[0], row[2], row[5]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    who = office_user.display_name
    assert rows == [
        ("HTX An", "Huyện Cư Jút", who),
        ("HTX Bình", "Huyện Cư Jút", None),
        ("HTX Cường", "Huyện Đắk Mil", who),
        ("HTX Dũng", "Huyện Đắk Mil", None),
    ]


@pytest.mark.parametrize("role", ["unit_user", "other_unit_user"])
def test_registration_overview_for_a_unit_answers_403(client_for, request, campaign, role):
    response = client_for(request.getfixturevalue(role)).get(
        reverse("campaign:registration_overview", args=[campaign.pk])
    )

    assert response.status_code == 403
