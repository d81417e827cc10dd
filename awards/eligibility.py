"""Who may receive an award: pure rules over plain facts, each failed rule a reason naming the fact.

No ORM here: awards.nominations gathers the facts of one nomination in a few queries and
calls `check`. Each rule is one small function returning a Reason or None, so that every
rule and its edges can be tested over plain values.

The 2022 law's standards are recognised by the award type's bonus coefficient key (the
legal identity of the title): bonus_cstdcs is Chiến sĩ thi đua cơ sở, bonus_excellent_collective
is Tập thể lao động xuất sắc.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from . import standards
from .quota import COUNT, binding_part, quota_limit

INDIVIDUAL, COLLECTIVE, HOUSEHOLD, INITIATIVE = "individual", "collective", "household", "initiative"

STANDARD_CSTDCS = "bonus_cstdcs"
STANDARD_EXCELLENT_COLLECTIVE = "bonus_excellent_collective"
STANDARD_ADVANCED_COLLECTIVE = "bonus_advanced_collective"
STANDARD_ADVANCED_WORKER = "bonus_advanced_worker"
# The collective titles that need a share of their people to be Advanced Workers (Lao động tiên tiến).
COLLECTIVE_STANDARDS = (STANDARD_ADVANCED_COLLECTIVE, STANDARD_EXCELLENT_COLLECTIVE)
MORE_THAN, AT_LEAST = "more_than", "at_least"  # parameter_keys.Comparison values

# Statuses a nomination counts from: it has passed the check and is on its way.
ELIGIBLE_OR_FURTHER = ("eligible", "in_council", "passed", "approved", "decided", "proposed")
AWARDED = ("decided", "proposed")
# Statuses after which a nomination no longer stands: a new one for the same nominee is fine.
# A revoked award (awards.amendments) and a withdrawn nomination no longer stand nor count anywhere.
FAILED = ("not_eligible", "not_passed", "rejected", "revoked", "withdrawn")
WITHDRAWN = "withdrawn"
# Statuses a nomination may be withdrawn from (by its unit or the office): before any Council.
WITHDRAWABLE = ("draft", "submitted", "eligible", "not_eligible")


def can_withdraw(status, on_agenda):
    """A nomination is withdrawn only while it is not yet before the Council."""
    return status in WITHDRAWABLE and not on_agenda


def why_not_reinstated(status, standing_duplicates):
    """None when a nomination may be reinstated, else why not: only a withdrawn one, and only while
    no other nomination of the same nominee for the same award stands (it would count twice)."""
    if status != WITHDRAWN:
        return _("Only a withdrawn nomination can be reinstated.")
    if standing_duplicates:
        return _(
            "Another nomination of this nominee for the same award stands in this campaign: "
            "withdraw it first, or keep this one withdrawn."
        )
    return None


@dataclass(frozen=True)
class AwardRules:
    """What an award type asks, as plain values."""

    name: str
    accepts: frozenset
    minimum_band: str = ""
    barred_by_violation: bool = True
    required_name: str = ""  # the title the nominee must also hold in the campaign, if any
    quota_count: int | None = None
    quota_share: Decimal | None = None
    standard: str = ""  # the coefficient key, naming a title of the 2022 law


@dataclass(frozen=True)
class Facts:
    """What the data says about one nominee in one campaign."""

    nominee_kind: str
    nominee_kind_label: str = ""
    unit_kind_label: str = ""
    is_subject: bool = True  # the unit's kind is among the campaign's subjects
    registered: bool = True
    bands: tuple = ()  # the campaign's band names, highest first
    band: str | None = None  # the unit's cumulated band; None when not classified
    unit_vetoed: bool = False
    person_vetoed: bool = False
    unit_violations: int = 0  # every violation recorded against the unit in the campaign
    person_violations: int = 0  # violations naming the nominated person
    people_violations: int = 0  # violations naming any person of the unit
    same_type_status: str = ""  # status of another standing nomination of the nominee for this type
    other_awards: tuple = ()  # names of other types the nominee stands nominated for (past draft)
    participants: int = 0  # what a quota share is taken of
    participants_what: str = ""  # what those participants are, e.g. eligible nominations for LĐTT
    ahead: int = 0  # nominations of this type eligible or further, submitted before this one
    has_required: bool = True  # a nomination for the required title, eligible or further
    recognised_initiatives: int = 0  # recognised initiatives the person authored
    initiative_recognised: bool = True  # for an initiative nominee: its recognition decision
    # A collective title's share of Advanced Workers: the people of the unit, how many of them hold
    # (or are nominated and eligible for) Lao động tiên tiến, and the share the law sets on the
    # campaign's date. `ldtt_share` None: the rule does not apply; `ldtt_share_missing` names the
    # parameter when it applies but has no value on that date.
    people: int = 0
    ldtt_people: int = 0
    ldtt_share: Decimal | None = None
    ldtt_comparison: str = MORE_THAN
    ldtt_share_missing: str = ""
    # The standards that span years (awards.standards): the nominee's whole award history and
    # what the award asks of it; None when no such standard applies.
    span: standards.SpanFacts | None = None


@dataclass(frozen=True)
class Reason:
    code: str
    text: str = field(compare=False)

    def __str__(self):
        return self.text


# --- small pure helpers ----------------------------------------------------------------------


def band_position(name, bands):
    """The index of `name` among `bands` (highest first), matched case-insensitively; None if absent."""
    if not name:
        return None
    wanted = " ".join(str(name).split()).casefold()
    for index, band in enumerate(bands):
        if " ".join(str(band).split()).casefold() == wanted:
            return index
    return None


def band_reaches(band, minimum, bands):
    """Whether `band` is `minimum` or higher in the campaign's order (bands highest first)."""
    low = band_position(minimum, bands)
    have = band_position(band, bands)
    return low is not None and have is not None and have <= low


