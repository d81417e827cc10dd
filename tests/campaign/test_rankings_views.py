"""The rankings, scorecard and violation pages: filters, exports, access and every change."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import (
    OrganizationFactory,
    ViolationFactory,
)
from openpyxl import load_workbook

from campaign.models import CampaignStatus, Violation


def rows_of(response):
    return [(s.rank, s.name, s.total) for s in response.context["page"].object_list]


def sheet_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


# --- rankings ------------------------------------------------------------------------


def test_rankings_show_every_unit_ranked_within_its_kind(client_for, office_user, three_ranked_units):
    response = client_for(office_user).get(reverse("campaign:rankings", args=[three_ranked_units.campaign.pk]))

    assert rows_of(response) == [
        (1, "Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil", D("80.00")),
        (2, "Hợp tác xã Cà phê Thuận An", D("60.00")),
        (1, "=Tổ hợp tác Cà phê", D("50.00")),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "group"}, ["=Tổ hợp tác Cà phê"]),
        ({"kind": "cooperative"}, ["Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil", "Hợp tác xã Cà phê Thuận An"]),
        ({"area": "district"}, ["Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil"]),
        ({"period": "period", "kind": "group"}, ["=Tổ hợp tác Cà phê"]),
        # a choice not offered is ignored: the whole ranking
        (
            {"kind": "nonsense"},
            ["Hợp tác xã Nông nghiệp Dịch vụ Đắk Wil", "Hợp tác xã Cà phê Thuận An", "=Tổ hợp tác Cà phê"],
        ),
    ],
)
def test_rankings_filter_by_period_kind_and_area(client_for, office_user, three_ranked_units, params, expected):
    params = dict(params)
    if params.get("area") == "district":
        params["area"] = three_ranked_units.district.pk
    if params.get("period") == "period":
        params["period"] = three_ranked_units.period.pk

    response = client_for(office_user).get(reverse("campaign:rankings", args=[three_ranked_units.campaign.pk]), params)

    assert [name for _rank, name, _total in rows_of(response)] == expected


def test_rankings_export_holds_exactly_the_rows_shown_with_formulas_neutralised(
    client_for, office_user, three_ranked_units
):
    url = reverse("campaign:rankings", args=[three_ranked_units.campaign.pk])
    params = {"period": three_ranked_units.period.pk}

    shown = rows_of(client_for(office_user).get(url, params))
    exported = sheet_rows(client_for(office_user).get(url, {**params, "export": "xlsx"}))

    assert [(row[0], row[1], row[-3]) for row in exported[1:]] == [
        (rank, "'" + name if name.startswith("=") else name, float(total)) for rank, name, total in shown
    ]
    assert exported[1][-2] == "Xuất sắc"


def test_rankings_read_the_same_number_of_queries_for_one_or_three_units(client_for, office_user, three_ranked_units):
    client = client_for(office_user)
    url = reverse("campaign:rankings", args=[three_ranked_units.campaign.pk])
    client.get(url)  # the first read stores the scores (campaign.UnitPeriodScore); compare the reads after it
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"kind": "group"})

    assert len(one) == len(three)


def test_rankings_of_a_draft_campaign_are_hidden_from_units(client_for, unit_user, three_ranked_units):
    three_ranked_units.campaign.status = CampaignStatus.DRAFT
    three_ranked_units.campaign.save()

    response = client_for(unit_user).get(reverse("campaign:rankings", args=[three_ranked_units.campaign.pk]))

    assert response.status_code == 404


def test_rankings_mark_the_units_own_row_and_link_only_its_scorecard(
    client_for, unit_user, own_org, three_ranked_units
):
    response = client_for(unit_user).get(reverse("campaign:rankings", args=[three_ranked_units.campaign.pk]))

    body = response.content.decode()
    own_link = reverse("campaign:scorecard", args=[three_ranked_units.campaign.pk, own_org.pk])
    assert (response.context["own_org"], body.count("/units/"), own_link in body) == (own_org.pk, 2, True)


# --- scorecard -----------------------------------------------------------------------


def test_scorecard_shows_the_unit_score_per_period_and_its_violations(
    client_for, unit_user, own_org, three_ranked_units
):
    ViolationFactory(
        campaign=three_ranked_units.campaign, organization=own_org, points=5, description="Không khai báo y tế"
    )
    ViolationFactory(
        campaign=three_ranked_units.campaign, organization=OrganizationFactory(), description="Vi phạm của đơn vị khác"
    )

    response = client_for(unit_user).get(
        reverse("campaign:scorecard", args=[three_ranked_units.campaign.pk, own_org.pk])
    )

    ((period, score),) = response.context["history"]
    assert (period, score.total, score.rank, score.band) == (three_ranked_units.period, D("75.00"), 1, "Xuất sắc")
    assert [v.description for v in response.context["violations"]] == ["Không khai báo y tế"]


def test_scorecard_of_another_unit_answers_404(client_for, other_unit_user, own_org, three_ranked_units):
    response = client_for(other_unit_user).get(
        reverse("campaign:scorecard", args=[three_ranked_units.campaign.pk, own_org.pk])
    )

    assert response.status_code == 404


# --- violation pages -----------------------------------------------------------------


def post_data(org, **overrides):
    data = {
        "organization": org.pk,
        "occurred_on": "20/11/2021",
        "effect": "deduction",
        "points": "5",
        "description": "Tổ chức họp đông người khi đang giãn cách",
    }
    data.update(overrides)
    return data


def test_violation_create_get_changes_nothing(client_for, office_user, three_ranked_units):
    response = client_for(office_user).get(reverse("campaign:violation_create", args=[three_ranked_units.campaign.pk]))

    assert (response.status_code, Violation.objects.count()) == (200, 0)


def test_violation_create_post_records_it_and_the_score_falls(client_for, office_user, own_org, three_ranked_units):
    client = client_for(office_user)

    response = client.post(
        reverse("campaign:violation_create", args=[three_ranked_units.campaign.pk]), post_data(own_org)
    )

    violation = Violation.objects.get()
    assert (response.status_code, violation.recorded_by, violation.points) == (302, office_user, D("5"))
    ranking = client.get(
        reverse("campaign:rankings", args=[three_ranked_units.campaign.pk]), {"period": three_ranked_units.period.pk}
    )
    assert rows_of(ranking)[0] == (1, own_org.name, D("75.00"))


def test_violation_create_with_a_date_outside_the_campaign_keeps_the_input_and_says_why(
    client_for, office_user, own_org, three_ranked_units
):
    response = client_for(office_user).post(
        reverse("campaign:violation_create", args=[three_ranked_units.campaign.pk]),
        post_data(own_org, occurred_on="01/01/2021"),
    )

    form = response.context["form"]
    assert (response.status_code, list(form.errors), form["description"].value(), Violation.objects.count()) == (
        200,
        ["occurred_on"],
        "Tổ chức họp đông người khi đang giãn cách",
        0,
    )


@pytest.mark.parametrize(("user", "expected"), [("unit_user", 403), ("council_user", 403)])
def test_violation_create_by_others_than_the_office_is_refused(
    client_for, request, own_org, three_ranked_units, user, expected
):
    response = client_for(request.getfixturevalue(user)).post(
        reverse("campaign:violation_create", args=[three_ranked_units.campaign.pk]), post_data(own_org)
    )

    assert (response.status_code, Violation.objects.count()) == (expected, 0)


@pytest.fixture
def violation(three_ranked_units, own_org, office_user):
    return ViolationFactory(
        campaign=three_ranked_units.campaign, organization=own_org, points=D("5"), recorded_by=office_user
    )


def test_violation_edit_post_changes_it_with_the_reason_in_history(client_for, office_user, own_org, violation):
    response = client_for(office_user).post(
        reverse("campaign:violation_edit", args=[violation.pk]),
        post_data(own_org, points="3", description=violation.description, reason="Giảm nhẹ theo biên bản"),
    )

    violation.refresh_from_db()
    assert (response.status_code, violation.points, violation.history.first().history_change_reason) == (
        302,
        D("3"),
        "Giảm nhẹ theo biên bản",
    )


@pytest.mark.parametrize(("user", "expected"), [("other_unit_user", 404), ("unit_user", 403), ("leader_user", 403)])
def test_violation_edit_post_by_others_changes_nothing(client_for, request, own_org, violation, user, expected):
    response = client_for(request.getfixturevalue(user)).post(
        reverse("campaign:violation_edit", args=[violation.pk]), post_data(own_org, points="0")
    )

    violation.refresh_from_db()
    assert (response.status_code, violation.points) == (expected, D("5"))


def test_violation_delete_get_asks_for_confirmation_and_changes_nothing(client_for, office_user, violation):
    response = client_for(office_user).get(reverse("campaign:violation_delete", args=[violation.pk]))

    assert (response.status_code, Violation.objects.count()) == (200, 1)


def test_violation_delete_post_deletes_and_a_repeat_finds_nothing(client_for, office_user, violation):
    client = client_for(office_user)
    url = reverse("campaign:violation_delete", args=[violation.pk])

    first = client.post(url, {"reason": "Ghi nhầm đơn vị"})
    second = client.post(url, {"reason": "Ghi nhầm đơn vị"})

    assert (first.status_code, second.status_code, Violation.objects.count()) == (302, 404, 0)
    assert Violation.history.filter(id=violation.pk, history_type="-").get().history_user == office_user


def test_violation_delete_without_a_reason_keeps_it(client_for, office_user, violation):
    response = client_for(office_user).post(reverse("campaign:violation_delete", args=[violation.pk]), {"reason": ""})

    assert (response.status_code, list(response.context["form"].errors), Violation.objects.count()) == (
        200,
        ["reason"],
        1,
    )


@pytest.mark.parametrize(("user", "expected"), [("other_unit_user", 404), ("unit_user", 403), ("council_user", 403)])
def test_violation_delete_post_by_others_changes_nothing(client_for, request, violation, user, expected):
    response = client_for(request.getfixturevalue(user)).post(
        reverse("campaign:violation_delete", args=[violation.pk]), {"reason": "Xóa"}
    )

    assert (response.status_code, Violation.objects.count()) == (expected, 1)


def test_violation_list_filters_by_effect_kind_and_search(client_for, office_user, own_org, three_ranked_units):
    ViolationFactory(campaign=three_ranked_units.campaign, organization=own_org, description="Không đeo khẩu trang")
    ViolationFactory(
        campaign=three_ranked_units.campaign,
        organization=OrganizationFactory(kind="group"),
        effect="veto",
        description="Để xảy ra ổ dịch",
        occurred_on=dt.date(2021, 12, 1),
    )
    client = client_for(office_user)
    url = reverse("campaign:violation_list", args=[three_ranked_units.campaign.pk])

    def descriptions(params):
        return [v.description for v in client.get(url, params).context["page"].object_list]

    assert descriptions({}) == ["Để xảy ra ổ dịch", "Không đeo khẩu trang"]
    assert descriptions({"effect": "veto"}) == ["Để xảy ra ổ dịch"]
    assert descriptions({"kind": "cooperative"}) == ["Không đeo khẩu trang"]
    assert descriptions({"q": "khẩu trang"}) == ["Không đeo khẩu trang"]


def test_violation_list_export_holds_the_filtered_rows(client_for, office_user, own_org, three_ranked_units):
    ViolationFactory(campaign=three_ranked_units.campaign, organization=own_org, description="=HYPERLINK(1)")
    ViolationFactory(campaign=three_ranked_units.campaign, effect="veto", description="Để xảy ra ổ dịch")

    response = client_for(office_user).get(
        reverse("campaign:violation_list", args=[three_ranked_units.campaign.pk]),
        {"effect": "deduction", "export": "xlsx"},
    )

    rows = sheet_rows(response)
    assert [(row[1], row[6], row[7]) for row in rows[1:]] == [(own_org.name, -5, "'=HYPERLINK(1)")]


def test_violation_list_is_not_a_unit_page(client_for, unit_user, three_ranked_units):
    response = client_for(unit_user).get(reverse("campaign:violation_list", args=[three_ranked_units.campaign.pk]))

    assert response.status_code == 403
