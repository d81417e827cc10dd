"""The registry of legal parameters: each key's label, kind, unit and how it is compared.

The values live in the database with the date each applies from (models.LegalParameter);
the keys live here, because code reads them by name. Adding a parameter is one entry here.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ParameterKind(models.TextChoices):
    MONEY = "money", _("Amounts of money")
    COEFFICIENT = "coefficient", _("Bonus coefficients (× base salary)")
    RATIO = "ratio", _("Quorum, vote thresholds and quotas")
    COUNT = "count", _("Counts")


class Comparison(models.TextChoices):
    """How a ratio is applied: "more than half" is strict, "at least two thirds" is not."""

    MORE_THAN = "more_than", _("more than")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Recipient(models.TextChoices):
    """Who receives a title or form; a collective gets the multiplier only where both may."""

    INDIVIDUAL = "individual", _("individuals")
    COLLECTIVE = "collective", _("collectives")
    BOTH = "both", _("individuals and collectives")


@dataclass(frozen=True)
class Spec:
    key: str
    label: str
    kind: str
    unit: str = ""
    comparison: str = ""  # ratios only
    recipient: str = ""  # bonus coefficients of a title or form only
    help: str = ""

    @property
    def comparison_label(self):
        return Comparison(self.comparison).label if self.comparison else ""

    @property
    def is_award(self):
        return bool(self.recipient)


BASE_SALARY = "base_salary"
BONUS_ROUNDING = "bonus_rounding"
COLLECTIVE_MULTIPLIER = "collective_multiplier"
COUNCIL_QUORUM = "council_quorum"
BLOCK_QUORUM = "block_quorum"
BLOCK_VOTE = "block_vote"
VOTE_MAJORITY = "vote_majority"
VOTE_TWO_THIRDS = "vote_two_thirds"
VOTE_PROVINCE_TITLES = "vote_province_titles"
QUOTA_CSTDCS = "quota_cstdcs"
SHARE_LDTT_ADVANCED_COLLECTIVE = "share_ldtt_advanced_collective"
SHARE_LDTT_EXCELLENT_COLLECTIVE = "share_ldtt_excellent_collective"
MEDAL_SERVICE_YEARS = "medal_service_years"

_VND = _("VND")
_TIMES = _("× base salary")

SPECS = {
    spec.key: spec
    for spec in [
        Spec(BASE_SALARY, _("Base salary (mức lương cơ sở)"), ParameterKind.MONEY, _VND),
        Spec(
            BONUS_ROUNDING,
            _("Bonus amounts are rounded up to a multiple of"),
            ParameterKind.MONEY,
            _VND,
            help=_("Coefficient × base salary is rounded up to this step: with 10,000, 447,000 becomes 450,000."),
        ),
        Spec(
            "bonus_cstd_national",
            _("National Emulation Fighter"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.INDIVIDUAL,
        ),
        Spec(
            "bonus_cstd_province",
            _("Provincial Emulation Fighter"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.INDIVIDUAL,
        ),
        Spec(
            "bonus_cstdcs",
            _("Grassroots Emulation Fighter"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.INDIVIDUAL,
        ),
        Spec(
            "bonus_advanced_worker",
            _("Advanced Worker"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.INDIVIDUAL,
        ),
        Spec(
            "bonus_excellent_collective",
            _("Excellent Labour Collective"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.COLLECTIVE,
        ),
        Spec(
            "bonus_advanced_collective",
            _("Advanced Labour Collective"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.COLLECTIVE,
        ),
        Spec(
            "bonus_government_flag",
            _("Government Emulation Flag"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.COLLECTIVE,
        ),
        Spec(
            "bonus_province_flag",
            _("Provincial Emulation Flag"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.COLLECTIVE,
        ),
        Spec(
            "bonus_pm_merit",
            _("Prime Minister's Certificate of Merit"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.BOTH,
        ),
        Spec(
            "bonus_province_merit",
            _("Provincial Certificate of Merit"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.BOTH,
        ),
        Spec(
            "bonus_commendation",
            _("Certificate of Commendation (Giấy khen)"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.BOTH,
        ),
        Spec(
            "bonus_commune_commendation",
            _("Certificate of Commendation of a commune"),
            ParameterKind.COEFFICIENT,
            _TIMES,
            recipient=Recipient.BOTH,
        ),
        Spec(
            COLLECTIVE_MULTIPLIER,
            _("Multiplier for a collective"),
            ParameterKind.COEFFICIENT,
            _("× the individual amount"),
            help=_("A collective receiving a form that individuals also receive gets this many times their amount."),
        ),
        Spec(COUNCIL_QUORUM, _("Council quorum, of all members"), ParameterKind.RATIO, comparison=Comparison.AT_LEAST),
        Spec(
            BLOCK_QUORUM,
            _("Emulation block meeting quorum, of all members"),
            ParameterKind.RATIO,
            comparison=Comparison.AT_LEAST,
        ),
        Spec(
            BLOCK_VOTE,
            _("Emulation block's vote for its proposal, of the members present"),
            ParameterKind.RATIO,
            comparison=Comparison.MORE_THAN,
            help=_("A proposed member is recused from the vote on itself and counts as not in favour."),
        ),
        Spec(VOTE_MAJORITY, _("Majority vote, of all members"), ParameterKind.RATIO, comparison=Comparison.MORE_THAN),
        Spec(
            VOTE_TWO_THIRDS, _("Two-thirds vote, of all members"), ParameterKind.RATIO, comparison=Comparison.AT_LEAST
        ),
        Spec(
            VOTE_PROVINCE_TITLES,
            _("Vote for Provincial Emulation Fighter and higher, of all members"),
            ParameterKind.RATIO,
            comparison=Comparison.AT_LEAST,
            help=_("Secret ballot; absent members vote in writing."),
        ),
        Spec(
            QUOTA_CSTDCS,
            _("Grassroots Emulation Fighters, share of the Advanced Workers"),
            ParameterKind.RATIO,
            comparison=Comparison.AT_MOST,
            help=_("A default a campaign may adopt; no national cap is known under the 2022 law."),
        ),
        Spec(
            SHARE_LDTT_ADVANCED_COLLECTIVE,
            _("Advanced Labour Collective: share of its people who are Advanced Workers"),
            ParameterKind.RATIO,
            comparison=Comparison.MORE_THAN,
            help=_("Of the people of the collective recorded in the registry."),
        ),
        Spec(
            SHARE_LDTT_EXCELLENT_COLLECTIVE,
            _("Excellent Labour Collective: share of its people who are Advanced Workers"),
            ParameterKind.RATIO,
            comparison=Comparison.AT_LEAST,
            help=_("Of the people of the collective recorded in the registry."),
        ),
        Spec(
            "streak_cstd_province",
            _("Consecutive Grassroots Emulation Fighter titles before a Provincial one"),
            ParameterKind.COUNT,
            _("years"),
        ),
        Spec(
            "streak_province_merit",
            _("Consecutive Grassroots Emulation Fighter titles before a Provincial Certificate of Merit"),
            ParameterKind.COUNT,
            _("years"),
        ),
        Spec(
            "streak_excellent_merit",
            _("Consecutive years of excellent results before a collective's Provincial Certificate of Merit"),
            ParameterKind.COUNT,
            _("years"),
            help=_("Years of Excellent Labour Collective, or entered from the records as hoàn thành xuất sắc."),
        ),
        Spec(
            "interval_upward_form",
            _("Years between two awards of the same form granted by a higher body"),
            ParameterKind.COUNT,
            _("years"),
            help=_("Counted from the year of the previous award of the same form to the year considered."),
        ),
        Spec(
            MEDAL_SERVICE_YEARS,
            _("Commemorative medal: years working in the cooperative sector"),
            ParameterKind.COUNT,
            _("years"),
            help=_("At least this many years, counted to the year of the nomination (awards.occasions)."),
        ),
    ]
}

KEY_CHOICES = [(key, spec.label) for key, spec in SPECS.items()]
AWARD_KEYS = [key for key, spec in SPECS.items() if spec.is_award]


def spec_for(key):
    """The registry entry of `key`; an unknown key is a programming error."""
    try:
        return SPECS[key]
    except KeyError:
        raise ValueError(f"Unknown legal parameter {key!r}") from None