def top_band(bands):
    return bands[0] if bands else None


# --- the rules ------------------------------------------------------------------------------


def rule_kind(rules, facts):
    if facts.nominee_kind not in rules.accepts:
        return Reason(
            "kind",
            _("“%(award)s” is not awarded to a nominee of this kind (%(kind)s).")
            % {
                "award": rules.name,
                "kind": facts.nominee_kind_label or facts.nominee_kind,
            },
        )
    return None


def rule_subject(rules, facts):
    if not facts.is_subject:
        return Reason(
            "not_subject",
            _("The unit's kind (%(kind)s) is not among the subjects of the campaign.")
            % {"kind": facts.unit_kind_label},
        )
    if not facts.registered:
        return Reason("not_registered", _("The unit did not register for the campaign."))
    return None


def rule_band(rules, facts):
    if not rules.minimum_band:
        return None
    if band_position(rules.minimum_band, facts.bands) is None:
        return Reason(
            "band_unknown",
            _("The campaign has no classification named “%(band)s”, which “%(award)s” requires at least.")
            % {"band": rules.minimum_band, "award": rules.name},
        )
    if facts.band is None:
        return Reason(
            "band_low",
            _("The unit is not classified in the campaign; “%(award)s” requires at least “%(band)s”.")
            % {"award": rules.name, "band": rules.minimum_band},
        )
    if not band_reaches(facts.band, rules.minimum_band, facts.bands):
        return Reason(
            "band_low",
            _("The unit is classified “%(have)s”; “%(award)s” requires at least “%(band)s”.")
            % {"have": facts.band, "award": rules.name, "band": rules.minimum_band},
        )
    return None


def rule_veto(rules, facts):
    if facts.nominee_kind == INDIVIDUAL:
        if facts.person_vetoed:
            return Reason("vetoed", _("A violation with a veto is recorded against the person in this campaign."))
        return None
    if facts.unit_vetoed:
        return Reason("vetoed", _("A violation with a veto is recorded against the unit in this campaign."))
    return None


def rule_violation(rules, facts):
    if not rules.barred_by_violation:
        return None
    if facts.nominee_kind == INDIVIDUAL:
        if facts.person_violations:
            return Reason(
                "violation",
                _("%(n)s violation(s) of the person are recorded in this campaign; “%(award)s” is barred by any.")
                % {"n": facts.person_violations, "award": rules.name},
            )
        return None
    if facts.unit_violations:
        return Reason(
            "violation",
            _("%(n)s violation(s) of the unit are recorded in this campaign; “%(award)s” is barred by any.")
            % {"n": facts.unit_violations, "award": rules.name},
        )
    return None


def rule_duplicate(rules, facts):
    if not facts.same_type_status:
        return None
    if facts.same_type_status in AWARDED:
        return Reason(
            "awarded", _("The nominee was already awarded “%(award)s” in this campaign.") % {"award": rules.name}
        )
    return Reason(
        "duplicate", _("The nominee is already nominated for “%(award)s” in this campaign.") % {"award": rules.name}
    )


def rule_one_award(rules, facts):
    if facts.other_awards:
        return Reason(
            "one_award",
            _("One achievement, one award: the nominee is already nominated for %(others)s in this campaign.")
            % {"others": ", ".join(f"“{name}”" for name in facts.other_awards)},
        )
    return None


