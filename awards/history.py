"""The award history of people, collectives and households: every award, issued here or entered from the past.

An award a decision of the app grants is written into the history when the decision is
issued (`record_issued`, called by awards.decisions in the issuing transaction); awards made
before the app, or granted by the province or the national Alliance, are entered by the office
(`record_past_award`, from a form or a spreadsheet import). `history_of` reads one awardee's
whole history in year order, each entry marked when an issued revoking decision took it back.
Rows are never edited: a wrong past entry is withdrawn by the office with a reason
(`withdraw_past_award`), which keeps it in the model's own history.
"""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import TransitionError
from members.permissions import is_office

from . import standards
from .models import (
    AwardRecord,
    Decision,
    DecisionStatus,
    NomineeKind,
    RecordSource,
    RevokedAward,
)
from .parameter_keys import spec_for
from .parameters import NoParameterValue, value_on

# The earliest year the office may enter: the Alliance system dates from the 1990s; older
# awards of a person are still history (a medal counts service), so the bound is generous.
FIRST_YEAR = 1945
PAST_SOURCES = (RecordSource.PAST_ENTRY, RecordSource.IMPORT, RecordSource.HIGHER_BODY_ANSWER)


def year_error(year, *, today=None):
    """Why `year` cannot be an award's year (a message), or "" when it can."""
    today = today or timezone.localdate()
    if year is None:
        return _("Give the year the award is for.")
    if not FIRST_YEAR <= year <= today.year:
        return _("The year must be between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": today.year}
    return ""


def decision_date_error(year, day, *, today=None):
    """Why `day` cannot be the date of the decision granting an award for `year`, or ""."""
    today = today or timezone.localdate()
    if day is None:
        return ""
    if day > today:
        return _("The decision date is in the future.")
    if day < datetime.date(year, 1, 1):
        return _("The decision is dated before the year the award is for (%(year)s).") % {"year": year}
    return ""


def _awardee(nominee_kind, person, organization, household):
    """The awardee columns of a row: `organization` is the collective itself or the awardee's unit."""
    if nominee_kind == NomineeKind.INDIVIDUAL:
        if person is None:
            raise TransitionError(_("Choose the person."))
        return {"person": person, "organization": person.organization, "household": None}
    if nominee_kind == NomineeKind.HOUSEHOLD:
        if household is None:
            raise TransitionError(_("Choose the household."))
        return {"person": None, "organization": household.organization, "household": household}
    if organization is None:
        raise TransitionError(_("Choose the unit."))
    return {"person": None, "organization": organization, "household": None}


def _kind_of(person, household):
    if person is not None:
        return NomineeKind.INDIVIDUAL
    if household is not None:
        return NomineeKind.HOUSEHOLD
    return NomineeKind.COLLECTIVE


def same_entry(*, nominee_kind, person=None, organization=None, household=None, award_type=None, title="", year):
    """The standing rows of the same awardee, award and year (a second one would be a duplicate)."""
    qs = AwardRecord.objects.filter(nominee_kind=nominee_kind, year=year)
    if nominee_kind == NomineeKind.INDIVIDUAL:
        qs = qs.filter(person=person)
    elif nominee_kind == NomineeKind.HOUSEHOLD:
        qs = qs.filter(household=household)
    else:
        qs = qs.filter(organization=organization, person__isnull=True, household__isnull=True)
    if award_type is not None:
        return qs.filter(award_type=award_type)
    return qs.filter(award_type__isnull=True, title__iexact=title.strip())


@transaction.atomic
def record_past_award(
    *,
    by,
    year,
    award_type=None,
    title="",
    person=None,
    organization=None,
    household=None,
    nominee_kind=None,
    deciding_body="",
    decision_number="",
    decision_date=None,
    source=RecordSource.PAST_ENTRY,
    note="",
    award=None,
):
    """Enter one award made outside the app's own decisions (before the app, or by a higher body).

    Only the office enters history. The award is a catalogue type or a title written out; the
    year is the year it is for; the same awardee, award and year cannot be entered twice.
    `source` says how it came (a form, an import, a higher body's answer to a proposal, whose
    line `award` names).
    """
    if not is_office(by):
        raise TransitionError(_("Only the office enters past awards."))
    if source not in PAST_SOURCES:
        raise TransitionError(_("An award issued in the app enters the history when its decision is issued."))
    title = (title or "").strip()
    if award_type is None and not title:
        raise TransitionError(_("Choose the award or write its name."))
    error = year_error(year) or decision_date_error(year, decision_date)
    if error:
        raise TransitionError(error)
    nominee_kind = nominee_kind or _kind_of(person, household)
    awardee = _awardee(nominee_kind, person, organization, household)
    if award_type is not None and not award_type.accepts(nominee_kind):
        raise TransitionError(_("“%(award)s” is not awarded to a nominee of this kind.") % {"award": award_type.name})
    if same_entry(nominee_kind=nominee_kind, award_type=award_type, title=title, year=year, **awardee).exists():
        raise TransitionError(_("This award of that year is already in the history."))
    record = AwardRecord(
        nominee_kind=nominee_kind,
        award_type=award_type,
        title=title if award_type is None or title != award_type.name else "",
        year=year,
        deciding_body=(deciding_body or "").strip(),
        decision_number=(decision_number or "").strip(),
        decision_date=decision_date,
        source=source,
        note=(note or "").strip(),
        award=award,
        created_by=by,
        **awardee,
    )
    record._history_user = by
    record.save()
    return record


