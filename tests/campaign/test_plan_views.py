"""The plan's pages: the draft preview, issuing from the register, and the download."""

import pytest
from django.urls import reverse
from factories import CampaignFactory, RegistrationFactory, SignerFactory

from documents.models import IssuedDocument
from documents.services import set_next_number


@pytest.fixture
def campaign(db):
    SignerFactory()  # the Đắk Nông identity in force since 2004
    return CampaignFactory(
        preamble="Thực hiện Kế hoạch số 747/KH-LMHTXVN.", purpose="**1. Mục đích**\n\nPhục hồi sản xuất."
    )


def test_issue_page_shows_the_number_the_register_will_give_and_changes_nothing(client_for, office_user, campaign):
    set_next_number(year=2021, type_symbol="KH", issuer_symbol="LMHTX", next_number=514, by=office_user)

    response = client_for(office_user).get(reverse("campaign:plan_issue", args=[campaign.pk]))

    assert response.status_code == 200
    assert "514/KH-LMHTX" in response.content.decode()
    assert "Đắk Nông, ngày 08 tháng 11 năm 2021" in response.content.decode()
    assert not IssuedDocument.objects.exists()


def test_posting_issue_numbers_the_plan_once(client_for, office_user, campaign):
    client = client_for(office_user)
    url = reverse("campaign:plan_issue", args=[campaign.pk])

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == second.status_code == 302
    document = IssuedDocument.objects.get()
    assert (document.reference, document.issued_by, document.related) == ("01/KH-LMHTX", office_user, campaign)
    campaign.refresh_from_db()
    assert campaign.plan_number == 1


@pytest.mark.parametrize(("role", "expected"), [("office", 200), ("leader", 200), ("council", 403), ("unit", 403)])
def test_preview_is_a_draft_pdf_for_staff_only(client_for, campaign, role, expected, request):
    user = request.getfixturevalue(f"{role}_user")

    response = client_for(user).get(reverse("campaign:plan_preview", args=[campaign.pk]))

    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert not IssuedDocument.objects.exists()


def test_a_unit_downloads_the_issued_plan_byte_for_byte(client_for, office_user, unit_user, campaign):
    RegistrationFactory(campaign=campaign, organization=unit_user.organization)
    url = reverse("campaign:plan_download", args=[campaign.pk])
    assert client_for(unit_user).get(url).status_code == 404  # not issued yet

    client_for(office_user).post(reverse("campaign:plan_issue", args=[campaign.pk]))
    response = client_for(unit_user).get(url)

    document = IssuedDocument.objects.get()
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == document.file.open("rb").read()
    assert 'filename="01-KH-LMHTX.pdf"' in response["Content-Disposition"]


def test_the_plan_of_a_draft_campaign_is_hidden_from_units(client_for, unit_user, db):
    SignerFactory()
    draft = CampaignFactory(status="draft")

    response = client_for(unit_user).get(reverse("campaign:plan_download", args=[draft.pk]))

    assert response.status_code == 404
