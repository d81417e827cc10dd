"""Pages of decisions, proposals, certificates and the commendation history: who may do what, and what changes."""

import datetime as dt
import io
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    IssuingBodyFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    SignerFactory,
    leader_approves,
)
from openpyxl import load_workbook
from pdf_reading import page_texts

from awards.decisions import issue_decision, prepare_decision, prepare_proposal
from awards.models import AwardIssuer, Decision, NominationEvent, NominationStatus
from documents.models import IssuedDocument

DAY = dt.date(2022, 2, 25)


@pytest.fixture
def setup(demo_parameters, own_org, other_org):
    SignerFactory()
    campaign = CampaignFactory(short_name="Chống dịch 2021")
    giay_khen = AwardTypeFactory(name="Giấy khen của Chủ tịch Liên minh HTX tỉnh", short_name="Giấy khen")
    mine = NominationFactory(campaign=campaign, award_type=giay_khen, organization=own_org, status="approved")
    person = PersonFactory(full_name="Y Bhim Niê", organization=own_org)
    mine_person = NominationFactory(
        campaign=campaign,
        award_type=giay_khen,
        organization=own_org,
        nominee_kind="individual",
        person=person,
        status="approved",
    )
    theirs = NominationFactory(campaign=campaign, award_type=giay_khen, organization=other_org, status="approved")
    return {"campaign": campaign, "type": giay_khen, "nominations": [mine, mine_person, theirs], "person": person}


@pytest.fixture
def draft(setup, office_user):
    return prepare_decision(setup["campaign"], setup["nominations"], by=office_user, decided_on=DAY)


@pytest.fixture
def issued(draft, office_user):
    return issue_decision(leader_approves(draft), by=office_user)


def _statuses(nominations):
    return [type(n).objects.get(pk=n.pk).status for n in nominations]


# --- preparing ---------------------------------------------------------------------------


def test_prepare_page_lists_only_the_campaigns_approved_nominations_of_the_alliance(setup, client_for, office_user):
    NominationFactory(campaign=setup["campaign"], award_type=setup["type"], status="eligible")
    NominationFactory(
        campaign=setup["campaign"], award_type=AwardTypeFactory(issuer=AwardIssuer.NATIONAL), status="approved"
    )
    NominationFactory(award_type=setup["type"], status="approved")  # another campaign

    office = client_for(office_user)
    office.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = office.get(reverse("awards:decision_prepare", args=["decision"]), {"campaign": setup["campaign"].pk})

    choices = response.context["form"].fields["nominations"].queryset
    assert sorted(choices.values_list("pk", flat=True)) == sorted(n.pk for n in setup["nominations"])


def test_prepare_post_creates_a_draft_with_its_lines(setup, client_for, office_user):
    url = reverse("awards:decision_prepare", args=["decision"]) + f"?campaign={setup['campaign'].pk}"

    response = client_for(office_user).post(
        url, {"nominations": [n.pk for n in setup["nominations"][:2]], "decided_on": "25/02/2022"}
    )

    decision = Decision.objects.get()
    assert (response.status_code, response.url) == (302, decision.get_absolute_url())
    assert (decision.status, decision.awards.count(), decision.decided_on) == ("draft", 2, DAY)


def test_prepare_post_without_nominations_keeps_the_date_and_shows_the_error_on_the_field(
    setup, client_for, office_user
):
    url = reverse("awards:decision_prepare", args=["decision"]) + f"?campaign={setup['campaign'].pk}"

    response = client_for(office_user).post(url, {"decided_on": "25/02/2022", "title": "Về việc thử"})

    form = response.context["form"]
    assert (response.status_code, Decision.objects.count()) == (200, 0)
    assert list(form.errors) == ["nominations"]
    assert (form["decided_on"].value(), form["title"].value()) == ("25/02/2022", "Về việc thử")


def test_prepare_proposal_asks_for_the_addressee(setup, client_for, office_user):
    response = client_for(office_user).get(
        reverse("awards:decision_prepare", args=["proposal"]), {"campaign": setup["campaign"].pk}
    )

    assert (b'name="nominations"' in response.content, list(response.context["chooser"].errors)) == (
        False,
        ["addressee"],
    )


