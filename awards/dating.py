"""When a decision or proposal may be dated: not before anything it cites, not after today.

A decision cites the campaign's plan, the Council's session and minutes that voted on its
nominations and rests on the campaign's results (its start and its first reporting period):
dated before any of them, it would cite papers that did not exist yet. Dated after today,
it would be issued in the future. `date_error` is the pure rule; `cited_dates` gathers what
a draft cites.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.plan import issued_plan
from documents.services import documents_for

from .models import CouncilSession, SessionStatus


@dataclass(frozen=True)
class Cited:
    """Something a document cites or rests on, and the day it came to exist."""

    label: str
    day: object  # datetime.date


PLAN = gettext_lazy("the campaign's plan")
START = gettext_lazy("the start of the campaign")
FIRST_PERIOD = gettext_lazy("the end of the campaign's first reporting period")
SESSION = gettext_lazy("the Council session")
MINUTES = gettext_lazy("the Council minutes %(reference)s")
DEED = gettext_lazy("the deed it rewards")


def date_error(day, cited, today):
    """The message when `day` is after `today` or before the latest of `cited`; None when it may be used."""
    if day > today:
        return _("The date of the document cannot be later than today (%(today)s).") % {
            "today": today.strftime("%d/%m/%Y")
        }
    dated = [c for c in cited if c.day is not None]
    if not dated:
        return None
    latest = max(dated, key=lambda c: c.day)
    if day < latest.day:
        return _("The date of the document cannot be earlier than %(what)s (%(date)s).") % {
            "what": latest.label,
            "date": latest.day.strftime("%d/%m/%Y"),
        }
    return None


def cited_dates(campaign, nominations):
    """What a draft of `campaign` (None: outside any campaign) listing `nominations` cites, each with its day."""
    cited = []
    if campaign is not None:
        plan = issued_plan(campaign)
        # On a tie the first is named: the plan before the campaign's start.
        cited.append(Cited(str(PLAN), plan.issued_on if plan is not None else campaign.plan_date))
        cited.append(Cited(str(START), campaign.starts_on))
        first = campaign.periods.order_by("ends_on", "pk").first()
        if first is not None:
            cited.append(Cited(str(FIRST_PERIOD), first.ends_on))
    # An ad-hoc award rewards a deed: it is not decided before the deed was done.
    deeds = [n.occasion_date for n in nominations if getattr(n, "occasion_date", None)]
    if deeds:
        cited.append(Cited(str(DEED), max(deeds)))
    session_ids = {n.session_id for n in nominations if n.session_id}
    for session in CouncilSession.objects.filter(pk__in=session_ids, status=SessionStatus.CLOSED):
        cited.append(Cited(str(SESSION), session.held_on))
        minutes = documents_for(session).filter(type_symbol="BB").order_by("-pk").first()
        if minutes is not None:
            cited.append(Cited(MINUTES % {"reference": minutes.reference}, minutes.issued_on))
    return cited
