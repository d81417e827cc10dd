"""Standards that span years: pure rules over an awardee's history as plain values.

The law asks, for some titles and forms, for a run of earlier awards: 03 consecutive years of
Chiến sĩ thi đua cơ sở before Chiến sĩ thi đua cấp tỉnh, 02 consecutive years before the
province's Bằng khen (or, for a person, 02 years of hoàn thành xuất sắc nhiệm vụ with 02
recognised initiatives), and — set by the Alliance, unconfirmed in the law — some years between
two awards of the same form granted by a higher body. The numbers are dated legal parameters
(parameter_keys: streak_cstd_province, streak_province_merit, streak_excellent_merit,
interval_upward_form); the history is awards.history's rows, passed here as `Entry` values.

Years: an evaluation is for the `year` whose achievements are considered (a campaign's year;
the "due" list's year). The run of years must end in that year or the one before (a person
with Chiến sĩ thi đua cơ sở in 2019, 2020 and 2021 is due for the provincial title in 2022),
and only years after the last award of the same form count: the next provincial title needs
a new run. A revoked award counts for nothing.

No ORM here: awards.nominations (eligibility) and awards.due (the due list) gather the entries.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

INDIVIDUAL, COLLECTIVE = "individual", "collective"

CSTDCS = "bonus_cstdcs"
CSTD_PROVINCE = "bonus_cstd_province"
PROVINCE_MERIT = "bonus_province_merit"
EXCELLENT_COLLECTIVE = "bonus_excellent_collective"

STREAK_CSTD_PROVINCE = "streak_cstd_province"
STREAK_PROVINCE_MERIT = "streak_province_merit"
STREAK_EXCELLENT_MERIT = "streak_excellent_merit"
INTERVAL_UPWARD_FORM = "interval_upward_form"

# The words by which an entry typed from the records says a year of excellent results.
EXCELLENT_WORDS = "hoàn thành xuất sắc"
# The recognised initiatives a person with excellent years (not consecutive CSTĐCS) also needs
# for the province's Bằng khen (Luật 06/2022 Đ.74 k1 điểm d, LAW.md A1).
MERIT_INITIATIVES = 2


@dataclass(frozen=True)
class Entry:
    """One award of an awardee's history, as plain values."""

    year: int
    standard: str = ""  # the award type's coefficient key: its legal identity ("" for none)
    award_type_id: int | None = None
    name: str = ""
    reference: str = ""  # the decision's number and date as cited
    revoked: bool = False


@dataclass(frozen=True)
class Span:
    """What a title or form asks of the years before it."""

    code: str
    streak_key: str = ""  # the parameter of consecutive years, "" for none
    base: str = "cstdcs"  # which years count: "cstdcs" or "excellent"
    with_initiatives: bool = False  # a person may instead show excellent years and recognised initiatives
    regular_only: bool = False  # asked of the annual round only: a drive's own award needs no run of years


# (target standard, nominee kind) → what it asks.
SPANS = {
    (CSTD_PROVINCE, INDIVIDUAL): Span("streak_cstd_province", STREAK_CSTD_PROVINCE),
    (PROVINCE_MERIT, INDIVIDUAL): Span(
        "streak_province_merit", STREAK_PROVINCE_MERIT, with_initiatives=True, regular_only=True
    ),
    (PROVINCE_MERIT, COLLECTIVE): Span(
        "streak_excellent_merit", STREAK_EXCELLENT_MERIT, base="excellent", regular_only=True
    ),
}
REGULAR = "regular"  # campaign.models.CampaignKind.REGULAR: the annual round


def span_for(standard, nominee_kind, campaign_kind=REGULAR):
    """What the award asks of the years before it, in a campaign of `campaign_kind`; None for nothing.

    The province's Bằng khen for a year's work (Luật 06/2022 Đ.74 k1 điểm d) asks for a run of
    years; the one for a drive (theo đợt, chuyên đề, điểm a–c) asks for the drive's achievement only.
    """
    span = SPANS.get((standard, nominee_kind))
    if span is not None and span.regular_only and campaign_kind != REGULAR:
        return None
    return span


