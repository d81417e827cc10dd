"""Pages of nominations: a unit keeps to its own, staff filter and export, sending and checking by POST only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    RegistrationFactory,
)

from awards.models import Nomination, NominationAttachment, NominationEvent, NominationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = NominationStatus
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def campaign(own_org):
    campaign = CampaignFactory()
    RegistrationFactory(campaign=campaign, organization=own_org)
    return campaign


def form_data(campaign, award, **extra):
    data = {
        "campaign": campaign.pk,
        "nominee_kind": "collective",
        "award_type": award.pk,
        "achievements": "Duy trì sản xuất trong thời gian giãn cách.",
        "action": "save",
    }
    data.update(extra)
    return data


def names(response):
    return sorted(n.nominee_name for n in response.context["page"])


def test_nomination_list_of_a_unit_shows_only_its_own(client_for, unit_user, own_org, other_org, campaign):
    NominationFactory(campaign=campaign, organization=own_org)
    NominationFactory(campaign=campaign, organization=other_org)

    response = client_for(unit_user).get(reverse("awards:nomination_list"))

    assert names(response) == [own_org.name]


def test_nomination_list_of_staff_filters_by_status(client_for, office_user, own_org, other_org, campaign):
    NominationFactory(campaign=campaign, organization=own_org, status=S.ELIGIBLE)
    NominationFactory(campaign=campaign, organization=other_org, status=S.NOT_ELIGIBLE)

    response = client_for(office_user).get(reverse("awards:nomination_list"), {"status": S.NOT_ELIGIBLE})

    assert names(response) == [other_org.name]


def test_nomination_list_exports_the_filtered_rows_to_excel(client_for, leader_user, own_org, other_org, campaign):
    from openpyxl import load_workbook

    NominationFactory(campaign=campaign, organization=own_org, eligibility_reasons=["=1+1 lý do"])
    NominationFactory(campaign=campaign, organization=other_org, nominee_kind="collective", status=S.ELIGIBLE)

    response = client_for(leader_user).get(reverse("awards:nomination_list"), {"status": S.DRAFT, "export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [(r[3], r[8]) for r in rows[1:]] == [(own_org.name, "'=1+1 lý do")]


def test_nomination_list_queries_do_not_grow_with_rows(
    client_for, office_user, campaign, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(office_user)
    NominationFactory(campaign=campaign)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("awards:nomination_list"))
    NominationFactory.create_batch(2, campaign=campaign)
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("awards:nomination_list"))

    assert len(three) == len(one)


def test_unit_nominates_its_own_collective_whatever_organization_it_posts(
    client_for, unit_user, own_org, other_org, campaign
):
    award = AwardTypeFactory()

    response = client_for(unit_user).post(
        reverse("awards:nomination_create"), form_data(campaign, award, organization=other_org.pk)
    )

    nomination = Nomination.objects.get()
    assert (response.status_code, response.url, nomination.organization, nomination.status) == (
        302,
        nomination.get_absolute_url(),
        own_org,
        S.DRAFT,
    )


def test_unit_cannot_nominate_a_person_of_another_unit(client_for, unit_user, other_org, campaign):
    stranger = PersonFactory(organization=other_org)

    response = client_for(unit_user).post(
        reverse("awards:nomination_create"),
        form_data(campaign, AwardTypeFactory(), nominee_kind="individual", person=stranger.pk),
    )

    assert (response.status_code, Nomination.objects.count()) == (200, 0)
    assert list(response.context["form"].errors) == ["person"]


def test_nomination_form_refuses_an_award_that_does_not_take_the_kind(client_for, unit_user, own_org, campaign):
    award = AwardTypeFactory(for_individuals=False)
    person = PersonFactory(organization=own_org)

    response = client_for(unit_user).post(
        reverse("awards:nomination_create"),
        form_data(campaign, award, nominee_kind="individual", person=person.pk, achievements=""),
    )

    assert sorted(response.context["form"].errors) == ["achievements", "award_type"]
    assert response.context["form"]["person"].value() == str(person.pk)  # what was typed is kept


def test_nomination_form_attaches_a_checked_file(client_for, unit_user, campaign):
    data = form_data(campaign, AwardTypeFactory(), file=SimpleUploadedFile("Báo cáo.pdf", PDF))

    client_for(unit_user).post(reverse("awards:nomination_create"), data)

    assert list(NominationAttachment.objects.values_list("original_name", "content_type")) == [
        ("Báo cáo.pdf", "application/pdf")
    ]


def test_nomination_form_refuses_a_file_whose_content_lies(client_for, unit_user, campaign):
    data = form_data(campaign, AwardTypeFactory(), file=SimpleUploadedFile("Báo cáo.pdf", b"not a pdf at all"))

    response = client_for(unit_user).post(reverse("awards:nomination_create"), data)

    assert (list(response.context["form"].errors), Nomination.objects.count()) == (["file"], 0)


def test_nomination_edit_saves_the_draft(client_for, unit_user, own_org, campaign):
    nomination = NominationFactory(campaign=campaign, organization=own_org)

    client_for(unit_user).post(
        reverse("awards:nomination_edit", args=[nomination.pk]),
        form_data(campaign, nomination.award_type, achievements="Bản sửa", version=0),
    )

    nomination.refresh_from_db()
    assert (nomination.achievements, nomination.version) == ("Bản sửa", 1)


def test_nomination_edit_with_a_stale_version_keeps_the_input(client_for, unit_user, own_org, campaign):
    nomination = NominationFactory(campaign=campaign, organization=own_org, version=3)

    response = client_for(unit_user).post(
        reverse("awards:nomination_edit", args=[nomination.pk]),
        form_data(campaign, nomination.award_type, achievements="Bản của tôi", version=1),
    )

    form = response.context["form"]
    assert (form["achievements"].value(), form["version"].value(), bool(form.non_field_errors())) == (
        "Bản của tôi",
        3,
        True,
    )


def test_nomination_edit_conflict_shows_what_was_saved_meanwhile_and_asks_for_the_file_again(
    client_for, unit_user, own_org, campaign
):
    nomination = NominationFactory(campaign=campaign, organization=own_org, version=3, achievements="Bản của người kia")
    data = form_data(campaign, nomination.award_type, achievements="Bản của tôi", version=1)
    data["file"] = SimpleUploadedFile("ho-so.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    response = client_for(unit_user).post(reverse("awards:nomination_edit", args=[nomination.pk]), data)

    form = response.context["form"]
    assert (form.meanwhile, form["achievements"].value(), sorted(form.errors)) == (
        {"achievements": "Bản của người kia"},
        "Bản của tôi",
        ["__all__", "file"],
    )
    assert "Bản của người kia" in response.text and response.text.count("saved-meanwhile") == 1
    nomination.refresh_from_db()
    assert (nomination.achievements, nomination.attachments.count()) == ("Bản của người kia", 0)


def test_nomination_submit_get_changes_nothing(client_for, unit_user, own_org, campaign):
    nomination = NominationFactory(campaign=campaign, organization=own_org)

    response = client_for(unit_user).get(reverse("awards:nomination_submit", args=[nomination.pk]))

    nomination.refresh_from_db()
    assert (response.status_code, nomination.status) == (200, S.DRAFT)


def test_nomination_submit_post_sends_checks_and_records(client_for, unit_user, own_org, campaign):
    nomination = NominationFactory(campaign=campaign, organization=own_org)
    url = reverse("awards:nomination_submit", args=[nomination.pk])

    client_for(unit_user).post(url)
    nomination.refresh_from_db()
    first = (nomination.status, NominationEvent.objects.filter(nomination=nomination).count())
    response = client_for(unit_user).post(url)  # again: refused as the draft is gone, nothing more recorded

    assert first == (S.ELIGIBLE, 2)
    assert (response.status_code, NominationEvent.objects.filter(nomination=nomination).count()) == (403, 2)


def test_nomination_submit_of_another_unit_is_not_found(client_for, other_unit_user, own_org, campaign):
    nomination = NominationFactory(campaign=campaign, organization=own_org)

    response = client_for(other_unit_user).post(reverse("awards:nomination_submit", args=[nomination.pk]))

    nomination.refresh_from_db()
    assert (response.status_code, nomination.status) == (404, S.DRAFT)


def test_nomination_check_by_the_office_records_the_new_result(client_for, office_user, own_org, campaign):
    from factories import ViolationFactory

    nomination = NominationFactory(campaign=campaign, organization=own_org, status=S.ELIGIBLE)
    ViolationFactory(campaign=campaign, organization=own_org)
    url = reverse("awards:nomination_check", args=[nomination.pk])

    client_for(office_user).get(url)
    nomination.refresh_from_db()
    before = nomination.status
    client_for(office_user).post(url)
    nomination.refresh_from_db()

    assert (before, nomination.status, len(nomination.eligibility_reasons)) == (S.ELIGIBLE, S.NOT_ELIGIBLE, 1)
    assert NominationEvent.objects.get(nomination=nomination).by == office_user


def test_nomination_check_by_the_council_is_refused(client_for, council_user, own_org, campaign):
    nomination = NominationFactory(campaign=campaign, organization=own_org, status=S.ELIGIBLE)

    response = client_for(council_user).post(reverse("awards:nomination_check", args=[nomination.pk]))

    # A Council member does not even see a nomination that is not on an agenda (issue 16).
    assert response.status_code == 404


def test_nomination_detail_shows_the_reasons(client_for, leader_user, own_org, campaign):
    from django.utils import timezone

    nomination = NominationFactory(
        campaign=campaign,
        organization=own_org,
        status=S.NOT_ELIGIBLE,
        eligibility_reasons=["The unit did not register for the campaign."],
        eligibility_checked_at=timezone.now(),
    )

    response = client_for(leader_user).get(nomination.get_absolute_url())

    assert "The unit did not register for the campaign." in response.content.decode()


@pytest.fixture
def attachment(own_org, campaign, unit_user):
    from django.core.files.base import ContentFile

    nomination = NominationFactory(campaign=campaign, organization=own_org)
    return NominationAttachment.objects.create(
        nomination=nomination,
        file=ContentFile(PDF, name="x"),
        original_name="Biên bản bình xét.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=unit_user,
    )


def test_attachment_download_serves_the_file_to_a_reader(client_for, leader_user, attachment):
    response = client_for(leader_user).get(reverse("awards:attachment_download", args=[attachment.pk]))

    assert (response.status_code, b"".join(response.streaming_content), response["X-Content-Type-Options"]) == (
        200,
        PDF,
        "nosniff",
    )


def test_attachment_download_of_another_unit_is_not_found(client_for, other_unit_user, attachment):
    response = client_for(other_unit_user).get(reverse("awards:attachment_download", args=[attachment.pk]))

    assert response.status_code == 404


def test_attachment_delete_get_asks_and_post_removes(client_for, unit_user, attachment):
    url = reverse("awards:attachment_delete", args=[attachment.pk])
    client = client_for(unit_user)

    client.get(url)
    kept = NominationAttachment.objects.count()
    client.post(url)

    assert (kept, NominationAttachment.objects.count()) == (1, 0)


def test_unit_cannot_reach_another_units_nomination_page(client_for, other_unit_user, own_org, campaign):
    nomination = NominationFactory(campaign=campaign, organization=own_org)
    other = OrganizationFactory()
    NominationFactory(campaign=campaign, organization=other)

    response = client_for(other_unit_user).get(nomination.get_absolute_url())

    assert response.status_code == 404


def test_a_duplicate_nomination_is_flagged_when_its_draft_is_saved(
    client_for, english_client, unit_user, own_org, campaign
):
    """Issue 23: a duplicate (same nominee, campaign and award type) was flagged only when sent."""
    award = AwardTypeFactory()
    NominationFactory(campaign=campaign, organization=own_org, award_type=award)
    english_client.force_login(unit_user)

    response = english_client.post(reverse("awards:nomination_create"), form_data(campaign, award), follow=True)

    page = response.content.decode()
    assert "already has another nomination" in page and "Withdraw one of them" in page
    assert Nomination.objects.filter(campaign=campaign, award_type=award).count() == 2


def test_a_nomination_of_another_award_is_not_flagged_as_duplicate(english_client, unit_user, own_org, campaign):
    NominationFactory(campaign=campaign, organization=own_org, award_type=AwardTypeFactory())
    english_client.force_login(unit_user)

    response = english_client.post(
        reverse("awards:nomination_create"), form_data(campaign, AwardTypeFactory()), follow=True
    )

    assert "already has another nomination" not in response.content.decode()


def test_the_certificate_text_is_saved_with_a_live_counter_and_its_limit_on_the_field(
    client_for, unit_user, own_org, campaign
):
    nomination = NominationFactory(campaign=campaign, organization=own_org)
    url = reverse("awards:nomination_edit", args=[nomination.pk])
    page = client_for(unit_user).get(url).content.decode()
    assert 'data-counter=""' in page and 'maxlength="220"' in page and "js/counter.js" in page

    too_long = client_for(unit_user).post(
        url, form_data(campaign, nomination.award_type, version=0, certificate_text="x" * 221)
    )
    assert list(too_long.context["form"].errors) == ["certificate_text"]
    assert too_long.context["form"]["certificate_text"].value() == "x" * 221  # nothing typed is lost

    client_for(unit_user).post(
        url, form_data(campaign, nomination.award_type, version=0, certificate_text="Dẫn đầu  phong trào năm 2026")
    )
    nomination.refresh_from_db()
    assert nomination.certificate_text == "Dẫn đầu phong trào năm 2026"