@pytest.mark.parametrize("role", ["unit", "council", "leader"])
def test_prepare_post_by_other_roles_is_refused_and_creates_nothing(setup, client_for, users_by_role, role):
    url = reverse("awards:decision_prepare", args=["decision"]) + f"?campaign={setup['campaign'].pk}"

    response = client_for(users_by_role[role]).post(
        url, {"nominations": [setup["nominations"][0].pk], "decided_on": "25/02/2022"}
    )

    assert (response.status_code, Decision.objects.count()) == (403, 0)


@pytest.fixture
def users_by_role(office_user, leader_user, council_user, unit_user, other_unit_user):
    return {
        "office": office_user,
        "leader": leader_user,
        "council": council_user,
        "unit": unit_user,
        "other_unit": other_unit_user,
    }


# --- issuing -----------------------------------------------------------------------------


def test_issue_get_shows_the_next_number_and_changes_nothing(draft, client_for, office_user):
    response = client_for(office_user).get(reverse("awards:decision_issue", args=[draft.pk]))

    draft.refresh_from_db()
    assert (response.status_code, response.context["next_reference"]) == (200, "01/QĐ-LMHTX")
    assert (draft.status, IssuedDocument.objects.count(), NominationEvent.objects.count()) == ("draft", 0, 0)


@pytest.mark.parametrize("role", ["office", "leader"])
def test_issue_post_by_staff_issues_and_records_who(draft, setup, client_for, users_by_role, role):
    user = users_by_role[role]
    leader_approves(draft, users_by_role["leader"])

    response = client_for(user).post(reverse("awards:decision_issue", args=[draft.pk]))

    draft.refresh_from_db()
    assert (response.status_code, draft.status, draft.document.reference) == (302, "issued", "01/QĐ-LMHTX")
    assert _statuses(setup["nominations"]) == [NominationStatus.DECIDED] * 3
    assert set(NominationEvent.objects.values_list("by", flat=True)) == {user.pk}


def test_issue_post_twice_issues_once(draft, client_for, office_user):
    leader_approves(draft)
    client = client_for(office_user)
    client.post(reverse("awards:decision_issue", args=[draft.pk]))

    client.post(reverse("awards:decision_issue", args=[draft.pk]))

    assert (IssuedDocument.objects.count(), NominationEvent.objects.count()) == (1, 3)


@pytest.mark.parametrize(("role", "status"), [("council", 403), ("unit", 404), ("other_unit", 404)])
def test_issue_post_by_others_is_refused_and_issues_nothing(draft, client_for, users_by_role, role, status):
    response = client_for(users_by_role[role]).post(reverse("awards:decision_issue", args=[draft.pk]))

    draft.refresh_from_db()
    assert (response.status_code, draft.status, IssuedDocument.objects.count()) == (status, "draft", 0)


def test_issue_post_of_a_proposal_numbers_a_ttr_and_marks_nominations_proposed(setup, client_for, office_user):
    upward = AwardTypeFactory(issuer=AwardIssuer.PROVINCE, coefficient_key="", name="Bằng khen của Chủ tịch UBND tỉnh")
    nomination = NominationFactory(campaign=setup["campaign"], award_type=upward, status="approved")
    proposal = prepare_proposal(
        setup["campaign"], [nomination], addressee=AwardIssuer.PROVINCE, by=office_user, decided_on=DAY
    )

    client_for(office_user).post(reverse("awards:decision_issue", args=[leader_approves(proposal).pk]))

    proposal.refresh_from_db()
    text = " ".join(" ".join(p.split()) for p in page_texts(proposal.document.file.read()))
    assert (proposal.document.reference, _statuses([nomination])) == ("01/TTr-LMHTX", ["proposed"])
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Đắk Nông" in text


def test_discard_get_asks_and_post_discards(draft, client_for, office_user):
    client = client_for(office_user)

    asked = client.get(reverse("awards:decision_discard", args=[draft.pk]))
    kept = Decision.objects.filter(pk=draft.pk).exists()
    client.post(reverse("awards:decision_discard", args=[draft.pk]))

    assert (asked.status_code, kept, Decision.objects.filter(pk=draft.pk).exists()) == (200, True, False)


def test_preview_is_a_watermarked_pdf(draft, client_for, leader_user):
    response = client_for(leader_user).get(reverse("awards:decision_preview", args=[draft.pk]))

    assert (response["Content-Type"], "DỰ THẢO" in " ".join(page_texts(response.content))) == ("application/pdf", True)


# --- downloads ---------------------------------------------------------------------------


def test_unit_downloads_the_decision_that_awards_it_as_stored(issued, client_for, unit_user):
    response = client_for(unit_user).get(reverse("awards:decision_download", args=[issued.pk]))

    assert b"".join(response.streaming_content) == issued.document.file.open("rb").read()


