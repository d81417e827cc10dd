"""The leadership's shortlist from stored rank scores (issue 21 item 4): stored = recomputed after
a verification, one award type per tab, 50 rows a page, approve-all over the whole tab, access."""

from decimal import Decimal as D

import pytest
from django.test import override_settings
from django.urls import reverse
from factories import (
    AwardTypeFactory,
    CampaignFactory,
    HouseholdFactory,
    NominationFactory,
    OrganizationFactory,
    PersonFactory,
    RegistrationFactory,
    UserFactory,
)

from awards import council
from awards.models import Nomination, NominationStatus, NomineeKind
from awards.nominations import cached_quota_base, quota_base
from awards.rank_scores import refresh_rank_scores
from campaign import scopes, submissions
from campaign.models import Registration
from campaign.ranking import periods_up_to, ranked_scores
from core.caching import bump
from members.models import Role


def unit_score(campaign, organization):
    return ranked_scores(campaign, periods_up_to(campaign), cumulated=True, organization_ids=[organization.pk])[0]


def test_stored_rank_scores_equal_the_recomputed_after_a_verification_changes_the_unit(
    district_ranking, eager_celery, django_capture_on_commit_callbacks
):
    campaign, c = district_ranking.campaign, district_ranking.orgs.c
    nomination = NominationFactory(
        campaign=campaign, organization=c, award_type=AwardTypeFactory(), status=NominationStatus.PASSED
    )
    before = unit_score(campaign, c)
    assert (nomination.unit_total, nomination.shortlist_score) == (before.total, before.total)
    submission = c.submissions.get(period=district_ranking.p1)

    with django_capture_on_commit_callbacks(execute=True):
        submissions.verify(submission, by=UserFactory(username="vanphong_ds", role=Role.OFFICE))

    nomination.refresh_from_db()
    after = unit_score(campaign, c)
    assert after.total != before.total  # the verification moved the unit's cumulated score
    assert (nomination.unit_total, nomination.unit_band, nomination.unit_vetoed) == (
        after.total,
        after.band or "",
        after.vetoed,
    )
    assert nomination.shortlist_score == after.total
    assert refresh_rank_scores(campaign) == 0  # nothing left to correct: stored = recomputed


def test_the_nominations_own_score_ranks_it_and_the_eligibility_check_keeps_it(district_ranking):
    campaign, a = district_ranking.campaign, district_ranking.orgs.a
    nomination = NominationFactory(campaign=campaign, organization=a, status=NominationStatus.PASSED, score=D("12.5"))

    assert nomination.unit_total == unit_score(campaign, a).total
    assert (nomination.shortlist_score, nomination.shortlist_scored) == (D("12.5"), True)


@pytest.fixture
def long_list(db):
    """A campaign with 120 passed nominations of one award (scores 120 down to 1) and 3 of another."""
    campaign = CampaignFactory()
    many = AwardTypeFactory(name="Giấy khen", short_name="GK", order=1)
    few = AwardTypeFactory(name="Bằng khen", short_name="BK", order=2)
    units = OrganizationFactory.create_batch(123)
    Nomination.objects.bulk_create(
        Nomination(
            campaign=campaign,
            award_type=many if n < 120 else few,
            nominee_kind=NomineeKind.COLLECTIVE,
            organization=unit,
            achievements="Hoàn thành xuất sắc nhiệm vụ.",
            status=NominationStatus.PASSED,
            score=D(n + 1) if n < 120 else None,
        )
        for n, unit in enumerate(units)
    )
    assert refresh_rank_scores(campaign) == 123  # inserted in bulk: the rebuild fills them
    return campaign, many, few


def shown_scores(response):
    return [row.score for row in response.context["rows"]]


