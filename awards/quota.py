"""An award type's quota over plain numbers: the one place that says how many nominations it allows.

An award type may cap its nominations by a number, by a share of the participants, or by both
(a Council's regulation may say "at most 15 %, and no more than 5"): where both are set the
stricter applies. A share rounds down over the participants in exact arithmetic, so that
15 % of 20 is 3 and of 19 is 2 (2.85), whatever the Decimal or float it was given as.

Its own module, importing neither Django nor another module of the app, so that the pure
eligibility rules, the Council's tally and the legal parameters all use this one function
without importing the ORM or each other. Which quotas an award type may hold is said by
`AwardType` (its constraint and clean), not here.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

COUNT, SHARE = "count", "share"


def _exact(share):
    # A float is taken as written (0.15), not as its binary value (0.1499999…), which would
    # round 15 % of 20 down to 2.
    return Fraction(Decimal(repr(share))) if isinstance(share, float) else Fraction(share)


def share_of(share, participants):
    """`share` of `participants`, rounded down: the most a share allows."""
    if participants < 0:
        raise ValueError("the participants are 0 or more")
    exact = _exact(share) * participants
    if exact < 0:
        raise ValueError("a share is 0 or more")
    return exact.numerator // exact.denominator


def quota_limit(count=None, share=None, participants=0):
    """The most nominations a quota allows, None when it has neither a count nor a share.

    Both set: the stricter (the smaller) of the count and the share of `participants`.
    """
    if count is not None and count < 0:
        raise ValueError("a quota count is 0 or more")
    limits = [count] if count is not None else []
    if share is not None:
        limits.append(share_of(share, participants))
    return min(limits) if limits else None


def binding_part(count=None, share=None, participants=0):
    """Which part sets the limit, COUNT or SHARE (None without a quota), to word a refusal by it.

    Where both allow the same number the count is named: it is the plainer sentence.
    """
    if count is not None and (share is None or count <= share_of(share, participants)):
        return COUNT
    return SHARE if share is not None else None


@dataclass(frozen=True)
class Quota:
    """An award type's quota against the nominations proposed for it (the Council's shortlist)."""

    count: int  # how many are proposed
    limit: int | None  # the most allowed, None when the award type has no quota

    @property
    def exceeded(self):
        return self.limit is not None and self.count > self.limit


def quota_against(proposed, *, quota_count=None, quota_share=None, participants=0):
    """The quota of an award type with `proposed` nominations: its limit and whether exceeded."""
    return Quota(count=proposed, limit=quota_limit(quota_count, quota_share, participants))