def needs_interval(category, upward, campaign_kind=REGULAR):
    """The years between two awards of the same form apply to forms granted by a higher body, for a year's work."""
    return category == "form" and upward and campaign_kind == REGULAR


@dataclass(frozen=True)
class Outcome:
    """The result of one standard: met or not, the sentence saying why, and the entries it relied on."""

    met: bool
    code: str
    text: str
    relied: tuple = field(default=(), compare=False)


# --- small pure helpers ----------------------------------------------------------------------


def standing(entries):
    """The entries that count: a revoked award counts for nothing."""
    return [e for e in entries if not e.revoked]


def is_excellent(entry):
    """A year of hoàn thành xuất sắc nhiệm vụ: Chiến sĩ thi đua cơ sở, Tập thể lao động xuất sắc, or an
    entry from the records naming it."""
    return entry.standard in (CSTDCS, EXCELLENT_COLLECTIVE) or EXCELLENT_WORDS in (entry.name or "").casefold()


def base_entries(entries, base):
    if base == "excellent":
        return [e for e in entries if is_excellent(e)]
    return [e for e in entries if e.standard == CSTDCS]


def same_form(entries, *, standard, award_type_id):
    """Entries of the same form: the same award type, or the same legal title under another type."""
    return [
        e
        for e in entries
        if (award_type_id is not None and e.award_type_id == award_type_id) or (standard and e.standard == standard)
    ]


def last_year_of(entries):
    return max((e.year for e in entries), default=None)


def consecutive_run(years, year, *, after=None):
    """The run of consecutive years ending in `year` or the year before, all after `after`; ascending.

    2019, 2020, 2021 for 2022 → [2019, 2020, 2021]; 2019, 2021 for 2022 → [2021]; 2018, 2019, 2020 for
    2022 → [] (the run ended two years before).
    """
    have = {y for y in years if y <= year and (after is None or y > after)}
    end = year if year in have else year - 1
    run = []
    while end in have:
        run.append(end)
        end -= 1
    return sorted(run)


def cite(entries):
    """ "2019 (12/QĐ-LMHTX, 10/01/2020), 2020 (…)": the years and decisions relied on."""
    parts = []
    for entry in sorted(entries, key=lambda e: (e.year, e.reference)):
        parts.append(f"{entry.year} ({entry.reference})" if entry.reference else str(entry.year))
    return ", ".join(parts)


def _run_entries(entries, run):
    years = set(run)
    chosen = {}
    for entry in sorted(entries, key=lambda e: (e.year, e.reference)):
        if entry.year in years:
            chosen.setdefault(entry.year, entry)
    return [chosen[y] for y in sorted(chosen)]


# --- the standards ---------------------------------------------------------------------------


def streak_outcome(span, *, award_name, entries, year, needed, last_same=None, initiatives=0):
    """Whether the run of years before `year` reaches `needed`, counting only years after `last_same`."""
    entries = standing(entries)
    base = base_entries(entries, span.base)
    run = consecutive_run([e.year for e in base], year, after=last_same)
    relied = _run_entries(base, run)
    after = (
        _(" (counted after the previous “%(award)s” of %(last)s)") % {"award": award_name, "last": last_same}
        if last_same
        else ""
    )
    what = _("Chiến sĩ thi đua cơ sở") if span.base == "cstdcs" else _("hoàn thành xuất sắc nhiệm vụ")
    if len(run) >= needed:
        text = ngettext(
            "%(what)s %(count)s consecutive year: %(cited)s; “%(award)s” needs %(needed)s%(after)s.",
            "%(what)s %(count)s consecutive years: %(cited)s; “%(award)s” needs %(needed)s%(after)s.",
            len(run),
        )
        return Outcome(
            True,
            span.code,
            text
            % {
                "what": what,
                "count": len(run),
                "cited": cite(relied),
                "award": award_name,
                "needed": needed,
                "after": after,
            },
            tuple(relied),
        )
    if span.with_initiatives:
        excellent = base_entries(entries, "excellent")
        excellent_run = consecutive_run([e.year for e in excellent], year, after=last_same)
        if len(excellent_run) >= needed and initiatives >= MERIT_INITIATIVES:
            chosen = _run_entries(excellent, excellent_run)
            return Outcome(
                True,
                span.code,
                _(
                    "Hoàn thành xuất sắc nhiệm vụ %(count)s consecutive years: %(cited)s, with %(initiatives)s "
                    "recognised initiatives; “%(award)s” needs %(needed)s years and %(wanted)s initiatives%(after)s."
                )
                % {
                    "count": len(excellent_run),
                    "cited": cite(chosen),
                    "initiatives": initiatives,
                    "award": award_name,
                    "needed": needed,
                    "wanted": MERIT_INITIATIVES,
                    "after": after,
                },
                tuple(chosen),
            )
    if run:
        text = _(
            "“%(award)s” needs %(needed)s consecutive years of %(what)s up to %(year)s%(after)s; the history "
            "shows %(count)s: %(cited)s."
        )
    else:
        text = _(
            "“%(award)s” needs %(needed)s consecutive years of %(what)s up to %(year)s%(after)s; the history "
            "shows none ending in %(year)s or %(previous)s."
        )
    return Outcome(
        False,
        span.code,
        text
        % {
            "award": award_name,
            "needed": needed,
            "what": what,
            "year": year,
            "previous": year - 1,
            "after": after,
            "count": len(run),
            "cited": cite(relied),
        },
        tuple(relied),
    )


