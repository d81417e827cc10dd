"""What a ranking shows to whom (issue 16, item 7: least privilege).

Staff and the Council read every unit's scores with their deductions and vetoes. A unit reads
the other units' rows only where the campaign makes its rankings public
(`Campaign.rankings_public`), and then without their deductions or vetoes (its own row keeps
them). The ranking page and its Excel export both pass their rows through `shown_scores`.
"""

from members.permissions import is_unit


def sees_other_units(user, campaign):
    """Whether the user may read other units' rows in the campaign's rankings."""
    return not is_unit(user) or bool(campaign.rankings_public)


def shown_scores(user, campaign, scores):
    """The rows of `scores` the user may read, other units' deductions and vetoes blanked for a unit."""
    if not is_unit(user):
        return list(scores)
    own = user.organization_id
    if not sees_other_units(user, campaign):
        return [s for s in scores if s.organization_id == own]
    shown = []
    for score in scores:
        if score.organization_id != own:
            score.deductions = None
            score.vetoed = None
        shown.append(score)
    return shown