def test_unit_certificates_hold_only_its_own_awardees(issued, client_for, unit_user, own_org):
    response = client_for(unit_user).get(reverse("awards:decision_certificates", args=[issued.pk]))

    pages = [" ".join(p.split()) for p in page_texts(response.content)]
    assert len(pages) == 2
    assert all(own_org.name in page or "Y Bhim Niê" in page for page in pages)


def test_certificates_come_as_an_attachment_named_after_the_decision(issued, client_for, leader_user):
    # The reference holds "Đ": a plain filename="…" header was MIME-encoded whole by Django,
    # and browsers then showed the PDF instead of saving it.
    response = client_for(leader_user).get(reverse("awards:decision_certificates", args=[issued.pk]))

    reference = issued.document.reference.replace("/", "-")
    assert response["Content-Disposition"] == (f"attachment; filename*=utf-8''{quote(f'giay-khen-{reference}.pdf')}")


def test_staff_certificates_hold_every_awardee(issued, client_for, leader_user):
    response = client_for(leader_user).get(reverse("awards:decision_certificates", args=[issued.pk]))

    assert len(page_texts(response.content)) == 3


def test_another_unit_without_awards_gets_404_for_the_certificates(issued, client_for):
    from factories import UserFactory

    stranger = UserFactory(role="unit", organization=OrganizationFactory())

    response = client_for(stranger).get(reverse("awards:decision_certificates", args=[issued.pk]))

    assert response.status_code == 404


# --- history -----------------------------------------------------------------------------


@pytest.fixture
def history_data(issued, setup, office_user, own_org, other_org):
    """Awards of two years and two campaigns, for both units."""
    later_campaign = CampaignFactory(short_name="Thi đua 2026")
    SignerFactory(issuing_body__valid_from=dt.date(2025, 7, 1), issuing_body__place="Lâm Đồng")
    later = NominationFactory(
        campaign=later_campaign, award_type=setup["type"], organization=other_org, status="approved"
    )
    decision = prepare_decision(later_campaign, [later], by=office_user, decided_on=dt.date(2026, 8, 1))
    issue_decision(leader_approves(decision), by=office_user)
    draft_only = NominationFactory(
        campaign=later_campaign, award_type=setup["type"], organization=own_org, status="approved"
    )
    prepare_decision(later_campaign, [draft_only], by=office_user, decided_on=dt.date(2026, 8, 2))
    return {"later_campaign": later_campaign, "later": later, "draft_only": draft_only}


def _nomination_ids(response):
    return sorted(a.nomination_id for a in response.context["page"].object_list)


def test_history_for_a_unit_shows_only_its_own_issued_awards(history_data, setup, client_for, unit_user):
    response = client_for(unit_user).get(reverse("awards:history"))

    assert _nomination_ids(response) == sorted(n.pk for n in setup["nominations"][:2])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["mine", "mine_person", "theirs", "later"]),
        ({"year": "2026"}, ["later"]),
        ({"year": "2022"}, ["mine", "mine_person", "theirs"]),
        ({"q": "Bhim"}, ["mine_person"]),
        ({"organization": "own"}, ["mine", "mine_person"]),
        ({"person": "person"}, ["mine_person"]),
        ({"campaign": "later"}, ["later"]),
    ],
)
def test_history_filters_issued_awards(history_data, setup, client_for, office_user, own_org, params, expected):
    names = dict(zip(["mine", "mine_person", "theirs"], setup["nominations"], strict=True), later=history_data["later"])
    values = {"own": own_org.pk, "person": setup["person"].pk, "later": history_data["later_campaign"].pk}
    query = {key: values.get(value, value) for key, value in params.items()}

    response = client_for(office_user).get(reverse("awards:history"), query)

    assert _nomination_ids(response) == sorted(names[name].pk for name in expected)


def test_history_export_holds_the_filtered_rows_with_the_decision_number(history_data, client_for, unit_user):
    response = client_for(unit_user).get(reverse("awards:history"), {"export": "xlsx"})

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert sorted((row[0], row[5], row[8]) for row in rows) == [
        ("Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil", "01/QĐ-LMHTX", 900000),
        ("Y Bhim Niê", "01/QĐ-LMHTX", 450000),
    ]


