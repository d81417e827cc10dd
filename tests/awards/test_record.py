"""The record holds (issue 16, items 1–2): issued decisions print their copies, certificates come from the register,
and a correction or a revocation is its own numbered decision, linked both ways, shown wherever the original is."""

import hashlib
import importlib
import io

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from factories import NominationFactory, leader_approves
from openpyxl import load_workbook
from pdf_reading import page_texts
from test_decision_views import DAY, draft, issued, setup  # noqa: F401 - an issued decision of three awards

from awards.certificates import certificate_awards
from awards.decisions import issue_decision, prepare_decision
from awards.models import Award, Certificate, Decision, NominationStatus, RevokedAward
from documents.models import IssuedDocument, Signer
from documents.services import verify_stored

OLD_PERSON, NEW_PERSON = "Y Bhim Niê", "Người Đổi Tên"
OLD_UNIT, NEW_UNIT = "Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil", "Hợp tác xã Đã Đổi Tên"
OLD_SIGNER, NEW_SIGNER = "Nguyễn Khải", "Người Ký Mới"


def _rename_everything(setup):  # noqa: F811
    person = setup["person"]
    person.full_name, person.position = NEW_PERSON, "Chức vụ mới"
    person.save()
    organization = person.organization
    organization.name = NEW_UNIT
    organization.save()
    Signer.objects.update(full_name=NEW_SIGNER, title="PHÓ CHỦ TỊCH")
    award_type = setup["type"]
    award_type.name = "Tên loại khen thưởng mới"
    award_type.save()


def _text(pdf):
    return " ".join(" ".join(page_texts(pdf)).split())


def _certificates(client, decision):
    response = client.get(reverse("awards:decision_certificates", args=[decision.pk]))
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- 1. snapshots at issue --------------------------------------------------------------------


def test_issue_copies_what_the_decision_prints_into_its_rows(issued):  # noqa: F811
    award = Award.objects.get(decision=issued, nomination__person__isnull=False)

    assert (award.awardee_name, award.honorific, award.position, award.unit_name) == (
        OLD_PERSON,
        "Bà",
        "Xã viên",
        OLD_UNIT,
    )
    assert award.award_name == "Giấy khen của Chủ tịch Liên minh HTX tỉnh" and award.snapshot_at is not None
    issued.refresh_from_db()
    assert issued.printed["signer"]["full_name"] == OLD_SIGNER
    assert issued.printed["issuer"]["header_name"] == "LIÊN MINH HTX"


def test_after_renaming_person_unit_signer_and_award_every_issued_page_prints_the_old_names(
    issued,  # noqa: F811
    setup,  # noqa: F811
    client_for,
    office_user,
    django_capture_on_commit_callbacks,
):
    client = client_for(office_user)
    before = _certificates(client, issued)
    # What follows a rename at the commit (the nominations' rank scores, the score rows' names)
    # runs too: none of it reaches an issued paper.
    with django_capture_on_commit_callbacks(execute=True):
        _rename_everything(setup)

    certificates = _certificates(client, issued)
    detail = client.get(reverse("awards:decision_detail", args=[issued.pk])).content.decode()
    # The filters above the history list the registry as it is now; the table below them is the record.
    history = client.get(reverse("awards:history")).content.decode().split("<tbody", 1)[1]
    board = client_for(None).get(reverse("honor:board")).content.decode()
    export = client.get(reverse("awards:history"), {"export": "xlsx"})
    cells = [
        str(c) for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in row
    ]

    assert certificates == before  # the stored pages, byte for byte
    assert OLD_PERSON in _text(certificates) and OLD_SIGNER in _text(certificates)
    for page in (detail, history, board):
        assert OLD_PERSON in page and NEW_PERSON not in page
        assert NEW_UNIT not in page
    assert OLD_PERSON in cells and OLD_UNIT in cells and NEW_PERSON not in cells
    assert "Giấy khen của Chủ tịch Liên minh HTX tỉnh" in cells
    assert OLD_SIGNER in detail and NEW_SIGNER not in detail


# --- the certificate register --------------------------------------------------------------------


def test_certificates_are_numbered_at_issue_per_year_and_award_type(issued, setup, office_user):  # noqa: F811
    numbers = list(Certificate.objects.order_by("award__order").values_list("year", "number"))
    assert numbers == [(2022, 1), (2022, 2), (2022, 3)]

    campaign = setup["campaign"]
    again = NominationFactory(campaign=campaign, award_type=setup["type"], status="approved")
    other_type = NominationFactory(campaign=campaign, status="approved")
    second = issue_decision(
        leader_approves(prepare_decision(campaign, [again, other_type], by=office_user, decided_on=DAY)),
        by=office_user,
    )

    assert Certificate.objects.get(award__nomination=again).number == 4  # the same book continues
    assert Certificate.objects.get(award__nomination=other_type).number == 1  # another award type, another book
    assert second.document.reference == "02/QĐ-LMHTX"