def rule_quota(rules, facts):
    limit = quota_limit(rules.quota_count, rules.quota_share, facts.participants)
    if limit is None or facts.ahead < limit:
        return None
    # Worded by the part that sets the limit: with a count of 5 and 15 % of 20, the share (3).
    if binding_part(rules.quota_count, rules.quota_share, facts.participants) == COUNT:
        if limit == 0:
            text = _("The quota of “%(award)s” is 0: no nomination can be eligible.")
        else:
            text = _(
                "The quota of “%(award)s” is %(limit)s and %(ahead)s nomination(s) submitted earlier already fill it."
            )
    elif limit == 0:
        text = _("The quota of “%(award)s” is %(share)s%% of %(participants)s %(what)s, that is none.")
    else:
        text = _(
            "The quota of “%(award)s” is %(share)s%% of %(participants)s %(what)s, that is %(limit)s, and "
            "%(ahead)s nomination(s) submitted earlier already fill it."
        )
    return Reason(
        "quota",
        text
        % {
            "award": rules.name,
            "limit": limit,
            "ahead": facts.ahead,
            "participants": facts.participants,
            "what": facts.participants_what or _("participants"),
            "share": percent(rules.quota_share or 0),
        },
    )


def rule_requires(rules, facts):
    if rules.required_name and not facts.has_required:
        return Reason(
            "requires",
            _("“%(award)s” requires “%(required)s” in the same campaign, and no such nomination is eligible.")
            % {"award": rules.name, "required": rules.required_name},
        )
    return None


def rule_cstdcs(rules, facts):
    """Chiến sĩ thi đua cơ sở: hoàn thành xuất sắc nhiệm vụ (the top band) or a recognised initiative."""
    if rules.standard != STANDARD_CSTDCS or facts.nominee_kind != INDIVIDUAL:
        return None
    top = top_band(facts.bands)
    if top is not None and band_position(facts.band, facts.bands) == 0:
        return None
    if facts.recognised_initiatives:
        return None
    if facts.band is None:
        text = _(
            "Chiến sĩ thi đua cơ sở needs an excellent result (the unit classified “%(top)s”) or a recognised "
            "initiative of the person; the unit is not classified in the campaign and the person authored no "
            "recognised initiative."
        )
    else:
        text = _(
            "Chiến sĩ thi đua cơ sở needs an excellent result (the unit classified “%(top)s”) or a recognised "
            "initiative of the person; the unit is classified “%(band)s” and the person authored no recognised initiative."
        )
    return Reason("cstdcs", text % {"top": top or _("the top classification"), "band": facts.band})


def rule_excellent_collective(rules, facts):
    """Tập thể lao động xuất sắc: the top band, and none of its people with a violation."""
    if rules.standard != STANDARD_EXCELLENT_COLLECTIVE or facts.nominee_kind != COLLECTIVE:
        return None
    top = top_band(facts.bands)
    if top is None or band_position(facts.band, facts.bands) != 0:
        if top is None:
            text = _("Tập thể lao động xuất sắc needs the top classification, and the campaign has no classifications.")
        elif facts.band is None:
            text = _(
                "Tập thể lao động xuất sắc needs the top classification “%(top)s”; the unit is not classified in the "
                "campaign."
            )
        else:
            text = _(
                "Tập thể lao động xuất sắc needs the top classification “%(top)s”; the unit is classified “%(band)s”."
            )
        return Reason("excellent_band", text % {"top": top, "band": facts.band})
    if facts.people_violations:
        return Reason(
            "excellent_people",
            _("Tập thể lao động xuất sắc needs nobody of the unit with a violation; %(n)s are recorded.")
            % {"n": facts.people_violations},
        )
    return None


def share_met(part, whole, share, comparison):
    """Whether `part` of `whole` is more than (or at least) `share`; exact, and never met by 0 of 0."""
    if whole <= 0:
        return False
    have = Fraction(part, whole)
    wanted = Fraction(Decimal(share))
    return have > wanted if comparison == MORE_THAN else have >= wanted


def percent(share):
    return f"{(Decimal(share) * 100).normalize():f}"


