"""Who is due: before nominations open, the people and collectives whose history makes them eligible
this year for a title or form that asks a run of years (awards.standards), per award type.

The list reads the history (awards.history) and the parameters in force on the year's last day,
the same facts the eligibility check of a nomination reads; each line cites the years and
decisions relied on, says whether a nomination already stands, and links to a new nomination
prefilled with the nominee, the award, the campaign of that year and the achievements cited.
A unit's list holds its own people and itself only (`organization`).
"""

import datetime as dt
import itertools
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from campaign.models import Campaign, CampaignKind, CampaignStatus

from . import eligibility, history, standards
from .models import AwardType, Initiative, Nomination, NomineeKind

DUE_KINDS = (NomineeKind.INDIVIDUAL, NomineeKind.COLLECTIVE, NomineeKind.HOUSEHOLD)


@dataclass
class DueLine:
    award_type: object
    nominee_kind: str
    name: str
    unit: object
    person: object = None
    household: object = None
    outcomes: list = field(default_factory=list)
    nomination: object = None  # a standing nomination of that year for the award, if any
    nominate_url: str = ""

    @property
    def cited(self):
        return " ".join(o.text for o in self.outcomes)

    @property
    def relied(self):
        seen = {}
        for outcome in self.outcomes:
            for entry in outcome.relied:
                seen.setdefault((entry.year, entry.reference, entry.name), entry)
        return sorted(seen.values(), key=lambda e: (e.year, e.reference))


def span_types():
    """The active award types that ask a run of years of some nominee kind, in their order."""
    return [
        t
        for t in AwardType.objects.filter(is_active=True).order_by("order", "name")
        if any(t.accepts(kind) and standards.span_for(t.coefficient_key, kind) for kind in DUE_KINDS)
    ]


def campaign_of(year):
    """The launched campaign whose year is `year` that a nomination from the list goes to: the annual one first."""
    campaigns = Campaign.objects.exclude(status=CampaignStatus.DRAFT).filter(ends_on__year=year)
    return (
        campaigns.filter(kind=CampaignKind.REGULAR).order_by("-starts_on").first()
        or campaigns.order_by("-starts_on").first()
    )


def _awardee_key(record):
    if record.nominee_kind == NomineeKind.INDIVIDUAL:
        return (NomineeKind.INDIVIDUAL, record.person_id)
    if record.nominee_kind == NomineeKind.HOUSEHOLD:
        return (NomineeKind.HOUSEHOLD, record.household_id)
    return (NomineeKind.COLLECTIVE, record.organization_id)


def _initiatives(day, people):
    counts = (
        Initiative.objects.recognised()
        .filter(recognised_on__lte=day, authors__in=people)
        .values("authors")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["authors"]: row["n"] for row in counts}


def _standing(year, award_types):
    """{(award type id, kind, awardee id): nomination} of the nominations of `year` that still stand."""
    found = {}
    nominations = (
        Nomination.objects.filter(campaign__ends_on__year=year, award_type__in=award_types)
        .exclude(status__in=eligibility.FAILED)
        .order_by("pk")
    )
    for n in nominations:
        who = {
            NomineeKind.INDIVIDUAL: n.person_id,
            NomineeKind.HOUSEHOLD: n.household_id,
        }.get(n.nominee_kind, n.organization_id)
        found.setdefault((n.award_type_id, n.nominee_kind, who), n)
    return found


def achievements_text(line):
    return _("Awards relied on: %(cited)s.") % {
        "cited": "; ".join(
            f"{entry.name} {entry.year}" + (f" ({entry.reference})" if entry.reference else "") for entry in line.relied
        )
    }


def nominate_url(line, campaign):
    params = {"kind": line.nominee_kind, "award_type": line.award_type.pk, "organization": line.unit.pk}
    if line.person is not None:
        params["person"] = line.person.pk
    if line.household is not None:
        params["household"] = line.household.pk
    if campaign is not None:
        params["campaign"] = campaign.pk
    params["achievements"] = achievements_text(line)
    return f"{reverse('awards:nomination_create')}?{urlencode(params)}"


def _current_unit(record):
    if record.person_id:
        return record.person.organization
    if record.household_id:
        return record.household.organization
    return record.organization


def due_list(year, *, organization=None, award_type=None):
    """[(award type, [DueLine])] of the awardees due in `year`; `organization` keeps a unit's own only."""
    day = dt.date(year, 12, 31)
    types = [t for t in span_types() if award_type is None or t.pk == award_type.pk]
    if not types:
        return []
    rows = history.records().filter(year__lte=year)
    if organization is not None:
        # Its own people and households as they are now, with the awards they received elsewhere.
        rows = rows.filter(
            Q(organization=organization)
            | Q(person__organization=organization)
            | Q(household__organization=organization)
        )
    rows = list(rows.order_by("nominee_kind", "person_id", "household_id", "organization_id", "year"))
    by_awardee = {key: list(group) for key, group in itertools.groupby(sorted(rows, key=_awardee_key), _awardee_key)}
    people = [pk for (kind, pk) in by_awardee if kind == NomineeKind.INDIVIDUAL]
    initiatives = _initiatives(day, people) if people else {}
    standing = _standing(year, types)
    campaign = campaign_of(year)
    result = []
    for award_type in types:
        lines = []
        for kind in DUE_KINDS:
            if not award_type.accepts(kind) or not standards.span_for(award_type.coefficient_key, kind):
                continue
            template = history.span_facts(award_type, kind, year=year, day=day, entries=())
            if template is None or template.streak_missing or not template.streak_needed:
                continue
            for (awardee_kind, pk), records in by_awardee.items():
                if awardee_kind != kind:
                    continue
                facts = replace(
                    template,
                    entries=history.entries_of(records),
                    initiatives=initiatives.get(pk, 0) if kind == NomineeKind.INDIVIDUAL else 0,
                )
                outcomes = standards.evaluate(facts)
                if not outcomes or not all(o.met for o in outcomes):
                    continue
                first = records[0]
                line = DueLine(
                    award_type=award_type,
                    nominee_kind=kind,
                    name=first.awardee_name,
                    unit=_current_unit(first),
                    person=first.person,
                    household=first.household,
                    outcomes=outcomes,
                    nomination=standing.get((award_type.pk, kind, pk)),
                )
                line.nominate_url = nominate_url(line, campaign)
                if organization is None or line.unit.pk == organization.pk:
                    lines.append(line)
        lines.sort(key=lambda line: (line.unit.name, line.name))
        result.append((award_type, lines))
    return result
