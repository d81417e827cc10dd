"""The public honour board leaks nothing unpublished or not issued; examples are written, checked and published by the office."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import (
    CampaignFactory,
    DecisionFactory,
    ExemplaryExampleFactory,
    IssuedDocumentFactory,
    NominationFactory,
    OrganizationFactory,
)
from PIL import Image

from awards.examples import PHOTO_MAX_SIZE, check_photo, publish_example
from awards.models import Award, ExemplaryExample


def image_bytes(fmt):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def leaky(db, office_user):
    """Published and unpublished examples; awards of an issued decision, a draft and an issued proposal."""
    campaign = CampaignFactory(short_name="Chống dịch 2021")
    shown = ExemplaryExampleFactory(title="Gương sáng công khai", is_published=True)
    shown.photo.save("p", ContentFile(image_bytes("PNG")))
    hidden = ExemplaryExampleFactory(title="Bản nháp bí mật")
    hidden.photo.save("p", ContentFile(image_bytes("JPEG")))

    def award(decision, name):
        nomination = NominationFactory(campaign=campaign, organization=OrganizationFactory(name=name), status="decided")
        Award.objects.create(decision=decision, nomination=nomination, amount=900000)

    issued = DecisionFactory(
        campaign=campaign, status="issued", document=IssuedDocumentFactory(type_symbol="QĐ", issued_by=office_user)
    )
    award(issued, "Hợp tác xã Được Khen")
    award(DecisionFactory(campaign=campaign), "Hợp tác xã Còn Dự Thảo")
    proposal = DecisionFactory(
        campaign=campaign,
        kind="proposal",
        addressee="national",
        status="issued",
        document=IssuedDocumentFactory(type_symbol="TTr", issued_by=office_user),
    )
    award(proposal, "Hợp tác xã Mới Đề Nghị")
    return {"shown": shown, "hidden": hidden, "campaign": campaign}


def test_board_shows_published_examples_and_issued_awardees_only(leaky, client_for):
    response = client_for(None).get(reverse("honor:board"))

    text = response.content.decode()
    assert response.status_code == 200
    assert [e.title for e in response.context["examples"]] == ["Gương sáng công khai"]
    assert [a.printed_name for a in response.context["page"]] == ["Hợp tác xã Được Khen"]
    assert ("Bản nháp bí mật" in text, "Còn Dự Thảo" in text, "Mới Đề Nghị" in text) == (False, False, False)


def test_board_with_nothing_issued_lists_no_campaign(db, client_for):
    DecisionFactory()

    response = client_for(None).get(reverse("honor:board"))

    assert (response.status_code, response.context["campaigns"], response.context["page"]) == (200, [], None)


def test_board_for_a_campaign_without_issued_awards_answers_404(leaky, client_for):
    response = client_for(None).get(reverse("honor:board"), {"campaign": CampaignFactory().pk})

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("which", "user", "page", "status"),
    [
        ("shown", None, "honor:example", 200),
        ("hidden", None, "honor:example", 404),
        ("hidden", "office_user", "honor:example", 404),
        ("shown", None, "honor:photo", 200),
        ("hidden", None, "honor:photo", 404),
        ("hidden", "unit_user", "honor:photo", 404),
        ("hidden", "office_user", "honor:photo", 200),
    ],
)
def test_example_and_photo_are_public_only_once_published(leaky, client_for, request, which, user, page, status):
    client = client_for(request.getfixturevalue(user) if user else None)

    response = client.get(reverse(page, args=[leaky[which].pk]))

    assert response.status_code == status


def test_photo_is_served_with_the_type_of_its_content(leaky, client_for):
    response = client_for(None).get(reverse("honor:photo", args=[leaky["shown"].pk]))

    assert (response["Content-Type"], response["X-Content-Type-Options"]) == ("image/png", "nosniff")


# --- the photo check ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("a.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("a.png", image_bytes("PNG"), "image/png"),
        ("a.webp", image_bytes("WEBP"), "image/webp"),
        ("a.gif", image_bytes("GIF"), None),
        ("a.jpg", b"<script>alert(1)</script>", None),
        ("a.png", b"%PDF-1.7\n", None),
        ("a.jpg", b"", None),
        ("a.jpg", image_bytes("JPEG") + b"\0" * PHOTO_MAX_SIZE, None),
    ],
)
def test_check_photo_accepts_jpeg_png_webp_up_to_5_mb_by_content(name, content, accepted):
    upload = SimpleUploadedFile(name, content)

    if accepted:
        assert check_photo(upload) == accepted
    else:
        with pytest.raises(ValidationError):
            check_photo(upload)


def test_example_form_refuses_a_fake_photo_on_its_field_and_keeps_the_text(db, client_for, office_user):
    response = client_for(office_user).post(
        reverse("awards:example_create"),
        {
            "title": "Hợp tác xã giữ việc làm",
            "story": "Câu chuyện",
            "photo_upload": SimpleUploadedFile("a.jpg", b"GIF89a"),
        },
    )

    form = response.context["form"]
    assert (list(form.errors), form["title"].value(), ExemplaryExample.objects.count()) == (
        ["photo_upload"],
        "Hợp tác xã giữ việc làm",
        0,
    )


def test_example_form_saves_the_example_unpublished_with_its_photo(db, client_for, office_user):
    response = client_for(office_user).post(
        reverse("awards:example_create"),
        {"title": "Gương mới", "story": "Câu chuyện", "photo_upload": SimpleUploadedFile("a.png", image_bytes("PNG"))},
    )

    assert response.status_code == 302
    example = ExemplaryExample.objects.get()
    assert (example.is_published, bool(example.photo), example.created_by) == (False, True, office_user)
    assert example.history.first().history_user == office_user


# --- publishing --------------------------------------------------------------------------


def test_publish_get_asks_and_changes_nothing(db, client_for, office_user):
    example = ExemplaryExampleFactory()

    response = client_for(office_user).get(reverse("awards:example_publish", args=[example.pk]))

    example.refresh_from_db()
    assert (response.status_code, example.is_published) == (200, False)


def test_publish_post_publishes_and_records_who(db, client_for, office_user):
    example = ExemplaryExampleFactory()

    client_for(office_user).post(reverse("awards:example_publish", args=[example.pk]))

    example.refresh_from_db()
    assert (example.is_published, example.published_at is not None) == (True, True)
    assert example.history.first().history_user == office_user


def test_publish_again_changes_nothing_and_writes_no_history(db, office_user):
    example = publish_example(ExemplaryExampleFactory(), by=office_user)
    stamp, records = example.published_at, example.history.count()

    again = publish_example(example, by=office_user)

    assert (again.published_at, again.history.count()) == (stamp, records)


def test_unpublish_takes_the_example_off_the_board(db, client_for, office_user):
    example = publish_example(ExemplaryExampleFactory(title="Sắp gỡ"), by=office_user)

    client_for(office_user).post(reverse("awards:example_unpublish", args=[example.pk]))

    board = client_for(None).get(reverse("honor:board"))
    assert (list(board.context["examples"]), ExemplaryExample.objects.get().is_published) == ([], False)


@pytest.mark.parametrize("role", ["unit_user", "council_user", "leader_user"])
def test_publish_post_by_other_roles_is_refused(db, client_for, request, role):
    example = ExemplaryExampleFactory()

    response = client_for(request.getfixturevalue(role)).post(reverse("awards:example_publish", args=[example.pk]))

    example.refresh_from_db()
    assert (response.status_code, example.is_published) == (403, False)
