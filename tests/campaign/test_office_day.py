"""The office's day (issue 17 item 5): the queue, verify-and-next, bulk verify, evidence viewed inline,
several files per criterion at once."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from factories import ReportingPeriodFactory
from submission_builders import PDF, png_bytes, register, running_campaign, submission_in, upload

from campaign.models import Evidence, Submission, SubmissionStatus, SubmissionValue

S = SubmissionStatus


@pytest.fixture(autouse=True)
def _vietnamese_after(settings):
    """An English page activates English in this thread: later tests find Vietnamese again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def setup(own_org, other_org):
    setup = running_campaign()
    register(setup, own_org)
    register(setup, other_org)
    return setup


def _without_office_scores(*chosen):
    """Reports whose only qualitative criterion is dropped: verifiable without the office's scores."""
    SubmissionValue.objects.filter(submission__in=chosen, criterion__rule="qualitative").delete()


def test_the_queue_opens_on_reports_waiting_in_the_latest_period_begun(
    client_for, office_user, setup, own_org, other_org, unit_user, other_unit_user
):
    older = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    submission_in(S.VERIFIED, setup, other_org, other_unit_user)
    setup.period = ReportingPeriodFactory(
        campaign=setup.campaign,
        name="Tháng 12/2021",
        starts_on=dt.date(2021, 12, 1),
        ends_on=dt.date(2021, 12, 31),
        deadline=dt.date(2022, 1, 5),
    )
    newer = submission_in(S.SUBMITTED, setup, own_org, unit_user)

    client = client_for(office_user)
    url = reverse("campaign:submission_queue", args=[setup.campaign.pk])
    response = client.get(url)
    every_period = client.get(url, {"period": "", "status": S.SUBMITTED})

    # A bare visit opens on the latest period begun; an empty period lists them all, newest first.
    assert [s.pk for s in response.context["page"].object_list] == [newer.pk]
    assert (response.context["status"], response.context["filter"].form["period"].value()) == (
        S.SUBMITTED,
        str(setup.period.pk),
    )
    assert [s.pk for s in every_period.context["page"].object_list] == [newer.pk, older.pk]


def test_verify_and_next_opens_the_next_report_waiting(
    client_for, office_user, setup, own_org, other_org, unit_user, other_unit_user
):
    first = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    second = submission_in(S.SUBMITTED, setup, other_org, other_unit_user)
    _without_office_scores(first, second)
    client = client_for(office_user)

    response = client.post(reverse("campaign:submission_verify", args=[first.pk]), {"then": "next"})
    last = client.post(reverse("campaign:submission_verify", args=[second.pk]), {"then": "next"})

    assert (response.status_code, response.url) == (302, second.get_absolute_url())
    assert last.url == reverse("campaign:submission_queue", args=[setup.campaign.pk])
    assert set(Submission.objects.values_list("status", flat=True)) == {S.VERIFIED}


def test_bulk_verify_verifies_the_ticked_and_names_those_needing_scores(
    english_client, office_user, setup, own_org, other_org, unit_user, other_unit_user
):
    plain = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    scored = submission_in(S.SUBMITTED, setup, other_org, other_unit_user)
    _without_office_scores(plain)
    client = english_client
    client.force_login(office_user)

    response = client.post(
        reverse("campaign:submission_bulk_verify", args=[setup.campaign.pk]),
        {"ids": [plain.pk, scored.pk]},
        follow=True,
    )

    plain.refresh_from_db()
    scored.refresh_from_db()
    assert (plain.status, plain.verified_by, scored.status) == (S.VERIFIED, office_user, S.SUBMITTED)
    text = response.content.decode()
    assert "1 report was verified and locked." in text
    assert other_org.name in text


