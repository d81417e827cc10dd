"""Award types, households and initiatives: validation on the field, the standard set, who changes what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from factories import AwardTypeFactory, HouseholdFactory, InitiativeFactory, PersonFactory

from awards.forms_nominations import AwardTypeForm
from awards.models import AwardType, Household, Initiative
from awards.nominations import record_recognition
from core.errors import TransitionError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def type_data(**changes):
    data = {
        "name": "Giấy khen thử",
        "short_name": "GK",
        "category": "form",
        "issuer": "alliance",
        "for_individuals": "on",
        "coefficient_key": "bonus_commendation",
        "vote_rule": "vote_majority",
        "barred_by_violation": "on",
        "is_active": "on",
        "order": "0",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({}, []),
        ({"for_individuals": None}, ["for_individuals"]),
        ({"for_individuals": None, "for_households": "on"}, []),
        ({"quota_count": "3", "quota_share": "0.15"}, []),  # both: the stricter applies (awards.quota)
        ({"quota_share": "0"}, ["quota_share"]),
        ({"quota_share": "-0.1"}, ["quota_share"]),
        ({"quota_share": "1"}, []),
        ({"quota_share": "1.5"}, ["quota_share"]),
        ({"quota_share": "0.0001"}, []),
        ({"quota_count": "0"}, []),
        ({"coefficient_key": "base_salary"}, ["coefficient_key"]),  # not a bonus coefficient
    ],
)
def test_award_type_form_puts_each_error_on_its_field(changes, errors):
    form = AwardTypeForm(type_data(**changes))

    assert sorted(form.errors) == errors


@pytest.mark.parametrize("share", ["0", "1.5"])
def test_award_type_form_says_the_share_rule_on_its_field_and_keeps_what_was_typed(share):
    form = AwardTypeForm(type_data(quota_count="5", quota_share=share))

    assert (form.errors.get("quota_share"), form["quota_share"].value(), form["quota_count"].value()) == (
        ["A share is more than 0 and at most 1 (0.15 is 15%)."],
        share,
        "5",
    )
    assert "__all__" not in form.errors  # said once, on the field, not again by the constraint


def test_award_type_form_refuses_to_require_itself_through_another():
    first = AwardTypeFactory()
    second = AwardTypeFactory(requires=first)

    form = AwardTypeForm(type_data(requires=str(second.pk)), instance=first)

    assert list(form.errors) == ["requires"]


def test_award_type_form_offers_no_self_requirement():
    award = AwardTypeFactory()

    form = AwardTypeForm(instance=award)

    assert award not in form.fields["requires"].queryset


def test_award_type_form_trims_the_minimum_band():
    form = AwardTypeForm(type_data(minimum_band="  Xuất   sắc "))

    assert form.is_valid() and form.cleaned_data["minimum_band"] == "Xuất sắc"


def test_award_type_create_by_the_office_records_who(client_for, office_user):
    client_for(office_user).post(reverse("awards:award_type_create"), type_data(quota_share="0.15"))

    award = AwardType.objects.get()
    assert (award.quota_share, award.history.get().history_user) == (Decimal("0.1500"), office_user)


@pytest.mark.parametrize("role", ["unit_user", "council_user", "leader_user"])
def test_award_type_create_is_refused_to_all_but_the_office(client_for, request, role):
    response = client_for(request.getfixturevalue(role)).post(reverse("awards:award_type_create"), type_data())

    assert (response.status_code, AwardType.objects.count()) == (403, 0)


def test_award_type_list_is_read_by_a_unit(client_for, unit_user):
    AwardTypeFactory(name="Giấy khen A")

    response = client_for(unit_user).get(reverse("awards:award_type_list"))

    assert [t.name for t in response.context["types"]] == ["Giấy khen A"]


def test_award_type_defaults_get_changes_nothing_and_post_installs_once(client_for, office_user, demo_parameters):
    client = client_for(office_user)
    url = reverse("awards:award_type_defaults")

    client.get(url)
    before = AwardType.objects.count()
    client.post(url)
    client.post(url)

    assert (before, AwardType.objects.count()) == (0, 8)


def test_award_type_list_marks_the_cstdcs_quota_unconfirmed(client_for, office_user, demo_parameters):
    client_for(office_user).post(reverse("awards:award_type_defaults"))

    response = client_for(office_user).get(reverse("awards:award_type_list"))

    html = response.content.decode()
    assert html.count("award-unconfirmed") == 1 and "15%" in html


# --- households and initiatives -----------------------------------------------------------------


def test_household_of_a_unit_is_its_own_whatever_it_posts(client_for, unit_user, own_org, other_org):
    data = {"head_name": "Y Bhim Niê", "organization": other_org.pk, "members_count": "5", "is_direct_producer": "on"}

    client_for(unit_user).post(reverse("awards:household_create"), data)

    assert list(Household.objects.values_list("head_name", "organization")) == [("Y Bhim Niê", own_org.pk)]


def test_household_list_of_a_unit_shows_only_its_own(client_for, unit_user, own_org, other_org):
    HouseholdFactory(organization=own_org, head_name="Của mình")
    HouseholdFactory(organization=other_org, head_name="Của người")

    response = client_for(unit_user).get(reverse("awards:household_list"))

    assert [h.head_name for h in response.context["page"]] == ["Của mình"]


def test_household_edit_of_another_unit_is_not_found(client_for, other_unit_user, own_org):
    household = HouseholdFactory(organization=own_org)

    response = client_for(other_unit_user).get(reverse("awards:household_edit", args=[household.pk]))

    assert response.status_code == 404


def initiative_data(org, authors, **changes):
    data = {
        "title": "Sấy cà phê bằng năng lượng mặt trời",
        "organization": org.pk,
        "authors": [p.pk for p in authors],
        "recognition_number": "25/QĐ-HTX",
        "recognised_on": "01/10/2021",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_initiative_by_the_office_keeps_its_authors(client_for, office_user, own_org):
    author = PersonFactory(organization=own_org)

    client_for(office_user).post(reverse("awards:initiative_create"), initiative_data(own_org, [author]))

    initiative = Initiative.objects.get()
    assert (list(initiative.authors.all()), initiative.is_recognised) == ([author], True)


def test_initiative_refuses_an_author_of_another_unit(client_for, office_user, own_org, other_org):
    stranger = PersonFactory(organization=other_org)

    response = client_for(office_user).post(reverse("awards:initiative_create"), initiative_data(own_org, [stranger]))

    assert (list(response.context["form"].errors), Initiative.objects.count()) == (["authors"], 0)


@pytest.mark.parametrize(
    ("number", "day", "errors"),
    [
        ("25/QĐ-HTX", "01/10/2021", []),
        ("", "", []),
        ("25/QĐ-HTX", "", ["recognised_on"]),
        ("", "01/10/2021", ["recognition_number"]),
    ],
)
def test_initiative_recognition_needs_both_number_and_date(client_for, office_user, own_org, number, day, errors):
    author = PersonFactory(organization=own_org)
    data = initiative_data(own_org, [author], recognition_number=number, recognised_on=day)

    response = client_for(office_user).post(reverse("awards:initiative_create"), data)

    assert (sorted(response.context["form"].errors) if response.status_code == 200 else []) == errors


def test_a_unit_cannot_type_its_initiatives_recognition(client_for, unit_user, own_org):
    """Issue 16: the unit's form has no recognition fields; posting them records nothing."""
    author = PersonFactory(organization=own_org)
    client = client_for(unit_user)
    form_page = client.get(reverse("awards:initiative_create")).content.decode()

    client.post(reverse("awards:initiative_create"), initiative_data(own_org, [author]))

    initiative = Initiative.objects.get()
    assert 'name="recognition_number"' not in form_page
    assert (initiative.recognition_number, initiative.recognised_on, initiative.is_recognised) == ("", None, False)