def test_one_award_per_tab_fifty_rows_a_page_highest_score_first(client_for, leader_user, long_list):
    campaign, many, few = long_list
    client = client_for(leader_user)
    url = reverse("awards:shortlist", args=[campaign.pk])

    first = client.get(url)
    assert [(t.award_type, t.rows, t.waiting) for t in first.context["shortlist"].tabs] == [
        (many, 120, 120),
        (few, 3, 3),
    ]
    assert first.context["tab"].award_type == many
    assert shown_scores(first) == [D(s) for s in range(120, 70, -1)]
    assert first.context["first_rank"] == 1

    last = client.get(url, {"type": many.pk, "page": 3})
    assert shown_scores(last) == [D(s) for s in range(20, 0, -1)]
    assert last.context["first_rank"] == 101
    assert b"101. " in last.content

    other = client.get(url, {"type": few.pk})
    assert other.context["tab"].award_type == few
    assert len(other.context["rows"]) == 3
    assert f"?type={few.pk}" in other.context["approve_all_url"]


def test_the_page_reads_a_fixed_number_of_queries_however_long_the_list(
    client_for, leader_user, long_list, django_assert_max_num_queries
):
    campaign, _many, _few = long_list
    client = client_for(leader_user)
    client.get(reverse("awards:shortlist", args=[campaign.pk]))  # session, permissions warmed

    with django_assert_max_num_queries(20):
        client.get(reverse("awards:shortlist", args=[campaign.pk]))


def test_approve_all_acts_on_the_whole_tab_not_only_the_page(client_for, leader_user, long_list):
    campaign, many, few = long_list
    client = client_for(leader_user)
    url = reverse("awards:shortlist_approve_all", args=[campaign.pk]) + f"?type={many.pk}"

    asked = client.get(url)
    assert asked.context["waiting_count"] == 120
    assert len(asked.context["waiting"]) == 50  # the first named; the button says 120
    assert b"120" in asked.content

    response = client.post(url, {"comment": ""})

    assert response.status_code == 302
    assert f"type={many.pk}" in response["Location"]
    statuses = Nomination.objects.filter(campaign=campaign)
    assert set(statuses.filter(award_type=many).values_list("status", flat=True)) == {NominationStatus.APPROVED}
    assert set(statuses.filter(award_type=few).values_list("status", flat=True)) == {NominationStatus.PASSED}


def test_the_office_reads_the_shortlist_and_only_the_leadership_approves(
    client_for, office_user, leader_user, long_list
):
    campaign, many, _few = long_list
    office = client_for(office_user)

    page = office.get(reverse("awards:shortlist", args=[campaign.pk]))
    assert page.status_code == 200
    assert not page.context["can_approve"]
    assert reverse("awards:shortlist_approve_all", args=[campaign.pk]).encode() not in page.content
    nomination = page.context["rows"][0].nomination
    assert reverse("awards:nomination_approve", args=[nomination.pk]).encode() not in page.content

    approve_all = reverse("awards:shortlist_approve_all", args=[campaign.pk]) + f"?type={many.pk}"
    assert office.post(approve_all, {"comment": ""}).status_code == 403
    assert office.post(reverse("awards:nomination_approve", args=[nomination.pk]), {}).status_code == 403
    assert not Nomination.objects.filter(status=NominationStatus.APPROVED).exists()

    leader_page = client_for(leader_user).get(reverse("awards:shortlist", args=[campaign.pk]))
    assert reverse("awards:nomination_approve", args=[nomination.pk]).encode() in leader_page.content


def test_a_bad_tab_or_page_falls_back_without_an_error(client_for, leader_user, long_list):
    campaign, many, _few = long_list
    client = client_for(leader_user)
    url = reverse("awards:shortlist", args=[campaign.pk])

    assert client.get(url, {"type": "x", "page": "zz"}).context["tab"].award_type == many
    assert client.get(url, {"type": 999999, "page": 99}).context["first_rank"] == 101
    approve_all = reverse("awards:shortlist_approve_all", args=[campaign.pk])
    assert client.get(approve_all, {"type": 999999}).status_code == 404


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_the_quota_base_is_cached_until_what_it_counts_changes(db):
    campaign = CampaignFactory()
    award = AwardTypeFactory(for_collectives=True, for_individuals=False, quota_share=D("0.5"))
    RegistrationFactory.create_batch(2, campaign=campaign)

    assert cached_quota_base(campaign, award) == 2
    third = RegistrationFactory(campaign=campaign)  # a registration saved: the count is read again
    assert cached_quota_base(campaign, award) == 3

    bump(scopes.submissions(0))  # what a submission bumps is not what it counts
    Registration.objects.filter(pk=third.pk).update(campaign=CampaignFactory())  # no signal: still cached
    assert cached_quota_base(campaign, award) == 3
    assert quota_base(campaign, award) == 2