def test_bulk_verify_is_refused_to_readers_and_skips_others_campaigns(
    client_for, leader_user, office_user, setup, own_org, unit_user
):
    mine = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    _without_office_scores(mine)
    elsewhere = running_campaign()
    url = reverse("campaign:submission_bulk_verify", args=[elsewhere.campaign.pk])

    refused = client_for(leader_user).post(
        reverse("campaign:submission_bulk_verify", args=[setup.campaign.pk]), {"ids": [mine.pk]}
    )
    client_for(office_user).post(url, {"ids": [mine.pk]})

    mine.refresh_from_db()
    assert (refused.status_code, mine.status) == (403, S.SUBMITTED)


def test_bulk_verify_get_is_not_allowed(client_for, office_user, setup):
    response = client_for(office_user).get(reverse("campaign:submission_bulk_verify", args=[setup.campaign.pk]))

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("name", "content", "inline"),
    [("bien-ban.pdf", PDF, True), ("anh-chup.png", png_bytes(), True), ("bao-cao.docx", None, False)],
)
def test_evidence_view_shows_images_and_pdfs_inline_in_a_sandbox(
    client_for, office_user, setup, own_org, unit_user, name, content, inline
):
    from submission_builders import docx_bytes

    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    row = submission.values.get(criterion=setup.c.vaccinated)
    Submission.objects.filter(pk=submission.pk).update(status=S.DRAFT)
    from campaign import submissions as services

    item = services.add_evidence(row, upload(name, content or docx_bytes()), by=unit_user)

    response = client_for(office_user).get(reverse("campaign:evidence_view", args=[item.pk]))

    disposition = response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    if inline:
        assert disposition.startswith("inline")
        assert response["Content-Security-Policy"].startswith("sandbox")
    else:
        assert disposition.startswith("attachment")


def test_evidence_view_of_another_unit_is_404(client_for, other_unit_user, setup, own_org, unit_user):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    item = Evidence.objects.get(value__submission=submission)

    response = client_for(other_unit_user).get(reverse("campaign:evidence_view", args=[item.pk]))

    assert response.status_code == 404


def test_several_files_are_attached_to_one_criterion_in_one_save(client_for, setup, own_org, unit_user):
    submission = submission_in(S.DRAFT, setup, own_org, unit_user)
    c = setup.c
    data = {
        "version": submission.version,
        f"value_{c.vaccinated.pk}": "96,5",
        f"value_{c.it.pk}": "1",
        f"value_{c.sales.pk}": "620",
        f"note_{c.initiatives.pk}": "Mô hình mới",
        f"file_{c.vaccinated.pk}": [upload("mot.pdf"), upload("hai.png", png_bytes())],
        "action": "save",
    }

    response = client_for(unit_user).post(reverse("campaign:submission_edit", args=[submission.pk]), data)

    names = set(Evidence.objects.filter(value__submission=submission).values_list("original_name", flat=True))
    assert response.status_code == 302
    assert {"mot.pdf", "hai.png"} <= names


def test_a_refused_file_among_several_is_named_and_nothing_is_attached(english_client, setup, own_org, unit_user):
    submission = submission_in(S.DRAFT, setup, own_org, unit_user)
    before = Evidence.objects.count()
    c = setup.c
    data = {
        "version": submission.version,
        f"value_{c.vaccinated.pk}": "96,5",
        f"file_{c.vaccinated.pk}": [upload("mot.pdf"), upload("gia.pdf", b"not a pdf at all")],
        "action": "save",
    }

    english_client.force_login(unit_user)
    response = english_client.post(reverse("campaign:submission_edit", args=[submission.pk]), data)

    assert response.status_code == 200
    assert "gia.pdf:" in response.content.decode()
    assert Evidence.objects.count() == before


def test_the_queue_shows_ticks_only_to_the_office(client_for, leader_user, office_user, setup, own_org, unit_user):
    submission_in(S.SUBMITTED, setup, own_org, unit_user)
    url = reverse("campaign:submission_queue", args=[setup.campaign.pk])

    office = client_for(office_user).get(url).content.decode()
    leader = client_for(leader_user).get(url).content.decode()

    assert ('name="ids"' in office, 'name="ids"' in leader) == (True, False)