def test_the_office_records_a_recognition_with_who_and_when(client_for, office_user, unit_user, own_org):
    author = PersonFactory(organization=own_org)
    client_for(unit_user).post(reverse("awards:initiative_create"), initiative_data(own_org, [author]))
    initiative = Initiative.objects.get()
    data = initiative_data(own_org, [author], organization=own_org.pk)

    client_for(office_user).post(reverse("awards:initiative_edit", args=[initiative.pk]), data)

    initiative.refresh_from_db()
    assert (initiative.recognition_number, initiative.recognised_by, initiative.is_recognised) == (
        "25/QĐ-HTX",
        office_user,
        True,
    )
    assert initiative.recognised_at is not None
    assert initiative.history.latest().history_user == office_user
    # The unit editing its initiative afterwards keeps the office's recognition.
    client_for(unit_user).post(
        reverse("awards:initiative_edit", args=[initiative.pk]),
        initiative_data(own_org, [author], title="Sấy cà phê (bản sửa)"),
    )
    initiative.refresh_from_db()
    assert (initiative.title, initiative.recognised_by) == ("Sấy cà phê (bản sửa)", office_user)


def test_record_recognition_is_the_offices_only(unit_user, own_org):
    initiative = InitiativeFactory(organization=own_org, recognition_number="", recognised_on=None, recognised_by=None)

    with pytest.raises(TransitionError):
        record_recognition(initiative, by=unit_user, number="1/QĐ-HTX", day=dt.date(2021, 1, 1))
    initiative.refresh_from_db()
    assert initiative.is_recognised is False
