"""An award type's quota: one rule (awards.quota) for eligibility, the Council's shortlist and the
award-type pages, and the quotas an award type may hold (its constraint and clean)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from factories import AwardTypeFactory, CampaignFactory, OrganizationFactory, RegistrationFactory

from awards import council, nominations
from awards.models import AwardType, Nomination, NominationStatus
from awards.quota import COUNT, SHARE, binding_part, quota_against, quota_limit, share_of

S = NominationStatus


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- the rule over plain numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "share", "participants", "limit"),
    [
        (None, None, 50, None),  # neither: no quota
        (3, None, 100, 3),  # count only
        (0, None, 5, 0),  # a count of 0 allows none
        (None, Decimal("0.15"), 20, 3),  # share only
        (None, Decimal("0.15"), 19, 2),  # 2.85 rounds down
        (None, Decimal("0.15"), 6, 0),  # 0.9 rounds down to none
        (None, Decimal("0.3333"), 3, 0),  # 0.9999: below one
        (None, Decimal("1"), 7, 7),
        (None, Decimal("0.15"), 0, 0),  # no participants: a share allows none
        (5, Decimal("0.15"), 20, 3),  # both: the share is stricter
        (2, Decimal("0.15"), 40, 2),  # both: the count is stricter
        (3, Decimal("0.15"), 20, 3),  # both allow the same
        (5, Decimal("0.15"), 0, 0),  # both, no participants
        (5, None, 0, 5),  # a count does not depend on the participants
    ],
)
def test_quota_limit_is_the_stricter_of_the_count_and_the_share_rounded_down(count, share, participants, limit):
    assert quota_limit(count, share, participants) == limit


@pytest.mark.parametrize("share", [Decimal("0.15"), "0.15", 0.15])
def test_share_of_is_exact_whatever_the_share_is_given_as(share):
    # 0.15 as a binary float is 0.1499…: 20 of it must still be 3, not 2.
    assert share_of(share, 20) == 3


@pytest.mark.parametrize(("count", "share", "participants"), [(-1, None, 5), (None, Decimal("0.1"), -1)])
def test_quota_limit_refuses_negative_numbers(count, share, participants):
    with pytest.raises(ValueError):
        quota_limit(count, share, participants)


@pytest.mark.parametrize(
    ("count", "share", "participants", "part"),
    [
        (None, None, 20, None),
        (5, None, 20, COUNT),
        (None, Decimal("0.15"), 20, SHARE),
        (5, Decimal("0.15"), 20, SHARE),
        (2, Decimal("0.15"), 20, COUNT),
        (3, Decimal("0.15"), 20, COUNT),  # a tie is worded by the count
    ],
)
def test_binding_part_names_what_sets_the_limit(count, share, participants, part):
    assert binding_part(count, share, participants) == part


@pytest.mark.parametrize(
    ("proposed", "count", "share", "participants", "limit", "exceeded"),
    [
        (5, None, None, 0, None, False),
        (3, 3, None, 0, 3, False),
        (4, 3, None, 0, 3, True),
        (3, None, Decimal("0.15"), 19, 2, True),
        (4, 5, Decimal("0.15"), 20, 3, True),  # the count of 5 would allow it; the share does not
    ],
)
def test_quota_against_says_when_the_proposed_exceed_the_limit(proposed, count, share, participants, limit, exceeded):
    result = quota_against(proposed, quota_count=count, quota_share=share, participants=participants)

    assert (result.limit, result.exceeded) == (limit, exceeded)


# --- the probe: count 5, share 15 %, 20 participants is 3 everywhere ----------------------------


@pytest.mark.django_db
def test_count_5_and_share_15_percent_of_20_allow_3_in_eligibility_shortlist_and_award_type_page(
    office_user, client_for
):
    campaign = CampaignFactory()
    units = [OrganizationFactory() for _ in range(20)]
    for unit in units:
        RegistrationFactory(campaign=campaign, organization=unit)
    award = AwardTypeFactory(for_individuals=False, for_collectives=True, quota_count=5, quota_share=Decimal("0.15"))

    sent = []
    for unit in units[:4]:
        nomination = nominations.create_nomination(
            campaign=campaign,
            award_type=award,
            nominee_kind="collective",
            achievements="Giữ việc làm cho xã viên.",
            by=office_user,
            organization=unit,
        )
        nominations.submit_nomination(nomination, by=office_user)
        sent.append(nomination)
    Nomination.objects.filter(campaign=campaign, status=S.ELIGIBLE).update(status=S.PASSED)
    group = council.shortlist(campaign).tabs[0]
    page = client_for(office_user).get(reverse("awards:award_type_list")).content.decode()

    assert [n.status for n in sent] == [S.ELIGIBLE] * 3 + [S.NOT_ELIGIBLE]
    assert "15% of 20 registered units, that is 3" in sent[3].eligibility_reasons[0]
    assert (group.quota.limit, group.quota.count, group.quota.exceeded) == (3, 3, False)
    # the award-type page names both parts and that the stricter applies (its words are translated)
    assert "5 · 15%" in page and 'class="text-secondary award-quota-both"' in page


# --- which quotas an award type may hold -------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "share"),
    [(None, None), (5, None), (0, None), (None, Decimal("0.15")), (None, Decimal("1")), (5, Decimal("0.15"))],
)
def test_award_type_may_hold_no_quota_a_count_a_share_or_both(count, share):
    AwardTypeFactory(quota_count=count, quota_share=share)

    assert AwardType.objects.filter(quota_count=count, quota_share=share).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("share", [Decimal("0"), Decimal("-0.1"), Decimal("1.5")])
def test_database_refuses_a_share_outside_0_to_1(share):
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardTypeFactory(quota_share=share)
