"""Cross-scoring in an emulation block (chấm chéo trong khối thi đua) as pure functions.

Each member of a block scores itself and the others against the block's criteria; the head
reconciles. These functions take plain values (Decimals keyed by scorer) and decide, once:

- the middle of the others' scores is their median, their spread is max − min;
- a cell is flagged SELF when the member's own score differs from the others' median by
  more than the block's margin, and OUTLIER for each scorer whose score differs by more than
  the margin from the median of all cross scores (needs at least three cross scores: with
  two, neither can be told to be the odd one);
- a settled value (the head's, with a reason kept by the caller) replaces the computed one;
- a member's result is, per criterion, the median of the cross scores (MEDIAN) or a mix
  `w × self + (1 − w) × median` (WEIGHTED, w set per block), summed, then ranked with the
  campaign's own tie rule (`scoring.competition_ranks`).

Abstentions are not scores: the caller leaves them out of `others`.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median as _median

from campaign.scoring import competition_ranks, quantize

MEDIAN = "median"
WEIGHTED = "weighted"

SELF = "self"
OUTLIER = "outlier"
NO_SCORES = "no_scores"


def _dec(value):
    return value if isinstance(value, Decimal) else Decimal(str(value))


def middle(values):
    """The median of the scores, rounded to 2 decimals; None when there is none."""
    values = [_dec(v) for v in values if v is not None]
    return quantize(_median(values)) if values else None


def spread(values):
    """Highest less lowest score (0 for a single score, None for none)."""
    values = [_dec(v) for v in values if v is not None]
    return quantize(max(values) - min(values)) if values else None


@dataclass(frozen=True)
class Flag:
    kind: str  # SELF, OUTLIER or NO_SCORES
    scorer: object = None  # the outlying scorer, for OUTLIER
    difference: Decimal | None = None


@dataclass(frozen=True)
class Cell:
    """One member and one criterion, reconciled."""

    self_score: Decimal | None
    others: dict = field(default_factory=dict)  # scorer → Decimal
    median: Decimal | None = None
    spread: Decimal | None = None
    flags: tuple = ()


def reconcile(self_score, others, *, margin):
    """The reconciled cell of one member and criterion: median, spread, and its flags."""
    others = {scorer: _dec(score) for scorer, score in others.items() if score is not None}
    margin = _dec(margin)
    mid = middle(others.values())
    flags = []
    if mid is None:
        flags.append(Flag(NO_SCORES))
    elif self_score is not None and abs(_dec(self_score) - mid) > margin:
        flags.append(Flag(SELF, difference=quantize(_dec(self_score) - mid)))
    if len(others) >= 3:
        for scorer, score in others.items():
            if abs(score - mid) > margin:
                flags.append(Flag(OUTLIER, scorer=scorer, difference=quantize(score - mid)))
    return Cell(
        self_score=None if self_score is None else _dec(self_score),
        others=others,
        median=mid,
        spread=spread(others.values()),
        flags=tuple(flags),
    )


def cell_result(cell, *, method, self_weight=Decimal("0"), settled=None):
    """The score a cell contributes to the member's total.

    A settled value wins. Otherwise MEDIAN takes the others' median; WEIGHTED mixes the self
    score in with `self_weight` (0..1), falling back to the median when there is no self score.
    None when nothing can be said (no cross score and nothing settled).
    """
    if settled is not None:
        return quantize(_dec(settled))
    if cell.median is None:
        return None
    if method == MEDIAN or cell.self_score is None:
        return cell.median
    if method == WEIGHTED:
        weight = _dec(self_weight)
        if not Decimal("0") <= weight <= Decimal("1"):
            raise ValueError("self_weight must be between 0 and 1")
        return quantize(weight * cell.self_score + (1 - weight) * cell.median)
    raise ValueError(f"unknown method {method!r}")


def unsettled_flags(cells, settled):
    """[(member, criterion, flag)] still waiting for the head: flagged cells not settled.

    `cells` is {(member, criterion): Cell}; `settled` is {(member, criterion): value}.
    """
    return [(key[0], key[1], flag) for key, cell in cells.items() if key not in settled for flag in cell.flags]


def block_ranking(cells, *, method, self_weight=Decimal("0"), settled=None):
    """[(member, total, rank, complete)] best first, ties sharing a rank.

    `complete` is False when a criterion of the member has no result yet (counted as 0).
    """
    settled = settled or {}
    totals, complete = {}, {}
    for (member, criterion), cell in cells.items():
        result = cell_result(cell, method=method, self_weight=self_weight, settled=settled.get((member, criterion)))
        totals[member] = totals.get(member, Decimal("0")) + (result or Decimal("0"))
        complete[member] = complete.get(member, True) and result is not None
    members = sorted(totals, key=lambda m: (-totals[m], str(m)))
    ranks = competition_ranks([totals[m] for m in members])
    return [(m, quantize(totals[m]), rank, complete[m]) for m, rank in zip(members, ranks, strict=True)]