@transaction.atomic
def withdraw_past_award(record, *, by, reason):
    """The office takes back a wrong entry from the records (never an award issued here); the row's history keeps it."""
    if not is_office(by):
        raise TransitionError(_("Only the office enters past awards."))
    if record.source == RecordSource.ISSUED_HERE:
        raise TransitionError(_("An award issued in the app is taken back only by a revoking decision."))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Say why the entry is withdrawn."))
    locked = AwardRecord.objects.select_for_update().get(pk=record.pk)
    locked.note = f"{locked.note}\n{reason}".strip()
    locked._history_user = by
    locked.save(update_fields=["note"])
    locked._history_user = by
    locked.delete()


def award_year(decision, nomination):
    """The year an award is for: its campaign's; outside a campaign the deed's (ad-hoc), else the
    year of the decision (a thematic drive, the flag, the medal)."""
    if decision.campaign_id:
        return decision.campaign.ends_on.year
    if nomination.occasion_date is not None:
        return nomination.occasion_date.year
    return decision.decided_on.year


def record_issued(decision, awards, *, by):
    """Write one history row per line of an issued decision (called inside its issuing transaction).

    The year is the one the achievements are for (award_year); the deciding body and the
    number are the decision's as printed.
    """
    issuer = ((decision.printed or {}).get("issuer") or {}).get("full_name", "")
    reference = decision.document.reference if decision.document_id else ""
    rows = []
    for award in awards:
        nomination = award.nomination
        year = award_year(decision, nomination)
        kind = nomination.nominee_kind
        rows.append(
            AwardRecord(
                nominee_kind=kind,
                person=nomination.person if kind == NomineeKind.INDIVIDUAL else None,
                household=nomination.household if kind == NomineeKind.HOUSEHOLD else None,
                organization=nomination.organization,
                award_type=nomination.award_type,
                year=year,
                deciding_body=issuer,
                decision_number=reference,
                decision_date=decision.decided_on,
                source=RecordSource.ISSUED_HERE,
                award=award,
                created_by=by,
            )
        )
    created = AwardRecord.objects.bulk_create(rows)
    return created


# --- reading ------------------------------------------------------------------------------------


def revoked_subquery():
    """True for a row whose award line an issued revoking decision took back."""
    return Exists(
        RevokedAward.objects.filter(
            award_id=OuterRef("award_id"),
            decision__status=DecisionStatus.ISSUED,
            decision__kind=Decision.Kind.REVOCATION,
        )
    )


def with_revoked(qs):
    return qs.annotate(is_revoked=revoked_subquery())


def records():
    return with_revoked(
        AwardRecord.objects.select_related(
            "award_type", "person__organization", "organization", "household__organization", "award__decision"
        )
    )


def history_of(person=None, organization=None, household=None, *, include_members=False):
    """Every award of one awardee in year order (then by decision date), issued here or entered, each with
    `is_revoked`. `organization` alone: the collective's own awards; with `include_members`, also those of
    its people and households."""
    qs = records()
    if person is not None:
        qs = qs.filter(nominee_kind=NomineeKind.INDIVIDUAL, person=person)
    elif household is not None:
        qs = qs.filter(nominee_kind=NomineeKind.HOUSEHOLD, household=household)
    elif organization is not None:
        qs = qs.filter(organization=organization)
        if not include_members:
            qs = qs.filter(Q(nominee_kind=NomineeKind.COLLECTIVE) | Q(nominee_kind=NomineeKind.INITIATIVE))
    else:
        raise ValueError("history_of needs a person, an organization or a household")
    return list(qs.order_by("year", "decision_date", "pk"))


# --- the history as plain values, for the standards that span years (awards.standards) ---------


def entry_of(record):
    """A history row as the standards read it."""
    return standards.Entry(
        year=record.year,
        standard=record.award_type.coefficient_key if record.award_type_id else "",
        award_type_id=record.award_type_id,
        name=record.award_name,
        reference=record.decision_reference,
        revoked=bool(getattr(record, "is_revoked", False)),
    )


def entries_of(records_):
    return tuple(entry_of(r) for r in records_)


def _parameter(key, day):
    """(value as an int, "") of a count parameter on `day`, or (None, its label) when none applies."""
    try:
        return int(value_on(key, day).value), ""
    except NoParameterValue:
        return None, str(spec_for(key).label)


def span_facts(award_type, nominee_kind, *, year, day, entries, initiatives=0, campaign_kind=standards.REGULAR):
    """The SpanFacts of one awardee for `award_type` in `year`, with the parameters in force on `day`;
    None when no standard spanning years applies to that award and kind."""
    standard = award_type.coefficient_key
    span = standards.span_for(standard, nominee_kind, campaign_kind)
    interval = standards.needs_interval(award_type.category, award_type.is_upward, campaign_kind)
    if span is None and not interval:
        return None
    streak_needed, streak_missing = (None, "")
    if span is not None:
        streak_needed, streak_missing = _parameter(span.streak_key, day)
    interval_needed = _parameter(standards.INTERVAL_UPWARD_FORM, day)[0] if interval else None
    return standards.SpanFacts(
        year=year,
        award_name=award_type.name,
        standard=standard,
        award_type_id=award_type.pk,
        nominee_kind=nominee_kind,
        entries=tuple(e for e in entries if e.year <= year),
        streak_needed=streak_needed,
        streak_missing=streak_missing,
        interval_needed=interval_needed,
        initiatives=initiatives,
        campaign_kind=campaign_kind,
    )
