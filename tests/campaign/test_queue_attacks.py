"""Attacks on the office's submission queue (issue 21: pages from an index, counts from counters):
a unit reaches no one else's report, and a filter typed by hand shows a page, never a server error."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from factories import ReportingPeriodFactory, UserFactory
from worlds import submit

from campaign.models import Submission, SubmissionStatus
from members.models import Role


@pytest.fixture
def queue_world(district_ranking):
    """district_ranking (a and b verified in November, c submitted, x outside the campaign) and a
    second campaign whose one report waits too; the counters recounted from the rows."""
    other_period = ReportingPeriodFactory(
        name="Quý I/2022", starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 3, 31), deadline=dt.date(2022, 4, 5)
    )
    elsewhere = submit(other_period, district_ranking.orgs.b, {}, SubmissionStatus.SUBMITTED)
    call_command("rebuild_counters", stdout=open("/dev/null", "w"))  # noqa: SIM115
    district_ranking.elsewhere = elsewhere
    district_ranking.other_period = other_period
    district_ranking.unit = UserFactory(username="donvi_a", role=Role.UNIT, organization=district_ranking.orgs.a)
    return district_ranking


def queue_url(w):
    return reverse("campaign:submission_queue", args=[w.campaign.pk])


def shown(response):
    return [s.pk for s in response.context["page"].object_list]


def test_the_office_sees_the_campaigns_waiting_report(client_for, office_user, queue_world):
    response = client_for(office_user).get(queue_url(queue_world), {"period": queue_world.p1.pk, "status": "submitted"})

    assert shown(response) == [queue_world.orgs.c.submissions.get(period=queue_world.p1).pk]


def test_a_unit_reads_no_queue_and_no_one_elses_report(client_for, queue_world):
    w, client = queue_world, client_for(queue_world.unit)
    theirs = w.orgs.b.submissions.get(period=w.p1)
    waiting = w.orgs.c.submissions.get(period=w.p1)

    assert client.get(queue_url(w)).status_code == 403
    assert client.get(queue_url(w), {"export": "xlsx", "status": ""}).status_code == 403
    for pk in (theirs.pk, waiting.pk, w.elsewhere.pk):
        assert client.get(reverse("campaign:submission_detail", args=[pk])).status_code == 404
        assert client.post(reverse("campaign:submission_verify", args=[pk]), {}).status_code in (403, 404)
        assert client.post(reverse("campaign:submission_return", args=[pk]), {"reason": "x"}).status_code in (403, 404)
    response = client.post(reverse("campaign:submission_bulk_verify", args=[w.campaign.pk]), {"ids": [waiting.pk]})
    assert response.status_code == 403
    assert Submission.objects.get(pk=waiting.pk).status == SubmissionStatus.SUBMITTED
    assert Submission.objects.get(pk=theirs.pk).return_reason == ""


def test_a_units_own_list_holds_its_own_reports_only(client_for, queue_world):
    w = queue_world
    response = client_for(w.unit).get(reverse("campaign:my_submissions", args=[w.campaign.pk]))

    found = [s for _period, s in response.context["periods"] if s is not None]
    assert [s.organization_id for s in found] == [w.orgs.a.pk]


BOGUS = [
    {"period": "abc"},
    {"period": "2,5"},
    {"period": "99999999999999999999999"},
    {"period": "-1"},
    {"period": "other"},  # a period of another campaign
    {"status": "bogus"},
    {"status": "submitted,verified"},
    {"is_late": "maybe"},
    {"is_late": "2,5"},
    {"kind": "nonsense"},
    {"area": "abc"},
    {"area": "2,5"},
    {"area": "99999999999999999999999"},
    {"page": "abc"},
    {"page": "2,5"},
    {"page": "99999"},
    {"page": "-1"},
    {"q": "x" * 5000},
    {"q": "%_\\'\""},
    {"period": "", "status": "", "page": "99999"},
]


@pytest.mark.parametrize("params", BOGUS)
@pytest.mark.parametrize("export", [False, True])
def test_a_bogus_filter_shows_the_campaigns_queue_never_a_server_error(
    client_for, office_user, queue_world, params, export
):
    w = queue_world
    params = {k: (str(w.other_period.pk) if v == "other" else v) for k, v in params.items()}
    if export:
        params["export"] = "xlsx"

    response = client_for(office_user).get(queue_url(w), params)

    assert response.status_code in (200, 400), params
    if not export and response.status_code == 200:
        ids = shown(response)
        assert w.elsewhere.pk not in ids  # another campaign's report never shows
        assert set(Submission.objects.filter(pk__in=ids).values_list("period__campaign", flat=True)) <= {w.campaign.pk}


@pytest.mark.parametrize("ids", [["abc"], ["2,5"], ["99999999999999999999999"], ["-1"], ["١"], []])
def test_bulk_verify_with_bogus_ids_verifies_nothing_and_goes_back(client_for, office_user, queue_world, ids):
    w = queue_world
    url = reverse("campaign:submission_bulk_verify", args=[w.campaign.pk])

    response = client_for(office_user).post(url, {"ids": ids, "back": "//evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == queue_url(w)  # not another site
    assert Submission.objects.filter(status=SubmissionStatus.SUBMITTED).count() == 2


def test_bulk_verify_of_another_campaigns_report_leaves_it(client_for, office_user, queue_world):
    w = queue_world
    url = reverse("campaign:submission_bulk_verify", args=[w.campaign.pk])

    client_for(office_user).post(url, {"ids": [w.elsewhere.pk]})

    assert Submission.objects.get(pk=w.elsewhere.pk).status == SubmissionStatus.SUBMITTED
