"""Submission pages: GET changes nothing, POST changes and records, outsiders 404, readers 403, no leaks."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from submission_builders import PDF, register, running_campaign, submission_in, upload

from campaign import counters
from campaign.models import Evidence, Submission, SubmissionEvent, SubmissionStatus

S = SubmissionStatus


@pytest.fixture
def setup(own_org, other_org):
    setup = running_campaign()
    register(setup, own_org)
    register(setup, other_org)
    return setup


@pytest.fixture
def users(office_user, leader_user, council_user, unit_user, other_unit_user):
    return {
        "office": office_user,
        "leader": leader_user,
        "council": council_user,
        "unit": unit_user,
        "other_unit": other_unit_user,
    }


def _post_data(setup, submission, **overrides):
    c = setup.c
    data = {
        "version": submission.version,
        f"value_{c.vaccinated.pk}": "96,5",
        f"note_{c.vaccinated.pk}": "48/50 người",
        f"value_{c.it.pk}": "1",
        f"value_{c.sales.pk}": "1.250",
        f"value_{c.initiatives.pk}": "",
        f"note_{c.initiatives.pk}": "Mô hình bán hàng qua Zalo",
        "action": "save",
    }
    data.update(overrides)
    return data


# --- the unit's list ------------------------------------------------------------------------


def test_my_submissions_shows_each_period_with_the_unit_state_and_return_reason(
    client_for, setup, own_org, other_org, unit_user, other_unit_user
):
    submission_in(S.RETURNED, setup, own_org, unit_user)
    submission_in(S.VERIFIED, setup, other_org, other_unit_user)

    response = client_for(unit_user).get(reverse("campaign:my_submissions", args=[setup.campaign.pk]))

    periods = [(p.name, s.status if s else None) for p, s in response.context["periods"]]
    assert (periods, "Thiếu biên bản" in response.text) == ([("Tháng 11/2021", S.RETURNED)], True)


@pytest.mark.parametrize("role", ["office", "leader", "council"])
def test_my_submissions_is_for_units_only(client_for, users, setup, role):
    response = client_for(users[role]).get(reverse("campaign:my_submissions", args=[setup.campaign.pk]))

    assert response.status_code == 403


def test_submission_start_post_opens_the_draft_and_goes_to_the_form(client_for, setup, own_org, unit_user):
    response = client_for(unit_user).post(reverse("campaign:submission_start", args=[setup.period.pk]))

    submission = Submission.objects.get(organization=own_org)
    assert (response.status_code, response.url) == (302, reverse("campaign:submission_edit", args=[submission.pk]))


def test_submission_start_get_creates_nothing(client_for, setup, unit_user):
    response = client_for(unit_user).get(reverse("campaign:submission_start", args=[setup.period.pk]))

    assert (response.status_code, Submission.objects.count()) == (405, 0)


def test_submission_start_for_an_unregistered_unit_creates_nothing(client_for, setup, unit_user, own_org):
    setup.campaign.registrations.filter(organization=own_org).delete()

    response = client_for(unit_user).post(reverse("campaign:submission_start", args=[setup.period.pk]), follow=True)

    assert (Submission.objects.count(), "not registered" in response.text or "chưa đăng ký" in response.text) == (
        0,
        True,
    )


# --- the form -------------------------------------------------------------------------------


@pytest.fixture
def draft(setup, own_org, unit_user):
    from campaign import submissions as services

    return services.open_submission(setup.period, own_org, by=unit_user)


def test_submission_edit_get_shows_a_card_per_criterion_with_a_decimal_keyboard(client_for, setup, draft, unit_user):
    response = client_for(unit_user).get(reverse("campaign:submission_edit", args=[draft.pk]))

    cards = [card["criterion"].code for card in response.context["form"].cards()]
    assert (cards, response.text.count('inputmode="decimal"'), 'name="version"' in response.text) == (
        ["1.1", "1.2", "2.1", "2.3"],
        3,
        True,
    )


def test_submission_edit_post_saves_values_typed_the_vietnamese_way(client_for, setup, draft, unit_user):
    response = client_for(unit_user).post(
        reverse("campaign:submission_edit", args=[draft.pk]), _post_data(setup, draft)
    )

    values = dict(draft.values.values_list("criterion__code", "value"))
    assert (response.status_code, values) == (
        302,
        {"1.1": Decimal("96.50"), "1.2": Decimal("1.00"), "2.1": Decimal("1250.00"), "2.3": None},
    )


def test_submission_edit_post_with_an_old_version_keeps_the_input_and_saves_nothing(
    client_for, setup, draft, unit_user
):
    from campaign import submissions as services

    services.save_values(draft, {setup.c.sales.pk: (Decimal("300"), "")}, by=unit_user, version=0)
    stale = _post_data(setup, draft, version=0)
    stale[f"value_{setup.c.sales.pk}"] = "777"

    response = client_for(unit_user).post(reverse("campaign:submission_edit", args=[draft.pk]), stale)

    form = response.context["form"]
    assert (response.status_code, form[f"value_{setup.c.sales.pk}"].value(), form["version"].value()) == (
        200,
        "777",
        1,
    )
    assert (len(form.non_field_errors()), draft.values.get(criterion=setup.c.sales).value) == (1, Decimal("300"))


def test_submission_edit_conflict_shows_what_was_saved_meanwhile_only_where_it_differs_and_asks_for_files_again(
    client_for, setup, draft, unit_user
):
    from campaign import submissions as services

    c = setup.c
    # Someone else saved: sales 300 and a note on vaccination; the rest as this user types it.
    services.save_values(
        draft,
        {c.sales.pk: (Decimal("300"), ""), c.vaccinated.pk: (Decimal("96.5"), "Đã sửa")},
        by=unit_user,
        version=0,
    )
    stale = _post_data(setup, draft, version=0)
    stale[f"value_{c.sales.pk}"] = "777"
    stale[f"file_{c.vaccinated.pk}"] = upload()

    response = client_for(unit_user).post(reverse("campaign:submission_edit", args=[draft.pk]), stale)

    form = response.context["form"]
    cards = {card["criterion"].code: (card["saved_value"], card["saved_note"]) for card in form.cards()}
    assert cards == {"1.1": (None, "Đã sửa"), "1.2": (None, None), "2.1": ("300", None), "2.3": (None, None)}
    assert response.text.count("saved-meanwhile") == 2
    assert (form[f"value_{c.sales.pk}"].value(), list(form.errors)) == ("777", ["__all__", f"file_{c.vaccinated.pk}"])
    assert Evidence.objects.count() == 0


def test_submission_edit_post_with_a_disguised_file_shows_the_error_on_that_field_and_keeps_values(
    client_for, setup, draft, unit_user
):
    data = _post_data(setup, draft)
    data[f"file_{setup.c.vaccinated.pk}"] = upload("bien-ban.pdf", b"MZ\x90\x00" + b"\x00" * 200)

    response = client_for(unit_user).post(reverse("campaign:submission_edit", args=[draft.pk]), data)

    form = response.context["form"]
    assert (response.status_code, list(form.errors), form[f"value_{setup.c.sales.pk}"].value()) == (
        200,
        [f"file_{setup.c.vaccinated.pk}"],
        "1.250",
    )
    assert (Evidence.objects.count(), draft.values.get(criterion=setup.c.sales).value) == (0, None)


def test_submission_edit_post_with_a_bad_number_shows_the_error_on_its_field(client_for, setup, draft, unit_user):
    data = _post_data(setup, draft, **{f"value_{setup.c.vaccinated.pk}": "120"})

    response = client_for(unit_user).post(reverse("campaign:submission_edit", args=[draft.pk]), data)

    assert (response.status_code, list(response.context["form"].errors)) == (200, [f"value_{setup.c.vaccinated.pk}"])


def test_submission_edit_post_uploads_a_file_and_remove_action_removes_it(client_for, setup, draft, unit_user):
    client = client_for(unit_user)
    url = reverse("campaign:submission_edit", args=[draft.pk])
    data = _post_data(setup, draft)
    data[f"file_{setup.c.vaccinated.pk}"] = upload("Biên bản tiêm chủng.pdf", PDF)
    client.post(url, data)
    item = Evidence.objects.get()
    draft.refresh_from_db()

    client.post(url, _post_data(setup, draft, action=f"remove-{item.pk}"))

    assert (item.original_name, Evidence.objects.count()) == ("Biên bản tiêm chủng.pdf", 0)


def test_submission_edit_post_send_with_missing_evidence_saves_and_marks_the_field(client_for, setup, draft, unit_user):
    response = client_for(unit_user).post(
        reverse("campaign:submission_edit", args=[draft.pk]), _post_data(setup, draft, action="submit")
    )

    draft.refresh_from_db()
    errors = list(response.context["form"].errors)
    assert (draft.status, draft.version, errors) == (S.DRAFT, 1, [f"file_{setup.c.vaccinated.pk}"])


def test_submission_edit_post_send_with_everything_submits(client_for, setup, draft, unit_user):
    data = _post_data(setup, draft, action="submit")
    data[f"file_{setup.c.vaccinated.pk}"] = upload("bien-ban.pdf", PDF)

    response = client_for(unit_user).post(reverse("campaign:submission_edit", args=[draft.pk]), data)

    draft.refresh_from_db()
    assert (response.status_code, draft.status) == (302, S.SUBMITTED)


@pytest.mark.parametrize("role", ["office", "leader", "council"])
def test_submission_edit_post_by_staff_answers_403_and_changes_nothing(client_for, users, setup, draft, role):
    response = client_for(users[role]).post(
        reverse("campaign:submission_edit", args=[draft.pk]), _post_data(setup, draft)
    )

    assert (response.status_code, draft.values.filter(value__isnull=False).count()) == (403, 0)


def test_submission_edit_post_by_another_unit_answers_404_and_changes_nothing(
    client_for, setup, draft, other_unit_user
):
    response = client_for(other_unit_user).post(
        reverse("campaign:submission_edit", args=[draft.pk]), _post_data(setup, draft)
    )

    assert (response.status_code, draft.values.filter(value__isnull=False).count()) == (404, 0)


# --- transitions by page --------------------------------------------------------------------

# action url -> (status before, actor role, POST data, status after)
TRANSITIONS = {
    "campaign:submission_submit": (S.DRAFT, "unit", {}, S.SUBMITTED),
    "campaign:submission_return": (S.SUBMITTED, "office", {"reason": "Thiếu biên bản tiêm chủng"}, S.RETURNED),
    "campaign:submission_verify": (S.SUBMITTED, "office", "scores", S.VERIFIED),
    "campaign:submission_reopen": (S.VERIFIED, "office", {"reason": "Doanh số chưa khớp hóa đơn"}, S.RETURNED),
}


def _data(setup, data):
    return {f"score_{setup.c.initiatives.pk}": "7,5"} if data == "scores" else data


@pytest.mark.parametrize("name", TRANSITIONS)
def test_transition_get_shows_the_page_and_changes_nothing(client_for, users, setup, own_org, unit_user, name):
    before, role, _, _ = TRANSITIONS[name]
    submission = submission_in(before, setup, own_org, unit_user)
    events = SubmissionEvent.objects.count()

    response = client_for(users[role]).get(reverse(name, args=[submission.pk]))

    submission.refresh_from_db()
    assert (response.status_code, submission.status, SubmissionEvent.objects.count()) == (200, before, events)


@pytest.mark.parametrize("name", TRANSITIONS)
def test_transition_post_changes_and_records_who(client_for, users, setup, own_org, unit_user, name):
    before, role, data, after = TRANSITIONS[name]
    submission = submission_in(before, setup, own_org, unit_user)

    response = client_for(users[role]).post(reverse(name, args=[submission.pk]), _data(setup, data))

    submission.refresh_from_db()
    event = submission.events.first()
    assert (response.status_code, submission.status, event.status, event.by) == (302, after, after, users[role])


@pytest.mark.parametrize("name", TRANSITIONS)
def test_transition_post_repeated_does_nothing_more(client_for, users, setup, own_org, unit_user, name):
    before, role, data, after = TRANSITIONS[name]
    submission = submission_in(before, setup, own_org, unit_user)
    client = client_for(users[role])
    client.post(reverse(name, args=[submission.pk]), _data(setup, data))
    events = SubmissionEvent.objects.count()

    client.post(reverse(name, args=[submission.pk]), _data(setup, data))

    submission.refresh_from_db()
    assert (submission.status, SubmissionEvent.objects.count()) == (after, events)


@pytest.mark.parametrize("name", TRANSITIONS)
def test_transition_post_by_another_unit_answers_404(client_for, users, setup, own_org, unit_user, name):
    before, _, data, _ = TRANSITIONS[name]
    submission = submission_in(before, setup, own_org, unit_user)

    response = client_for(users["other_unit"]).post(reverse(name, args=[submission.pk]), _data(setup, data))

    submission.refresh_from_db()
    assert (response.status_code, submission.status) == (404, before)


READ_ONLY = [
    (name, role)
    for name, (_, actor, _, _) in TRANSITIONS.items()
    for role in ["office", "leader", "council", "unit"]
    if role != actor
]


@pytest.mark.parametrize(("name", "role"), READ_ONLY)
def test_transition_post_by_a_reader_answers_403_and_changes_nothing(
    client_for, users, setup, own_org, unit_user, name, role
):
    before, _, data, _ = TRANSITIONS[name]
    submission = submission_in(before, setup, own_org, unit_user)

    response = client_for(users[role]).post(reverse(name, args=[submission.pk]), _data(setup, data))

    submission.refresh_from_db()
    assert (response.status_code, submission.status) == (403, before)


def test_return_post_without_reason_shows_the_error_and_changes_nothing(
    client_for, setup, own_org, unit_user, office_user
):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)

    response = client_for(office_user).post(
        reverse("campaign:submission_return", args=[submission.pk]), {"reason": " "}
    )

    submission.refresh_from_db()
    assert (response.status_code, list(response.context["form"].errors), submission.status) == (
        200,
        ["reason"],
        S.SUBMITTED,
    )


def test_verify_post_with_a_score_above_the_maximum_shows_the_error(client_for, setup, own_org, unit_user, office_user):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    field = f"score_{setup.c.initiatives.pk}"

    response = client_for(office_user).post(reverse("campaign:submission_verify", args=[submission.pk]), {field: "11"})

    submission.refresh_from_db()
    assert (list(response.context["form"].errors), submission.status) == ([field], S.SUBMITTED)


# --- detail and queue -----------------------------------------------------------------------


def test_submission_detail_for_staff_offers_the_review_and_shows_the_history(
    client_for, setup, own_org, unit_user, office_user
):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)

    response = client_for(office_user).get(submission.get_absolute_url())

    actions = [
        reverse(n, args=[submission.pk]) in response.text
        for n in ("campaign:submission_verify", "campaign:submission_return")
    ]
    assert (actions, len(response.context["events"])) == ([True, True], 2)


@pytest.mark.parametrize("role", ["leader", "council"])
def test_submission_detail_for_readers_offers_no_action(client_for, users, setup, own_org, unit_user, role):
    submission = submission_in(S.SUBMITTED, setup, own_org, unit_user)

    response = client_for(users[role]).get(submission.get_absolute_url())

    assert (response.status_code, reverse("campaign:submission_verify", args=[submission.pk]) in response.text) == (
        200,
        False,
    )


@pytest.fixture
def queue(setup, own_org, other_org, unit_user, other_unit_user):
    from factories import OrganizationFactory

    mine = submission_in(S.SUBMITTED, setup, own_org, unit_user)
    theirs = submission_in(S.VERIFIED, setup, other_org, other_unit_user)
    fund = OrganizationFactory(name="Quỹ tín dụng nhân dân Đức Lập", kind="credit_fund")
    register(setup, fund)
    Submission.objects.filter(pk=mine.pk).update(is_late=True)
    counters.count_submission(mine.period_id, own_org, (S.SUBMITTED, False), (S.SUBMITTED, True))  # as submit() counts
    return {"mine": mine, "theirs": theirs, "fund": submission_in(S.DRAFT, setup, fund, unit_user)}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["mine"]),
        ({"status": ""}, ["mine", "fund", "theirs"]),
        ({"status": "verified"}, ["theirs"]),
        ({"is_late": "true"}, ["mine"]),
        ({"kind": "credit_fund"}, ["fund"]),
        ({"q": "Thuận An"}, ["theirs"]),
    ],
)
def test_submission_queue_filters(client_for, office_user, setup, queue, params, expected):
    response = client_for(office_user).get(reverse("campaign:submission_queue", args=[setup.campaign.pk]), params)

    assert [s.pk for s in response.context["page"].object_list] == [queue[key].pk for key in expected]


def test_submission_queue_counts_each_status_under_the_other_filters(client_for, office_user, setup, queue):
    response = client_for(office_user).get(
        reverse("campaign:submission_queue", args=[setup.campaign.pk]), {"status": "verified"}
    )

    counts = {code: count for code, _, count, _ in response.context["statuses"]}
    assert counts == {"draft": 1, "submitted": 1, "returned": 0, "verified": 1}


def test_submission_queue_exports_the_filtered_rows(client_for, office_user, setup, queue, own_org):
    from openpyxl import load_workbook

    response = client_for(office_user).get(
        reverse("campaign:submission_queue", args=[setup.campaign.pk]), {"is_late": "true", "export": "xlsx"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[:2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [("Tháng 11/2021", own_org.name)]


@pytest.mark.parametrize(("role", "expected"), [("unit", 403), ("council", 200), ("leader", 200), ("office", 200)])
def test_submission_queue_answers_each_role(client_for, users, setup, role, expected):
    response = client_for(users[role]).get(reverse("campaign:submission_queue", args=[setup.campaign.pk]))

    assert response.status_code == expected


# --- evidence download ----------------------------------------------------------------------


@pytest.fixture
def evidence_item(setup, own_org, unit_user):
    submission = submission_in(S.DRAFT, setup, own_org, unit_user)
    return Evidence.objects.get(value__submission=submission)


def test_evidence_download_by_the_owner_streams_the_exact_bytes_as_an_attachment(client_for, unit_user, evidence_item):
    response = client_for(unit_user).get(reverse("campaign:evidence_download", args=[evidence_item.pk]))

    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
    ) == ("application/pdf", 'attachment; filename="bien-ban-kiem-tra.pdf"', "nosniff")


@pytest.mark.parametrize(
    ("role", "expected"), [("other_unit", 404), ("council", 404), ("leader", 200), ("office", 200)]
)
def test_evidence_download_answers_each_role(client_for, users, evidence_item, role, expected):
    response = client_for(users[role]).get(reverse("campaign:evidence_download", args=[evidence_item.pk]))

    assert response.status_code == expected


def test_evidence_download_anonymous_is_sent_to_login(client_for, evidence_item):
    url = reverse("campaign:evidence_download", args=[evidence_item.pk])

    response = client_for(None).get(url)

    assert (response.status_code, response.url) == (302, redirect_to_login(url).url)


def test_evidence_is_not_reachable_by_a_media_url(client_for, office_user, evidence_item):
    response = client_for(office_user).get("/media/" + evidence_item.file.name)

    assert response.status_code == 404


# --- no leaks -------------------------------------------------------------------------------


def test_unit_reaches_none_of_another_unit_submission_pages(client_for, setup, other_org, other_unit_user, unit_user):
    theirs = submission_in(S.RETURNED, setup, other_org, other_unit_user)
    item = Evidence.objects.get(value__submission=theirs)
    client = client_for(unit_user)
    urls = [
        reverse(name, args=[theirs.pk])
        for name in ("campaign:submission_detail", "campaign:submission_edit", "campaign:submission_submit")
    ] + [reverse("campaign:evidence_download", args=[item.pk])]

    answers = [client.get(url).status_code for url in urls]

    assert answers == [404, 404, 404, 404]


def test_my_submissions_never_lists_another_unit_submission(client_for, setup, other_org, other_unit_user, unit_user):
    submission_in(S.RETURNED, setup, other_org, other_unit_user)

    response = client_for(unit_user).get(reverse("campaign:my_submissions", args=[setup.campaign.pk]))

    assert ([s for _, s in response.context["periods"]], "Thiếu biên bản" in response.text) == ([None], False)
