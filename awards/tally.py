"""The Council's arithmetic over plain numbers: quorum, each nomination's tally and the shortlist's shares.

An award type's quota is counted by awards.quota, the one rule that eligibility uses too.

Nothing here reads the database. Thresholds are the `Threshold` rules that
`parameters.threshold_on(key, day)` returns (a ratio and how it compares); the exact
comparisons are those of parameters.threshold_met / votes_needed, which are pure too.
Every threshold is a share of the WHOLE membership: an absent member counts against, as
does a present member who did not vote. The law (Luật 06/2022 Đ.90, LAW.md A3) sets the share
of all members and says nothing of abstention or recusal, so both count as not in favour: an
abstaining member did not agree, and a recused member (connected to the nominee) stays in the
base, so that standing aside can never lower the votes needed (as setting the membership lower
once could). Both are counted and printed apart.
"""

from dataclasses import dataclass
from fractions import Fraction

from core.collation import vietnamese_key

from .parameters import threshold_met, votes_needed

AGREE = "agree"
DISAGREE = "disagree"
ABSTAIN = "abstain"
RECUSED = "recused"


@dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    needed: int  # the fewest members present that make a quorum
    met: bool

    @property
    def absent(self):
        return self.members - self.present


def quorum(present, members, rule):
    """Whether `present` of all `members` make a quorum under `rule` (council_quorum)."""
    if members < 1:
        raise ValueError("a council has at least one member")
    if not 0 <= present <= members:
        raise ValueError("the members present are between 0 and all members")
    return Quorum(
        present=present, members=members, needed=votes_needed(members, rule), met=threshold_met(present, members, rule)
    )


@dataclass(frozen=True)
class Tally:
    """One nomination's votes: agree, disagree, abstain and recused of those present, who did not vote,
    who was absent."""

    agree: int
    disagree: int
    not_voted: int  # present but cast no vote
    absent: int
    members: int
    needed: int  # the fewest agree votes out of all members that pass
    passed: bool
    abstain: int = 0
    recused: int = 0

    @property
    def agree_percent(self):
        """The agree votes as a percentage of all members, one decimal."""
        return round(Fraction(100 * self.agree, self.members), 1) if self.members else None

    @property
    def present(self):
        return self.members - self.absent

    @property
    def against(self):
        """Everyone who did not agree: disagree, not voted and absent all count against."""
        return self.members - self.agree


def tally(agree, disagree, *, present, members, rule, abstain=0, recused=0):
    """The tally of one nomination; passed when `agree` of ALL `members` meets `rule`.

    Abstaining and recused members are counted apart and, like everyone who did not agree,
    count against: the base stays the whole membership.
    """
    if members < 1:
        raise ValueError("a council has at least one member")
    if not 0 <= present <= members:
        raise ValueError("the members present are between 0 and all members")
    if min(agree, disagree, abstain, recused) < 0 or agree + disagree + abstain + recused > present:
        raise ValueError("only members present vote, once each")
    return Tally(
        agree=agree,
        disagree=disagree,
        abstain=abstain,
        recused=recused,
        not_voted=present - agree - disagree - abstain - recused,
        absent=members - present,
        members=members,
        needed=votes_needed(members, rule),
        passed=threshold_met(agree, members, rule),
    )


def count_choices(choices):
    """{agree, disagree, abstain, recused: count} from an iterable of vote choices."""
    choices = list(choices)
    return {
        "agree": choices.count(AGREE),
        "disagree": choices.count(DISAGREE),
        "abstain": choices.count(ABSTAIN),
        "recused": choices.count(RECUSED),
    }


def tally_votes(votes, rules, *, present, members):
    """{nomination id: Tally} from (nomination id, choice) pairs and each nomination's rule.

    `rules` maps every nomination on the agenda to its rule, so that a nomination nobody
    voted on is tallied too (and does not pass).
    """
    choices = {key: [] for key in rules}
    for nomination_id, choice in votes:
        if nomination_id not in choices:
            raise ValueError(f"a vote on nomination {nomination_id}, which is not on the agenda")
        choices[nomination_id].append(choice)
    return {
        key: tally(**count_choices(choices[key]), present=present, members=members, rule=rules[key]) for key in rules
    }


# --- the shortlist: order and shares ----------------------------------------------------------


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def ratio(self):
        """The share as an exact fraction, None when there is nothing to share."""
        return Fraction(self.part, self.whole) if self.whole else None

    @property
    def percent(self):
        """Rounded to one decimal, None when there is nothing to share."""
        return None if not self.whole else round(100 * self.part / self.whole, 1)


@dataclass(frozen=True)
class Nominee:
    """What the shares look at: the nominee's kind and, for a person, whether a direct worker;
    `count` nominees alike (a grouped query's row)."""

    kind: str  # a NomineeKind value
    direct_worker: bool = False
    count: int = 1


@dataclass(frozen=True)
class Shares:
    direct_workers: Share  # direct workers among the individuals
    collectives: Share  # collectives among all nominees


def shares(nominees):
    """The shares the plan cares about: direct workers among individuals, collectives among all."""
    nominees = list(nominees)
    individuals = [n for n in nominees if n.kind == "individual"]
    return Shares(
        direct_workers=Share(sum(n.count for n in individuals if n.direct_worker), sum(n.count for n in individuals)),
        collectives=Share(sum(n.count for n in nominees if n.kind == "collective"), sum(n.count for n in nominees)),
    )


def shortlist_score(own, unit_total):
    """The score a nomination is shown and ranked by on the shortlist: its own (the unit's
    cumulated score stored when its eligibility was checked), else its unit's cumulated score now."""
    return own if own is not None else unit_total


def rank_key(score, name):
    """Order of a shortlist within its award type: highest score first, no score last, then by name."""
    return (score is None, -(score or 0), vietnamese_key(name))