def interval_outcome(*, award_name, previous, year, needed):
    """Whether `needed` years have passed since the previous award of the same form (`previous`, an Entry)."""
    if previous is None:
        return None
    passed = year - previous.year
    values = {
        "award": award_name,
        "previous": cite([previous]),
        "passed": passed,
        "needed": needed,
    }
    if passed >= needed:
        return Outcome(
            True,
            "interval",
            _("Previous “%(award)s”: %(previous)s, %(passed)s years before; at least %(needed)s are needed.") % values,
            (previous,),
        )
    return Outcome(
        False,
        "interval",
        _(
            "The previous “%(award)s” was in %(previous)s, %(passed)s years before; at least %(needed)s years "
            "must pass between two."
        )
        % values,
        (previous,),
    )


@dataclass(frozen=True)
class SpanFacts:
    """Everything the standards that span years need about one awardee and one award, as plain values."""

    year: int
    award_name: str
    standard: str = ""
    award_type_id: int | None = None
    nominee_kind: str = INDIVIDUAL
    entries: tuple = ()
    streak_needed: int | None = None  # the streak parameter's value, None when none applies
    streak_missing: str = ""  # the parameter's label when the standard applies and has no value
    interval_needed: int | None = None
    initiatives: int = 0
    campaign_kind: str = REGULAR


def evaluate(facts):
    """Every outcome of the standards that span years for one awardee and award (met or not)."""
    outcomes = []
    entries = standing(facts.entries)
    previous_entries = [
        e
        for e in same_form(entries, standard=facts.standard, award_type_id=facts.award_type_id)
        if e.year <= facts.year
    ]
    previous = max(previous_entries, key=lambda e: (e.year, e.reference), default=None)
    span = span_for(facts.standard, facts.nominee_kind, facts.campaign_kind)
    if span is not None:
        if facts.streak_missing:
            outcomes.append(
                Outcome(
                    False,
                    "streak_missing",
                    _(
                        "“%(award)s” needs consecutive years of awards, and no value of “%(parameter)s” applies: "
                        "the office must add one."
                    )
                    % {"award": facts.award_name, "parameter": facts.streak_missing},
                )
            )
        elif facts.streak_needed:
            outcomes.append(
                streak_outcome(
                    span,
                    award_name=facts.award_name,
                    entries=entries,
                    year=facts.year,
                    needed=facts.streak_needed,
                    last_same=previous.year if previous else None,
                    initiatives=facts.initiatives,
                )
            )
    if facts.interval_needed and facts.campaign_kind == REGULAR:
        outcome = interval_outcome(
            award_name=facts.award_name, previous=previous, year=facts.year, needed=facts.interval_needed
        )
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes


def unmet(facts):
    return [o for o in evaluate(facts) if not o.met]
