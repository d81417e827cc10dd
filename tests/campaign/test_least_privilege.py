"""Least privilege (issue 16, item 7): the attacks as written become tests.

“A unit's ranking export lists every unit's vetoes and deductions; council members read draft
nominations and their files, every unit's evidence and the people list with phone numbers.”
"""

import io

import pytest
from django.urls import reverse
from factories import CouncilSessionFactory, NominationFactory, PersonFactory, ViolationFactory
from openpyxl import load_workbook
from submission_builders import PDF, register, running_campaign, upload

from awards.models import NominationAttachment, NominationStatus
from campaign import submissions
from campaign.models import ViolationEffect

pytestmark = pytest.mark.django_db


def _sheet(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.fixture
def punished(three_ranked_units, other_org):
    """other_org has a deduction of 7 points and a veto in the campaign."""
    campaign = three_ranked_units.campaign
    ViolationFactory(campaign=campaign, organization=other_org, points=7, effect=ViolationEffect.DEDUCTION)
    ViolationFactory(campaign=campaign, organization=other_org, points=0, effect=ViolationEffect.VETO)
    return three_ranked_units


def test_a_unit_sees_only_its_own_row_where_the_rankings_are_not_public(client_for, unit_user, own_org, punished):
    client = client_for(unit_user)
    url = reverse("campaign:rankings", args=[punished.campaign.pk])

    page = client.get(url)
    sheet = _sheet(client.get(url, {"export": "xlsx"}))

    assert [s.organization_id for s in page.context["page"].object_list] == [own_org.pk]
    assert [row[1] for row in sheet[1:]] == [own_org.name]


def test_where_rankings_are_public_a_unit_sees_others_without_their_deductions_or_vetoes(
    client_for, unit_user, own_org, other_org, punished
):
    punished.campaign.rankings_public = True
    punished.campaign.save()
    client = client_for(unit_user)
    url = reverse("campaign:rankings", args=[punished.campaign.pk])

    rows = {s.organization_id: s for s in client.get(url).context["page"].object_list}
    sheet = _sheet(client.get(url, {"export": "xlsx"}))
    other_row = next(row for row in sheet[1:] if row[1] == other_org.name)
    own_row = next(row for row in sheet[1:] if row[1] == own_org.name)

    assert other_org.pk in rows and (rows[other_org.pk].deductions, rows[other_org.pk].vetoed) == (None, None)
    assert all(cell in (None, "") for cell in other_row[-5:-3])  # the deductions and veto columns
    assert own_row[-5] in (0, None)  # the unit's own row: no deductions, printed blank like every zero


def test_the_office_still_sees_every_units_deductions_and_vetoes(client_for, office_user, other_org, punished):
    rows = client_for(office_user).get(reverse("campaign:rankings", args=[punished.campaign.pk])).context["page"]

    other = next(s for s in rows.object_list if s.organization_id == other_org.pk)
    assert (other.deductions > 0, other.vetoed) == (True, True)


# --- the Council -------------------------------------------------------------------------------------


def test_a_council_member_sees_only_nominations_submitted_and_on_an_agenda(client_for, council_user, office_user):
    draft = NominationFactory(status=NominationStatus.DRAFT)
    submitted = NominationFactory(status=NominationStatus.ELIGIBLE)
    on_agenda = NominationFactory(status=NominationStatus.IN_COUNCIL)
    on_agenda.session = CouncilSessionFactory(campaign=on_agenda.campaign)
    on_agenda.save()
    attachment = NominationAttachment.objects.create(
        nomination=draft, file="nominations/x.pdf", original_name="x.pdf", content_type="application/pdf", size=3
    )
    client = client_for(council_user)

    codes = [
        client.get(reverse("awards:nomination_detail", args=[n.pk])).status_code for n in (draft, submitted, on_agenda)
    ]

    assert codes == [404, 404, 200]
    assert client.get(reverse("awards:attachment_download", args=[attachment.pk])).status_code == 404


def test_a_council_member_cannot_download_a_units_evidence(client_for, council_user, office_user, own_org, unit_user):
    setup = running_campaign()
    register(setup, own_org)
    submission = submissions.open_submission(setup.period, own_org, by=unit_user)
    item = submissions.add_evidence(
        submission.values.get(criterion=setup.c.vaccinated), upload("bien-ban.pdf", PDF), by=unit_user
    )
    url = reverse("campaign:evidence_download", args=[item.pk])

    assert client_for(council_user).get(url).status_code == 404
    assert client_for(office_user).get(url).status_code == 200


def test_a_council_member_sees_no_phone_numbers(client_for, council_user, office_user, own_org):
    person = PersonFactory(organization=own_org, phone="0912345678", email="hoa@example.vn")
    council = client_for(council_user)

    detail = council.get(reverse("members:person_detail", args=[person.pk])).content.decode()
    sheet = _sheet(council.get(reverse("members:person_list"), {"export": "xlsx"}))
    office_detail = client_for(office_user).get(reverse("members:person_detail", args=[person.pk])).content.decode()

    assert "0912345678" not in detail and "hoa@example.vn" not in detail
    assert not any("0912345678" in str(cell) for row in sheet for cell in row)
    assert "0912345678" in office_detail
