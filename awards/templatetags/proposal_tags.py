"""The card of proposals waiting for the higher body, for the staff's home pages (ops and the campaign dashboard).

An inclusion tag, so that the pages of other rooms show it without importing awards: the card
fetches its own rows (awards.proposals.outstanding) and shows nothing to who may not read proposals.
"""

from django import template

from ..proposal_rules import OVERDUE
from ..proposals import outstanding

register = template.Library()


@register.inclusion_tag("awards/proposal/_outstanding.html", takes_context=True)
def proposals_waiting(context):
    user = context["request"].user
    if not user.has_perm("awards.view_proposals"):
        return {"hidden": True}
    items = outstanding()
    return {"items": items, "overdue_count": sum(1 for item in items if item.state == OVERDUE)}
