"""The Council's arithmetic, table-driven: quorum, each nomination's tally, shares, order (quotas: test_quota.py)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from awards.parameter_keys import Comparison
from awards.parameters import Threshold
from awards.tally import Nominee, quorum, rank_key, shares, tally, tally_votes

MAJORITY = Threshold(Fraction(1, 2), Comparison.MORE_THAN)
TWO_THIRDS = Threshold(Fraction(2, 3), Comparison.AT_LEAST)
NINETY = Threshold(Fraction(9, 10), Comparison.AT_LEAST)
QUORUM = Threshold(Fraction(2, 3), Comparison.AT_LEAST)


@pytest.mark.parametrize(
    ("agree", "disagree", "present", "members", "rule", "needed", "passed"),
    [
        # a vote that fails its threshold, and the one vote more that passes it
        (3, 4, 7, 7, MAJORITY, 4, False),
        (4, 3, 7, 7, MAJORITY, 4, True),
        # more than half of an even membership: exactly half is not enough
        (4, 4, 8, 8, MAJORITY, 5, False),
        (5, 3, 8, 8, MAJORITY, 5, True),
        (3, 0, 6, 6, MAJORITY, 4, False),
        # exactly two thirds passes, one fewer does not
        (4, 2, 6, 6, TWO_THIRDS, 4, True),
        (3, 3, 6, 6, TWO_THIRDS, 4, False),
        (6, 0, 9, 9, TWO_THIRDS, 6, True),
        (5, 0, 7, 7, TWO_THIRDS, 5, True),
        (4, 0, 7, 7, TWO_THIRDS, 5, False),
        # absent members count against: 5 of the 6 present agree, yet 5 of 9 is short of two thirds
        (5, 1, 6, 9, TWO_THIRDS, 6, False),
        (4, 0, 5, 9, MAJORITY, 5, False),
        (5, 0, 5, 9, MAJORITY, 5, True),
        # present members who did not vote count against too
        (3, 0, 7, 7, MAJORITY, 4, False),
        # 90 % for provincial titles: 6.3 rounds up to 7
        (9, 1, 10, 10, NINETY, 9, True),
        (8, 2, 10, 10, NINETY, 9, False),
        (6, 0, 7, 7, NINETY, 7, False),
        (7, 0, 7, 7, NINETY, 7, True),
        # nobody voted
        (0, 0, 5, 5, MAJORITY, 3, False),
    ],
)
def test_tally_passes_only_when_agree_meets_the_threshold_of_all_members(
    agree, disagree, present, members, rule, needed, passed
):
    result = tally(agree, disagree, present=present, members=members, rule=rule)

    assert (result.needed, result.passed) == (needed, passed)
    assert (result.not_voted, result.absent, result.against) == (
        present - agree - disagree,
        members - present,
        members - agree,
    )


@pytest.mark.parametrize(
    ("present", "members", "needed", "met"),
    [
        (4, 7, 5, False),  # no quorum
        (5, 7, 5, True),
        (4, 6, 4, True),  # exactly two thirds
        (3, 5, 4, False),  # 60 % is short of two thirds
        (0, 5, 4, False),
        (1, 1, 1, True),
    ],
)
def test_quorum_needs_two_thirds_of_all_members(present, members, needed, met):
    result = quorum(present, members, QUORUM)

    assert (result.needed, result.met, result.absent) == (needed, met, members - present)


@pytest.mark.parametrize(
    ("agree", "disagree", "present", "members"),
    [
        (3, 3, 5, 7),  # more votes than members present
        (1, 0, 8, 7),  # more present than members
        (0, 0, 0, 0),  # a council without members
        (-1, 0, 3, 3),
    ],
)
def test_tally_refuses_impossible_counts(agree, disagree, present, members):
    with pytest.raises(ValueError):
        tally(agree, disagree, present=present, members=members, rule=MAJORITY)


def test_tally_votes_counts_each_nomination_including_one_nobody_voted_on():
    votes = [(1, "agree"), (1, "agree"), (1, "disagree"), (2, "disagree")]

    results = tally_votes(votes, {1: MAJORITY, 2: MAJORITY, 3: TWO_THIRDS}, present=3, members=5)

    assert {key: (r.agree, r.disagree, r.not_voted, r.passed) for key, r in results.items()} == {
        1: (2, 1, 0, False),  # 2 of 5 is not more than half
        2: (0, 1, 2, False),
        3: (0, 0, 3, False),
    }


def test_tally_votes_refuses_a_vote_on_a_nomination_off_the_agenda():
    with pytest.raises(ValueError):
        tally_votes([(9, "agree")], {1: MAJORITY}, present=3, members=5)


IND, DW, C, H = (
    Nominee("individual"),
    Nominee("individual", direct_worker=True),
    Nominee("collective"),
    Nominee("household"),
)


@pytest.mark.parametrize(
    ("nominees", "direct", "collectives"),
    [
        ([], (0, 0, None), (0, 0, None)),
        ([IND, DW, DW, C], (2, 3, Fraction(2, 3)), (1, 4, Fraction(1, 4))),
        ([C, C], (0, 0, None), (2, 2, Fraction(1))),
        ([IND, H], (0, 1, Fraction(0)), (0, 2, Fraction(0))),  # a household is not a collective
        ([DW], (1, 1, Fraction(1)), (0, 1, Fraction(0))),
    ],
)
def test_shares_count_direct_workers_among_individuals_and_collectives_among_all(nominees, direct, collectives):
    result = shares(nominees)

    assert (result.direct_workers.part, result.direct_workers.whole, result.direct_workers.ratio) == direct
    assert (result.collectives.part, result.collectives.whole, result.collectives.ratio) == collectives


def test_share_percent_is_rounded_to_one_decimal():
    assert shares([DW, IND, IND]).direct_workers.percent == 33.3


def test_rank_key_orders_by_score_then_name_with_no_score_last():
    rows = [(None, "An"), (Decimal("80"), "Bình"), (Decimal("92.5"), "Cường"), (Decimal("80"), "An")]

    ordered = sorted(rows, key=lambda r: rank_key(*r))

    assert ordered == [(Decimal("92.5"), "Cường"), (Decimal("80"), "An"), (Decimal("80"), "Bình"), (None, "An")]


def test_rank_key_puts_d_before_dj_at_equal_scores():
    """Issue 17: names sorted with Đ before D. The shortlist and the minutes rank equal scores by name."""
    rows = [(Decimal("80"), "Hà Văn Em"), (Decimal("80"), "Đặng Văn Đức"), (Decimal("80"), "Dương Thị Dung")]

    ordered = [name for _score, name in sorted(rows, key=lambda r: rank_key(*r))]

    assert ordered == ["Dương Thị Dung", "Đặng Văn Đức", "Hà Văn Em"]