def test_the_tabs_counts_are_kept_until_a_nomination_or_a_person_changes(locmem_cache, db):
    """The tabs' grouped counts are cached (awards.scopes.nominations, members' people): a vote,
    an approval or a person who stops being a direct worker shows at once; a verification does not
    touch them."""
    campaign = CampaignFactory()
    award = AwardTypeFactory(for_individuals=True)
    worker = PersonFactory(is_direct_worker=True)
    NominationFactory(campaign=campaign, award_type=award, status=NominationStatus.PASSED)
    person_nomination = NominationFactory(
        campaign=campaign,
        award_type=award,
        status=NominationStatus.PASSED,
        nominee_kind=NomineeKind.INDIVIDUAL,
        organization=worker.organization,
        person=worker,
    )
    first = council.shortlist(campaign)
    assert (first.rows, first.waiting, first.shares.direct_workers.part) == (2, 2, 1)

    approved = Nomination.objects.get(pk=person_nomination.pk)
    approved.status = NominationStatus.APPROVED
    approved.save()
    assert council.shortlist(campaign).waiting == 1

    worker.is_direct_worker = False
    worker.save()
    assert council.shortlist(campaign).shares.direct_workers.part == 0

    NominationFactory(campaign=campaign, award_type=award, status=NominationStatus.PASSED)
    NominationFactory(campaign=CampaignFactory(), award_type=award, status=NominationStatus.PASSED)
    assert council.shortlist(campaign).rows == 3  # the other campaign's is not counted here


def test_a_renamed_nominee_moves_in_the_shortlists_name_order_at_the_commit(db, django_capture_on_commit_callbacks):
    """Two nominations without a score sort by their nominee's name (the stored sort key): a person
    renamed takes their new place when the change is committed, not after the nightly refresh."""
    from core.collation import vietnamese_sort_bytes

    campaign = CampaignFactory()
    award = AwardTypeFactory(for_individuals=True)
    people = [PersonFactory(full_name=name) for name in ("An Văn Bình", "Bùi Thị Cúc")]
    for person in people:
        NominationFactory(
            campaign=campaign,
            award_type=award,
            status=NominationStatus.PASSED,
            nominee_kind=NomineeKind.INDIVIDUAL,
            organization=person.organization,
            person=person,
        )
    assert [n.person.full_name for n in council.ranked_nominations(campaign, award)] == ["An Văn Bình", "Bùi Thị Cúc"]

    with django_capture_on_commit_callbacks(execute=True):
        people[0].full_name = "Đinh Văn Bình"
        people[0].save()

    assert [n.person.full_name for n in council.ranked_nominations(campaign, award)] == ["Bùi Thị Cúc", "Đinh Văn Bình"]
    stored = Nomination.objects.get(person=people[0]).nominee_sort_key
    assert bytes(stored) == vietnamese_sort_bytes("Đinh Văn Bình")


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_the_quota_base_follows_the_people_and_households_of_the_registered_units(db):
    campaign = CampaignFactory()
    award = AwardTypeFactory(for_collectives=False, for_individuals=True, for_households=True, quota_share=D("0.5"))
    unit = RegistrationFactory(campaign=campaign).organization

    assert cached_quota_base(campaign, award) == 0
    PersonFactory(organization=unit)
    assert cached_quota_base(campaign, award) == 1
    HouseholdFactory(organization=unit)
    assert cached_quota_base(campaign, award) == 2 == quota_base(campaign, award)