def test_history_needs_a_login(client_for):
    response = client_for(None).get(reverse("awards:history"))

    assert response.status_code == 302


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def test_history_and_decision_list_queries_do_not_grow_with_rows(setup, client_for, office_user):
    client = client_for(office_user)
    first = prepare_decision(setup["campaign"], setup["nominations"][:1], by=office_user, decided_on=DAY)
    issue_decision(leader_approves(first), by=office_user)
    one = (_queries(client, reverse("awards:history")), _queries(client, reverse("awards:decision_list")))

    second = prepare_decision(setup["campaign"], setup["nominations"][1:], by=office_user, decided_on=DAY)
    issue_decision(leader_approves(second), by=office_user)
    three = (_queries(client, reverse("awards:history")), _queries(client, reverse("awards:decision_list")))

    assert one == three


# --- issue 23: the tờ trình answered, signers by body, the proposal's page -------------------------


def test_prepare_post_records_the_tờ_trình_the_decision_answers(setup, client_for, office_user):
    url = reverse("awards:decision_prepare", args=["decision"]) + f"?campaign={setup['campaign'].pk}"

    client_for(office_user).post(
        url,
        {
            "nominations": [setup["nominations"][0].pk],
            "decided_on": "25/02/2022",
            "request_reference": "02/TTr-HĐTĐKT",
            "request_date": "22/02/2022",
        },
    )

    decision = Decision.objects.get()
    assert (decision.request_reference, decision.request_date) == ("02/TTr-HĐTĐKT", dt.date(2022, 2, 22))


def test_prepare_refuses_a_tờ_trình_dated_after_the_decision_on_its_field(setup, client_for, office_user):
    url = reverse("awards:decision_prepare", args=["decision"]) + f"?campaign={setup['campaign'].pk}"

    response = client_for(office_user).post(
        url,
        {
            "nominations": [setup["nominations"][0].pk],
            "decided_on": "25/02/2022",
            "request_reference": "02/TTr-HĐTĐKT",
            "request_date": "26/02/2022",
        },
    )

    assert (list(response.context["form"].errors), Decision.objects.count()) == (["request_date"], 0)


def test_signers_are_listed_under_their_issuing_body_with_its_date(setup, client_for, office_user, english):
    later = IssuingBodyFactory(valid_from=dt.date(2025, 7, 1), full_name="Liên minh Hợp tác xã tỉnh Lâm Đồng")
    SignerFactory(issuing_body=later, full_name="Phạm Minh Tuấn")

    office = client_for(office_user)
    office.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = office.get(reverse("awards:decision_prepare", args=["decision"]), {"campaign": setup["campaign"].pk})

    choices = list(response.context["form"].fields["signer"].choices)
    groups = [label for label, options in choices[1:]]
    assert groups == [
        "Liên minh Hợp tác xã tỉnh Lâm Đồng (from 01/07/2025)",
        "Liên minh Hợp tác xã tỉnh Đắk Nông (from 08/06/2004)",
    ]


def test_the_proposal_page_names_the_addressee_and_the_list_shows_no_bonus_for_a_proposal(
    setup, client_for, office_user, english
):
    upward = AwardTypeFactory(issuer=AwardIssuer.PROVINCE, short_name="Bằng khen tỉnh")
    nomination = NominationFactory(campaign=setup["campaign"], award_type=upward, status="approved")
    proposal = prepare_proposal(
        setup["campaign"], [nomination], addressee=AwardIssuer.PROVINCE, by=office_user, decided_on=DAY
    )

    page = client_for(office_user).get(
        reverse("awards:decision_prepare", args=["proposal"]),
        {"campaign": setup["campaign"].pk, "addressee": "province"},
    )
    listing = client_for(office_user).get(reverse("awards:decision_list"))

    assert "· province" not in page.content.decode()
    assert f"· {AwardIssuer.PROVINCE.label}" in page.content.decode()
    html = listing.content.decode()
    row = html[html.index(f'href="{proposal.get_absolute_url()}"') :].split("</tr>")[0]
    assert 'text-end">0<' not in row and 'text-end">—<' in row


def test_the_decision_total_sits_in_the_amount_column_on_a_phone(issued, client_for, office_user):
    page = client_for(office_user).get(issued.get_absolute_url()).content.decode()
    footer = page.split("<tfoot>")[1].split("</tfoot>")[0]
    # The same cells as a row, hidden at the same widths: #+awardee, unit (md), award, coefficient (sm), base (lg), total.
    assert footer.count("<td") == 6 and 'colspan="2"' in footer
