"""The person selects of the violation and nomination forms follow the chosen organization."""

import pytest
from django.urls import reverse
from factories import CampaignFactory, PersonFactory

from awards.forms_nominations import NominationForm
from campaign.forms_violations import ViolationForm
from campaign.models import Campaign


@pytest.fixture
def people(own_org, other_org):
    return {
        "own": PersonFactory(organization=own_org, full_name="Nguyễn Văn An"),
        "other": PersonFactory(organization=other_org, full_name="Trần Thị Bình"),
    }


def offered(form):
    return {p.full_name for p in form.fields["person"].queryset}


def violation_form(campaign, state, own_org):
    if state == "new":
        return ViolationForm(campaign=campaign)
    if state == "editing":
        return ViolationForm(campaign=campaign, initial={"organization": own_org.pk})
    if state == "posted":
        return ViolationForm({"organization": str(own_org.pk)}, campaign=campaign)
    return ViolationForm({"organization": ""}, campaign=campaign)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("new", set()),  # nothing chosen yet: people.js loads them
        ("editing", {"Nguyễn Văn An"}),
        ("posted", {"Nguyễn Văn An"}),
        ("posted without a unit", {"Nguyễn Văn An", "Trần Thị Bình"}),  # validation names what is wrong
    ],
)
def test_violation_form_offers_the_people_of_the_chosen_unit(own_org, people, state, expected):
    form = violation_form(CampaignFactory(), state, own_org)

    assert offered(form) == expected
    assert form.fields["person"].widget.attrs["data-people-url"] == "/members/organizations/{id}/people.json"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, set()),
        ({"nominee_kind": "individual", "organization": "own"}, {"Nguyễn Văn An"}),
        ({"nominee_kind": "individual"}, {"Nguyễn Văn An", "Trần Thị Bình"}),
    ],
)
def test_nomination_form_of_the_office_offers_the_people_of_the_chosen_unit(
    office_user, own_org, people, data, expected
):
    if data and data.get("organization") == "own":
        data = {**data, "organization": str(own_org.pk)}

    form = NominationForm(data, user=office_user, campaigns=Campaign.objects.all())

    assert offered(form) == expected


def test_nomination_form_of_a_unit_offers_its_own_people_only(unit_user, people):
    form = NominationForm(user=unit_user, campaigns=Campaign.objects.all())

    assert offered(form) == {"Nguyễn Văn An"}


@pytest.mark.parametrize(("who", "expected"), [("office_user", ["Nguyễn Văn An"]), ("unit_user", ["Nguyễn Văn An"])])
def test_people_of_an_organization_as_json(client_for, request, own_org, people, who, expected):
    response = client_for(request.getfixturevalue(who)).get(reverse("members:organization_people", args=[own_org.pk]))

    assert [p["name"].split(" – ")[0] for p in response.json()["people"]] == expected
    assert response.json()["people"][0]["id"] == people["own"].pk


def test_people_of_another_unit_are_not_served_to_a_unit(client_for, unit_user, other_org, people):
    response = client_for(unit_user).get(reverse("members:organization_people", args=[other_org.pk]))

    assert response.status_code == 404