def rule_ldtt_share(rules, facts):
    """Tập thể lao động tiên tiến / xuất sắc: a share of the collective's people are Advanced Workers."""
    if rules.standard not in COLLECTIVE_STANDARDS or facts.nominee_kind != COLLECTIVE:
        return None
    if facts.ldtt_share_missing:
        return Reason(
            "ldtt_share_missing",
            _(
                "“%(award)s” needs a share of Advanced Workers, and no value of “%(parameter)s” applies on the "
                "campaign's date: the office must add one."
            )
            % {"award": rules.name, "parameter": facts.ldtt_share_missing},
        )
    if facts.ldtt_share is None:
        return None
    if share_met(facts.ldtt_people, facts.people, facts.ldtt_share, facts.ldtt_comparison):
        return None
    if facts.ldtt_comparison == MORE_THAN:
        text = _(
            "“%(award)s” needs more than %(share)s%% of the unit's people to be Advanced Workers (Lao động tiên "
            "tiến); %(ldtt)s of its %(people)s people are."
        )
    else:
        text = _(
            "“%(award)s” needs at least %(share)s%% of the unit's people to be Advanced Workers (Lao động tiên "
            "tiến); %(ldtt)s of its %(people)s people are."
        )
    return Reason(
        "ldtt_share",
        text
        % {"award": rules.name, "share": percent(facts.ldtt_share), "ldtt": facts.ldtt_people, "people": facts.people},
    )


def rule_initiative(rules, facts):
    if facts.nominee_kind == INITIATIVE and not facts.initiative_recognised:
        return Reason("initiative", _("The initiative has no recognition decision (number and date)."))
    return None


def rule_span_years(rules, facts):
    """The consecutive years of earlier awards the title or form needs (awards.standards), citing
    the years and decisions the history holds."""
    if facts.span is None:
        return None
    failed = [o for o in standards.evaluate(facts.span) if not o.met and o.code != "interval"]
    return Reason(failed[0].code, failed[0].text) if failed else None


def rule_span_interval(rules, facts):
    """The years since the previous award of the same form granted by a higher body."""
    if facts.span is None:
        return None
    failed = [o for o in standards.evaluate(facts.span) if not o.met and o.code == "interval"]
    return Reason("interval", failed[0].text) if failed else None


RULES = (
    rule_kind,
    rule_subject,
    rule_band,
    rule_veto,
    rule_violation,
    rule_duplicate,
    rule_one_award,
    rule_quota,
    rule_requires,
    rule_cstdcs,
    rule_excellent_collective,
    rule_ldtt_share,
    rule_initiative,
    rule_span_years,
    rule_span_interval,
)


def met_conditions(rules, facts):
    """What the check found in the nominee's favour, as lines a Council member reads on the vote card."""
    lines = []
    if rules.minimum_band:
        if facts.band is not None and band_reaches(facts.band, rules.minimum_band, facts.bands):
            lines.append(
                _("Classified “%(have)s”: “%(award)s” requires at least “%(band)s”.")
                % {"have": facts.band, "award": rules.name, "band": rules.minimum_band}
            )
    elif facts.band is not None:
        lines.append(
            _("Classified “%(have)s”; “%(award)s” sets no lowest classification.")
            % {"have": facts.band, "award": rules.name}
        )
    if rules.required_name and facts.has_required:
        lines.append(_("Also eligible for “%(required)s” in the campaign.") % {"required": rules.required_name})
    limit = quota_limit(rules.quota_count, rules.quota_share, facts.participants)
    if limit is not None and facts.ahead < limit:
        lines.append(
            _("Within the quota: %(ahead)s submitted earlier of at most %(limit)s.")
            % {"ahead": facts.ahead, "limit": limit}
        )
    if rules.standard in COLLECTIVE_STANDARDS and facts.nominee_kind == COLLECTIVE and facts.ldtt_share is not None:
        lines.append(
            _("%(ldtt)s of its %(people)s people are Advanced Workers (Lao động tiên tiến).")
            % {"ldtt": facts.ldtt_people, "people": facts.people}
        )
    if facts.recognised_initiatives:
        lines.append(_("%(n)s recognised initiative(s) of the person.") % {"n": facts.recognised_initiatives})
    if facts.span is not None:
        lines.extend(o.text for o in standards.evaluate(facts.span) if o.met)
    return lines


def check(rules, facts):
    """Every reason the nominee may not receive the award; an empty list means eligible."""
    return [reason for rule in RULES if (reason := rule(rules, facts)) is not None]


# --- awards outside a campaign (awards.occasions) ----------------------------------------------

AD_HOC, THEMATIC, FLAG, MEDAL, BLOCK = "ad_hoc", "thematic", "flag", "medal", "block"
TITLE = "title"


@dataclass(frozen=True)
class OccasionFacts:
    """What the data says about one nominee for an award outside any campaign: no registration,
    no score, no classification — the deed or drive, its date, the years of service."""

    occasion: str
    nominee_kind: str
    nominee_kind_label: str = ""
    category: str = "form"  # the award type's category: an emulation title or a form
    occasion_title: str = ""
    occasion_date: object = None  # datetime.date of the deed
    today: object = None
    service_years: int | None = None  # years in the cooperative sector, None when not given
    service_needed: int | None = None  # the dated parameter's value, None when it has none
    service_missing: str = ""  # the parameter's label when no value applies
    same_type_status: str = ""  # another standing nomination of the nominee for this type and occasion


