"""Proposals that come back (issue 22, item 5): the dossier's completeness, sending with its deadline, the
higher body's answer per line into the award history and the honour board, the dashboard's overdue list."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    SignerFactory,
    UserFactory,
    leader_approves,
)

from awards import proposals
from awards.decisions import issue_proposal, prepare_proposal
from awards.history import history_of
from awards.models import AwardIssuer, AwardRecord, LineAnswer, NominationStatus, ProposalDispatch, RecordSource
from core.errors import TransitionError
from members.models import Role

DAY = dt.date(2022, 2, 25)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="hoso.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def setup(db, demo_parameters, office_user):
    SignerFactory()
    campaign = CampaignFactory(plan_number=514)
    cstd = AwardTypeFactory(
        name="Chiến sĩ thi đua cấp tỉnh",
        short_name="CSTĐ tỉnh",
        category="title",
        issuer=AwardIssuer.PROVINCE,
        for_collectives=False,
        coefficient_key="",
    )
    merit = AwardTypeFactory(
        name="Bằng khen của Chủ tịch UBND tỉnh", short_name="Bằng khen tỉnh", issuer=AwardIssuer.PROVINCE
    )
    org = OrganizationFactory(name="Hợp tác xã Cà phê Đắk Mil")
    director = PersonFactory(full_name="Nguyễn Thị Hoa", organization=org, position="Giám đốc", gender="female")
    person_line = NominationFactory(
        campaign=campaign,
        award_type=cstd,
        nominee_kind="individual",
        organization=org,
        person=director,
        status=NominationStatus.APPROVED,
    )
    collective_line = NominationFactory(
        campaign=campaign, award_type=merit, organization=org, status=NominationStatus.APPROVED
    )
    proposal = prepare_proposal(
        campaign, [person_line, collective_line], addressee=AwardIssuer.PROVINCE, by=office_user, decided_on=DAY
    )
    issue_proposal(leader_approves(proposal), by=office_user)
    proposal.refresh_from_db()
    return {"proposal": proposal, "director": director, "org": org, "campaign": campaign, "cstd": cstd}


def _complete_dossier(proposal, office_user):
    for component, line in proposals.uploadable_components(proposal):
        proposals.add_dossier_file(proposal, pdf(), component=component, line=line, by=office_user)


def _lines(proposal):
    return {line.nomination.nominee_kind: line for line in proposal.awards.select_related("nomination")}


# --- the dossier ----------------------------------------------------------------------------------


def test_the_checklist_asks_the_law_s_components_and_counts_the_issued_proposal_itself(setup):
    checklist = proposals.dossier(setup["proposal"], today=dt.date(2022, 2, 28))

    rows = [
        (row["component"], row["line"].nomination.nominee_kind if row["line"] else None, row["met"])
        for row in checklist["rows"]
    ]
    assert rows == [
        ("to_trinh", None, True),
        ("bao_cao", "collective", False),  # collectives first, as the proposal lists them
        ("bao_cao", "individual", False),
        ("bien_ban", None, False),
        ("sang_kien", "individual", False),  # a Chiến sĩ thi đua rests on an initiative
    ]
    assert (checklist["complete"], checklist["rule"].source.startswith("Nghị định 91/2017")) == (False, True)


def test_sending_is_refused_while_the_dossier_is_incomplete(setup, office_user):
    proposal = setup["proposal"]
    proposals.add_dossier_file(proposal, pdf(), component="bien_ban", line=None, by=office_user)

    with pytest.raises(TransitionError) as refused:
        proposals.send_proposal(proposal, sent_on=dt.date(2022, 2, 28), by=office_user)

    assert "Nguyễn Thị Hoa" in str(refused.value)
    assert not ProposalDispatch.objects.exists()


def test_a_recognised_initiative_meets_the_proof_without_a_file(setup):
    from awards.models import Initiative

    initiative = Initiative.objects.create(
        title="Sấy cà phê bằng năng lượng mặt trời", organization=setup["org"], recognition_number="12/QĐ-HTX"
    )
    initiative.authors.add(setup["director"])

    rows = proposals.dossier(setup["proposal"])["rows"]

    proof = next(row for row in rows if row["component"] == "sang_kien")
    assert (proof["met"], proof["automatic"]) == (True, "12/QĐ-HTX – Sấy cà phê bằng năng lượng mặt trời")


def test_a_file_for_a_component_the_dossier_does_not_ask_is_refused(setup, office_user):
    collective = _lines(setup["proposal"])["collective"]

    with pytest.raises(TransitionError):
        proposals.add_dossier_file(setup["proposal"], pdf(), component="sang_kien", line=collective, by=office_user)


# --- sending and the deadline ---------------------------------------------------------------------


def test_sending_copies_the_limit_in_force_and_counts_the_deadline_in_working_days(setup, office_user):
    proposal = setup["proposal"]
    _complete_dossier(proposal, office_user)

    dispatch = proposals.send_proposal(proposal, sent_on=dt.date(2022, 3, 28), how="Hệ thống văn bản", by=office_user)
    again = proposals.send_proposal(proposal, sent_on=dt.date(2022, 3, 29), by=office_user)

    # 25 working days after 28/03/2022 skip 11/04 (Giỗ Tổ in lieu) and 02–03/05 (30/4 and 1/5 in lieu).
    assert (dispatch.answer_days, dispatch.deadline, dispatch.limit_confirmed) == (25, dt.date(2022, 5, 5), False)
    assert again.pk == dispatch.pk and again.sent_on == dt.date(2022, 3, 28)


def test_the_dossier_is_frozen_once_sent(setup, office_user):
    proposal = setup["proposal"]
    _complete_dossier(proposal, office_user)
    proposals.send_proposal(proposal, sent_on=dt.date(2022, 3, 1), by=office_user)

    with pytest.raises(TransitionError):
        proposals.add_dossier_file(proposal, pdf(), component="bien_ban", by=office_user)
    with pytest.raises(TransitionError):
        proposals.remove_dossier_file(proposal.dossier_files.first(), by=office_user)


def test_only_the_office_sends_and_not_before_the_proposal_s_date(setup, office_user):
    proposal = setup["proposal"]
    _complete_dossier(proposal, office_user)

    with pytest.raises(TransitionError):
        proposals.send_proposal(proposal, sent_on=DAY, by=UserFactory(role=Role.LEADER))
    with pytest.raises(TransitionError):
        proposals.send_proposal(proposal, sent_on=DAY - dt.timedelta(days=1), by=office_user)
    assert not ProposalDispatch.objects.exists()


# --- the round trip, through the pages ------------------------------------------------------------


def test_a_ttr_round_trip_ends_in_the_history_and_on_the_honour_board(setup, office_user, client_for):
    proposal, director = setup["proposal"], setup["director"]
    office = client_for(office_user)
    for component, line in proposals.uploadable_components(proposal):
        slot = f"{component}:{line.pk if line else ''}"
        response = office.post(reverse("awards:proposal_file_add", args=[proposal.pk]), {"slot": slot, "file": pdf()})
        assert response.status_code == 302, response.content

    response = office.post(reverse("awards:proposal_send", args=[proposal.pk]), {"sent_on": "28/02/2022"})
    assert response.status_code == 302
    lines = _lines(proposal)
    response = office.post(
        reverse("awards:proposal_answer", args=[proposal.pk]),
        {
            "reference": "456/QĐ-UBND",
            "decided_on": "08/04/2022",
            "body": "Chủ tịch UBND tỉnh Đắk Nông",
            "file": pdf("qd-456.pdf"),
            f"line_{lines['individual'].pk}": "granted",
            f"line_{lines['collective'].pk}": "refused",
        },
    )

    assert response.status_code == 302
    assert sorted(LineAnswer.objects.values_list("granted", flat=True)) == [False, True]
    record = AwardRecord.objects.get()
    assert (record.person, record.year, record.decision_number, record.source, record.award_id) == (
        director,
        2022,
        "456/QĐ-UBND",
        RecordSource.HIGHER_BODY_ANSWER,
        lines["individual"].pk,
    )
    assert [r.award_name for r in history_of(person=director)] == ["Chiến sĩ thi đua cấp tỉnh"]
    assert proposals.state_of(proposal, dt.date(2022, 4, 8)) == "answered"
    board = client_for(None).get(reverse("honor:board")).content.decode()
    assert "Nguyễn Thị Hoa" in board and "456/QĐ-UBND" in board
    assert board.count("Hợp tác xã Cà phê Đắk Mil</div>") == 0  # the line not granted is not on the board


def test_an_answer_before_the_sending_or_for_a_line_answered_twice_is_refused(setup, office_user):
    proposal = setup["proposal"]
    lines = _lines(proposal)
    with pytest.raises(TransitionError):  # not sent yet
        proposals.record_answer(
            proposal,
            reference="1/QĐ",
            decided_on=DAY,
            body="UBND",
            uploaded_file=pdf(),
            granted=[lines["individual"]],
            by=office_user,
        )
    _complete_dossier(proposal, office_user)
    proposals.send_proposal(proposal, sent_on=dt.date(2022, 3, 1), by=office_user)
    proposals.record_answer(
        proposal,
        reference="2/QĐ",
        decided_on=dt.date(2022, 3, 2),
        body="UBND",
        uploaded_file=pdf(),
        granted=[lines["individual"]],
        by=office_user,
    )

    with pytest.raises(TransitionError):
        proposals.record_answer(
            proposal,
            reference="3/QĐ",
            decided_on=dt.date(2022, 3, 3),
            body="UBND",
            uploaded_file=pdf(),
            refused=[lines["individual"]],
            granted=[],
            by=office_user,
        )
    with pytest.raises(TransitionError):
        proposals.record_answer(
            proposal,
            reference="3/QĐ",
            decided_on=dt.date(2022, 2, 27),
            body="UBND",
            uploaded_file=pdf(),
            granted=[lines["collective"]],
            by=office_user,
        )
    assert AwardRecord.objects.count() == 1


def test_the_answer_form_says_what_is_wrong_on_its_fields(setup, office_user, client_for, english):
    proposal = setup["proposal"]
    _complete_dossier(proposal, office_user)
    proposals.send_proposal(proposal, sent_on=dt.date(2022, 3, 1), by=office_user)
    client = client_for(office_user)
    client.cookies["thidua_language"] = "en"

    response = client.post(
        reverse("awards:proposal_answer", args=[proposal.pk]),
        {"reference": "", "decided_on": "31/02/2022", "body": "UBND"},
    )

    assert response.status_code == 400
    form = response.context["answer_form"]
    assert set(form.errors) == {"reference", "decided_on", "file", "__all__"}
    assert not LineAnswer.objects.exists()


# --- the dashboard and scoping ----------------------------------------------------------------------


def test_an_overdue_proposal_shows_on_the_staff_home_and_the_campaign_dashboard(
    setup, office_user, client_for, english
):
    proposal = setup["proposal"]
    _complete_dossier(proposal, office_user)
    proposals.send_proposal(proposal, sent_on=dt.date(2022, 3, 1), by=office_user)
    client = client_for(office_user)
    client.cookies["thidua_language"] = "en"

    council = client_for(UserFactory(role=Role.COUNCIL))
    council.cookies["thidua_language"] = "en"
    overview = council.get(reverse("home")).content.decode()  # the Council's home is the registry's overview
    dashboard = client.get(reverse("campaign:dashboard", args=[setup["campaign"].pk])).content.decode()

    assert [p.pk for p in proposals.outstanding()] == [proposal.pk]
    for page in (overview, dashboard):
        assert proposal.document.reference in page and "Overdue: no answer within the time limit" in page
        assert "1 overdue" in page


def test_an_answered_proposal_leaves_the_dashboard(setup, office_user):
    proposal = setup["proposal"]
    _complete_dossier(proposal, office_user)
    proposals.send_proposal(proposal, sent_on=dt.date(2022, 3, 1), by=office_user)
    proposals.record_answer(
        proposal,
        reference="9/QĐ",
        decided_on=dt.date(2022, 3, 2),
        body="UBND",
        uploaded_file=pdf(),
        granted=list(proposal.awards.all()),
        by=office_user,
    )

    assert proposals.outstanding() == []


def test_units_reach_no_dossier_of_a_proposal_even_one_naming_them(setup, office_user, client_for):
    proposal = setup["proposal"]
    _complete_dossier(proposal, office_user)
    own = UserFactory(role=Role.UNIT, organization=setup["org"])
    other = UserFactory(role=Role.UNIT, organization=OrganizationFactory())
    item = proposal.dossier_files.first()

    answers = [
        client_for(user).get(url).status_code
        for user in (own, other)
        for url in (
            reverse("awards:proposal_list"),
            reverse("awards:proposal_detail", args=[proposal.pk]),
            reverse("awards:proposal_file_download", args=[item.pk]),
        )
    ]
    staff = client_for(UserFactory(role=Role.COUNCIL)).get(reverse("awards:proposal_detail", args=[proposal.pk]))

    assert answers == [403] * 6
    assert staff.status_code == 200