def test_a_certificate_is_rendered_once_kept_with_its_sha256_and_printed_with_its_number(
    issued,  # noqa: F811
    client_for,
    office_user,
):
    pdf = _certificates(client_for(office_user), issued)

    stored = list(Certificate.objects.order_by("award__order"))
    assert all(c.sha256 and c.rendered_at for c in stored)
    for certificate in stored:
        with certificate.file.open("rb") as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == certificate.sha256
    assert "Số vào sổ: 01/2022" in _text(pdf) and "Số vào sổ: 03/2022" in _text(pdf)
    assert IssuedDocument.objects.count() == 1  # certificates have their own register, not the QĐ numbers


def test_the_issuing_job_renders_the_certificates_once(
    draft,  # noqa: F811
    office_user,
    eager_celery,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        issue_decision(leader_approves(draft), by=office_user)

    assert Certificate.objects.filter(sha256="").count() == 0 and Certificate.objects.count() == 3


def test_the_data_migration_fills_copies_and_numbers_of_decisions_issued_before(issued):  # noqa: F811
    Award.objects.update(awardee_name="", unit_name="", snapshot_at=None)
    Decision.objects.update(printed={})
    Certificate.objects.all().delete()
    migration = importlib.import_module("awards.migrations.0008_fill_record_snapshots")

    migration.fill(apps, None)

    award = Award.objects.get(decision=issued, nomination__person__isnull=False)
    issued.refresh_from_db()
    assert (award.awardee_name, award.unit_name) == (OLD_PERSON, OLD_UNIT) and award.snapshot_at
    assert issued.printed["signer"]["full_name"] == OLD_SIGNER
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [1, 2, 3]


# --- 2. correction and revocation --------------------------------------------------------------


def test_office_prepares_a_correction_leadership_issues_it_and_every_page_shows_it(
    issued,  # noqa: F811
    client_for,
    office_user,
    leader_user,
    english,
):
    original_sha = issued.document.sha256
    office = client_for(office_user)
    response = office.post(
        reverse("awards:amendment_prepare", args=[issued.pk, "correction"]),
        {
            "decided_on": "10/03/2022",
            "correction": "Tại số thứ tự 2 của Danh sách, tên “Y Bhim Niê” được đính chính là “Y Bhim Niê Kdăm”.",
            "reason": "đề nghị của Văn phòng",
        },
    )
    correction = Decision.objects.get(kind="correction")
    assert response.status_code == 302 and correction.amends == issued and correction.status == "draft"

    leader = client_for(leader_user)
    leader.post(reverse("awards:decision_approve", args=[correction.pk]))
    response = leader.post(reverse("awards:decision_issue", args=[correction.pk]))
    correction.refresh_from_db()
    issued.refresh_from_db()

    assert correction.status == "issued" and correction.document.reference == "02/QĐ-LMHTX"
    assert list(issued.amendments.all()) == [correction]
    assert issued.document.sha256 == original_sha and verify_stored(issued.document)
    text = _text(correction.document.file.read())
    assert "đính chính Quyết định số 01/QĐ-LMHTX" in text and "Y Bhim Niê Kdăm" in text
    english_office = client_for(office_user)
    english_office.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (reverse("awards:decision_detail", args=[issued.pk]), reverse("awards:history")):
        assert "Corrected by 02/QĐ-LMHTX" in english_office.get(url).content.decode()
    board = client_for(None)
    board.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Corrected by 02/QĐ-LMHTX" in board.get(reverse("honor:board")).content.decode()


def test_a_revocation_names_the_money_to_recover_and_the_award_no_longer_counts(
    issued,  # noqa: F811
    setup,  # noqa: F811
    client_for,
    office_user,
    leader_user,
):
    award = Award.objects.get(decision=issued, nomination__person__isnull=False)
    office = client_for(office_user)
    response = office.post(
        reverse("awards:amendment_prepare", args=[issued.pk, "revocation"]),
        {
            "decided_on": "15/04/2022",
            "reason": "kết luận thanh tra cho thấy hồ sơ không trung thực",
            "awards": [award.pk],
            f"recover_{award.pk}": "300000",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    revocation = Decision.objects.get(kind="revocation")
    assert list(RevokedAward.objects.values_list("award", "amount_to_recover")) == [(award.pk, 300000)]

    leader = client_for(leader_user)
    leader.post(reverse("awards:decision_approve", args=[revocation.pk]))
    leader.post(reverse("awards:decision_issue", args=[revocation.pk]))
    revocation.refresh_from_db()
    award.nomination.refresh_from_db()

    assert revocation.status == "issued" and revocation.amends_id == issued.pk
    assert award.nomination.status == NominationStatus.REVOKED
    assert award not in certificate_awards(issued) and len(certificate_awards(issued)) == 2
    assert Award.objects.filter(pk=award.pk).exists()  # the original's line stays as issued
    text = _text(revocation.document.file.read())
    assert "Hủy bỏ quyết định khen thưởng" in text and "300.000" in text and OLD_PERSON in text
    english_office = client_for(office_user)
    english_office.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    history = english_office.get(reverse("awards:history")).content.decode()
    assert "Revoked by 02/QĐ-LMHTX" in history
    # Nominated again in the same campaign, the nominee is not "already awarded".
    from awards.nominations import gather_facts  # noqa: PLC0415  (a test of the eligibility facts)

    again = NominationFactory(
        campaign=setup["campaign"],
        award_type=setup["type"],
        nominee_kind="individual",
        person=setup["person"],
        organization=setup["person"].organization,
        status="submitted",
    )
    assert gather_facts(again)[1].same_type_status == ""


def test_an_award_cannot_be_revoked_twice_nor_recover_more_than_awarded(
    issued,  # noqa: F811
    client_for,
    office_user,
    leader_user,
    english,
):
    award = Award.objects.filter(decision=issued).first()
    office = client_for(office_user)
    office.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("awards:amendment_prepare", args=[issued.pk, "revocation"])
    too_much = office.post(
        url,
        {"decided_on": "15/04/2022", "reason": "sai", "awards": [award.pk], f"recover_{award.pk}": "999999999"},
    )
    assert too_much.status_code == 200 and not Decision.objects.filter(kind="revocation").exists()

    early = office.post(url, {"decided_on": "01/01/2022", "reason": "sai", "awards": [award.pk]})
    assert early.status_code == 200 and "earlier than the decision it mends" in early.content.decode()

    office.post(url, {"decided_on": "15/04/2022", "reason": "sai", "awards": [award.pk]})
    revocation = Decision.objects.get(kind="revocation")
    leader = client_for(leader_user)
    leader.post(reverse("awards:decision_approve", args=[revocation.pk]))
    leader.post(reverse("awards:decision_issue", args=[revocation.pk]))
    page = office.get(url)
    assert award.pk not in [a.pk for a in page.context["form"].choosable]


@pytest.mark.parametrize("who", ["unit_user", "council_user"])
def test_only_the_office_prepares_a_correction_or_revocation(issued, client_for, who, request):  # noqa: F811
    user = request.getfixturevalue(who)
    response = client_for(user).post(
        reverse("awards:amendment_prepare", args=[issued.pk, "correction"]),
        {"decided_on": "10/03/2022", "correction": "sửa"},
    )

    assert response.status_code in (403, 404) and not Decision.objects.filter(kind="correction").exists()


def test_a_unit_cannot_issue_a_correction_draft(issued, client_for, office_user, unit_user):  # noqa: F811
    client_for(office_user).post(
        reverse("awards:amendment_prepare", args=[issued.pk, "correction"]),
        {"decided_on": "10/03/2022", "correction": "sửa"},
    )
    correction = Decision.objects.get(kind="correction")

    response = client_for(unit_user).post(reverse("awards:decision_issue", args=[correction.pk]))

    correction.refresh_from_db()
    assert response.status_code == 404 and correction.status == "draft"


def test_a_revocation_is_issued_only_as_a_leader_approved_it(issued, client_for, office_user, leader_user, english):  # noqa: F811
    """The office prepares a revocation; it cannot issue it unapproved, nor after changing it once approved."""
    award = Award.objects.filter(decision=issued).first()
    office = client_for(office_user)
    office.post(
        reverse("awards:amendment_prepare", args=[issued.pk, "revocation"]),
        {"decided_on": "15/04/2022", "reason": "sai", "awards": [award.pk], f"recover_{award.pk}": "100000"},
    )
    revocation = Decision.objects.get(kind="revocation")
    issue = reverse("awards:decision_issue", args=[revocation.pk])
    office.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    office.post(issue)
    revocation.refresh_from_db()
    assert revocation.status == "draft" and revocation.document is None  # not approved: nothing issued

    assert office.post(reverse("awards:decision_approve", args=[revocation.pk])).status_code == 403
    client_for(leader_user).post(reverse("awards:decision_approve", args=[revocation.pk]))
    # After the approval the money to recover is raised: the approval no longer holds.
    RevokedAward.objects.filter(decision=revocation).update(amount_to_recover=200000)
    page = office.get(issue).content.decode()
    assert "approval no longer holds" in page
    office.post(issue)
    revocation.refresh_from_db()
    assert revocation.status == "draft"

    client_for(leader_user).post(reverse("awards:decision_approve", args=[revocation.pk]))
    office.post(issue)
    revocation.refresh_from_db()
    assert revocation.status == "issued" and {a.approved_by for a in revocation.approvals.all()} == {leader_user}