def service_years(since_year, in_year):
    """Whole years in the cooperative sector from `since_year` to `in_year` (2016 → 2026 is 10)."""
    if since_year is None:
        return None
    return max(in_year - since_year, 0)


def occasion_kind(rules, facts):
    return rule_kind(rules, facts)


def occasion_title_rule(rules, facts):
    """A title (LĐTT, CSTĐCS…) crowns a year of emulation: outside a campaign only the flag and an
    emulation block's year are one."""
    if facts.category == TITLE and facts.occasion not in (FLAG, BLOCK):
        return Reason(
            "title_outside_campaign",
            _("“%(award)s” is an emulation title: it is awarded at the end of a campaign, not outside one.")
            % {"award": rules.name},
        )
    return None


def occasion_deed(rules, facts):
    if facts.occasion in (AD_HOC, THEMATIC) and not (facts.occasion_title or "").strip():
        if facts.occasion == AD_HOC:
            return Reason("deed", _("Name the deed the ad-hoc award is for."))
        return Reason("deed", _("Name the thematic drive the award is for."))
    if facts.occasion == AD_HOC:
        if facts.occasion_date is None:
            return Reason("deed_date", _("Give the date of the deed."))
        if facts.today is not None and facts.occasion_date > facts.today:
            return Reason("deed_date", _("The date of the deed is in the future."))
    return None


def occasion_flag(rules, facts):
    if facts.occasion == FLAG and facts.nominee_kind != COLLECTIVE:
        return Reason("flag_collective", _("The emulation flag is awarded to a collective."))
    if facts.occasion == BLOCK and facts.nominee_kind != COLLECTIVE:
        return Reason("block_collective", _("An emulation block proposes its member units, not people."))
    return None


def occasion_service(rules, facts):
    """The commemorative medal: an individual with at least the dated number of years in the sector."""
    if facts.occasion != MEDAL:
        return None
    if facts.nominee_kind != INDIVIDUAL:
        return Reason("medal_individual", _("The commemorative medal is awarded to a person."))
    if facts.service_missing:
        return Reason(
            "service_missing",
            _("No value of “%(label)s” applies on this date: the office must add one.")
            % {"label": facts.service_missing},
        )
    if facts.service_years is None:
        return Reason("service_unknown", _("Give the year the person began working in the cooperative sector."))
    if facts.service_needed is not None and facts.service_years < facts.service_needed:
        return Reason(
            "service",
            _("%(years)s years in the cooperative sector; the commemorative medal needs at least %(needed)s.")
            % {"years": facts.service_years, "needed": facts.service_needed},
        )
    return None


def occasion_duplicate(rules, facts):
    if not facts.same_type_status:
        return None
    if facts.occasion == MEDAL and facts.same_type_status in AWARDED:
        return Reason("awarded", _("The person already received “%(award)s”.") % {"award": rules.name})
    return Reason(
        "duplicate",
        _("The nominee is already nominated for “%(award)s” on this occasion.") % {"award": rules.name},
    )


OCCASION_RULES = (
    occasion_kind,
    occasion_title_rule,
    occasion_deed,
    occasion_flag,
    occasion_service,
    occasion_duplicate,
)


def check_occasion(rules, facts):
    """Every reason the nominee may not receive an award outside a campaign; empty means eligible.

    No registration, score, band or quota is asked: those belong to a scored campaign.
    """
    return [reason for rule in OCCASION_RULES if (reason := rule(rules, facts)) is not None]


def occasion_met(facts):
    """What the check found in the nominee's favour outside a campaign, as lines of the vote card."""
    lines = []
    if facts.occasion_title:
        if facts.occasion_date is not None:
            lines.append(
                _("For: %(deed)s (%(date)s).")
                % {"deed": facts.occasion_title, "date": facts.occasion_date.strftime("%d/%m/%Y")}
            )
        else:
            lines.append(_("For: %(deed)s.") % {"deed": facts.occasion_title})
    if facts.occasion == MEDAL and facts.service_years is not None and facts.service_needed is not None:
        if facts.service_years >= facts.service_needed:
            lines.append(
                _("%(years)s years in the cooperative sector (at least %(needed)s needed).")
                % {"years": facts.service_years, "needed": facts.service_needed}
            )
    return lines
