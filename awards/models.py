"""Data of the awards app: the dated legal parameters, then commendation — award types, nominees,
nominations, the Council's sessions and votes, decisions with their awards, exemplary examples."""

import secrets
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from campaign.models import StoredUpload
from core.fields import DecimalField
from members.models import Gender

from .decision_rules import paper_for
from .parameter_keys import KEY_CHOICES, spec_for

# Ratios are kept to four decimals and read back as the nearest fraction with a denominator
# up to 100: 0.6667 is exactly two thirds, so "at least two thirds" of 6 members is 4.
RATIO_DENOMINATOR_LIMIT = 100


def plain(number):
    """A Decimal without trailing zeros and never in exponent form (12.0000 → 12, not 1.2E+1)."""
    number = Decimal(number)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def as_fraction(key, value):
    exact = Fraction(value)
    if spec_for(key).kind == "ratio":
        return exact.limit_denominator(RATIO_DENOMINATOR_LIMIT)
    return exact


def display_value(key, value):
    """A value as people write it, in the active language: 1.800.000, 0,3, 2/3 (66,67%), 90%."""
    kind = spec_for(key).kind
    if kind == "ratio":
        fraction = as_fraction(key, value)
        percent = number_format(plain(round(Decimal(fraction.numerator) * 100 / fraction.denominator, 2)))
        if 100 % fraction.denominator == 0:
            return f"{percent}%"
        return f"{fraction.numerator}/{fraction.denominator} ({percent}%)"
    return number_format(plain(value), force_grouping=True)


class LegalParameter(models.Model):
    """One value of one legal parameter, in force from `valid_from` until the next row's date.

    A row whose date has come is history: it is never edited, a correction is a new row.
    Decisions copy the amounts they award when issued, so no later row changes them.
    """

    key = models.CharField(_("parameter"), max_length=40, choices=KEY_CHOICES, db_index=True)
    value = DecimalField(_("value"), max_digits=14, decimal_places=4)
    valid_from = models.DateField(_("applies from"))
    source = models.CharField(
        _("source document"), max_length=300, help_text=_("Number, date and article, e.g. NĐ 73/2024/NĐ-CP, Điều 3.")
    )
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    confirmed = models.BooleanField(
        _("confirmed in the source"),
        default=False,
        help_text=_("Tick only when the value was checked in the official text (vbpl.vn)."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal parameter value")
        verbose_name_plural = _("legal parameter values")
        ordering = ["key", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="one_parameter_value_per_key_and_date"),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="parameter_value_positive"),
        ]

    def __str__(self):
        return f"{self.spec.label} = {plain(self.value)} ({self.valid_from:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("awards:parameter_detail", args=[self.key])

    @property
    def spec(self):
        return spec_for(self.key)

    @property
    def fraction(self):
        """The value as an exact fraction: ratios snap to the simple fraction they stand for."""
        return as_fraction(self.key, self.value)

    @property
    def display(self):
        return display_value(self.key, self.value)

    def is_history(self, today=None):
        """True once the value's date has come: from then on it is kept as it was."""
        return self.valid_from <= (today or timezone.localdate())


# --- Commendation: award types, nominees, nominations, the Council, decisions -------------


class AwardIssuer(models.TextChoices):
    """Who grants an award: the Alliance itself, or a higher body it proposes the award to."""

    ALLIANCE = "alliance", _("The provincial Alliance (its chairman)")
    NATIONAL = "national", _("Proposed to the Vietnam Cooperative Alliance")
    PROVINCE = "province", _("Proposed to the provincial People's Committee")


class AwardCategory(models.TextChoices):
    TITLE = "title", _("Emulation title")
    FORM = "form", _("Form of commendation")


class NomineeKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")
    INITIATIVE = "initiative", _("Initiative")


class Occasion(models.TextChoices):
    """What an award is made for: the end of a scored campaign, or an occasion outside any campaign
    (awards.occasions): a deed (đột xuất), a thematic drive (chuyên đề), the emulation flag, the
    commemorative medal for years of service."""

    CAMPAIGN = "campaign", _("A scored campaign")
    AD_HOC = "ad_hoc", _("Ad-hoc, for a deed (đột xuất)")
    THEMATIC = "thematic", _("After a thematic drive (chuyên đề)")
    FLAG = "flag", _("Emulation flag (cờ thi đua)")
    MEDAL = "medal", _("Commemorative medal, for years of service (kỷ niệm chương)")
    BLOCK = "block", _("An emulation block's year (khối, cụm thi đua)")


# A nomination or decision names its campaign exactly when it is made for one.
CAMPAIGN_MATCHES_OCCASION = Q(occasion=Occasion.CAMPAIGN, campaign__isnull=False) | (
    ~Q(occasion=Occasion.CAMPAIGN) & Q(campaign__isnull=True)
)


def made_for(campaign, occasion_label, title=""):
    if campaign is not None:
        return campaign.short_name
    return f"{occasion_label}: {title}" if title else str(occasion_label)


class VoteRule(models.TextChoices):
    """The share of the whole Council's membership a nomination needs; the ratio is a legal parameter."""

    MAJORITY = "vote_majority", _("More than half of all members")
    TWO_THIRDS = "vote_two_thirds", _("At least two thirds of all members")
    # xgettext:no-python-format
    PROVINCE_TITLES = "vote_province_titles", _("At least 90% of all members (provincial titles and higher)")


class DecidingAuthority(models.TextChoices):
    """Who decides an Alliance award: the chairman in his own name, or the Standing Committee (T/M)."""

    CHAIRMAN = "chairman", _("The chairman, in his own name")
    STANDING_COMMITTEE = "committee", _("The Standing Committee (signed on its behalf)")


class Paper(models.TextChoices):
    """The paper an awardee receives with an award (docs/law-notes.md says which for each title)."""

    NONE = "none", _("No paper: the decision alone recognises it")
    GIAY_KHEN = "giay_khen", _("Certificate of merit (Giấy khen)")
    BANG_KHEN = "bang_khen", _("Certificate of merit (Bằng khen)")
    GIAY_CHUNG_NHAN = "chung_nhan", _("Certificate of the title (Giấy chứng nhận)")


QUOTA_SHARE_MESSAGE = _("A share is more than 0 and at most 1 (0.15 is 15%).")


class AwardType(models.Model):
    """A title or form of commendation (hình thức khen thưởng) and the rules it is granted by."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, help_text=_("As in lists: LĐTT, CSTĐCS, Giấy khen."))
    category = models.CharField(_("category"), max_length=10, choices=AwardCategory.choices)
    issuer = models.CharField(_("granted by"), max_length=10, choices=AwardIssuer.choices)
    for_individuals = models.BooleanField(_("for individuals"), default=True)
    for_collectives = models.BooleanField(_("for collectives"), default=False)
    for_households = models.BooleanField(_("for households"), default=False)
    for_initiatives = models.BooleanField(_("for initiatives"), default=False)
    coefficient_key = models.CharField(
        _("bonus coefficient"),
        max_length=40,
        blank=True,
        choices=KEY_CHOICES,
        help_text=_("The legal parameter whose coefficient × the base salary gives the amount; empty for no money."),
    )
    quota_count = models.PositiveIntegerField(_("quota (number)"), null=True, blank=True)
    quota_share = DecimalField(
        _("quota (share of participants)"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        # xgettext:no-python-format
        help_text=_("E.g. 0.15 for at most 15% of the units or people taking part."),
    )
    vote_rule = models.CharField(_("Council vote needed"), max_length=30, choices=VoteRule.choices)
    minimum_band = models.CharField(
        _("lowest classification"),
        max_length=60,
        blank=True,
        help_text=_("The name of a campaign band (e.g. Xuất sắc); empty when the classification does not matter."),
    )
    barred_by_violation = models.BooleanField(_("any violation bars it"), default=True)
    conditions_note = models.CharField(
        _("conditions the Council checks"),
        max_length=500,
        blank=True,
        help_text=_(
            "Conditions of the law the app does not check by itself (e.g. award history) or that are not "
            "confirmed; shown as a warning on every vote card of this award."
        ),
    )
    requires = models.ForeignKey(
        "self",
        verbose_name=_("requires the title"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("E.g. Chiến sĩ thi đua cơ sở requires Lao động tiên tiến in the same campaign."),
    )
    decided_by = models.CharField(
        _("decided by"),
        max_length=20,
        choices=DecidingAuthority.choices,
        default=DecidingAuthority.CHAIRMAN,
        help_text=_("Who grants it on the Alliance's side: the decision and the certificate are headed and signed so."),
    )
    paper = models.CharField(
        _("paper given"),
        max_length=20,
        choices=Paper.choices,
        blank=True,
        help_text=_(
            "The paper printed for each awardee; empty when the decision alone recognises it (docs/law-notes.md)."
        ),
    )
    council_required = models.BooleanField(
        _("the Council votes on it"),
        default=True,
        help_text=_(
            "Untick for a form the leadership grants on the office's proposal without a Council vote "
            "(e.g. an ad-hoc Giấy khen under the simplified procedure)."
        ),
    )
    public_notice_days = models.PositiveSmallIntegerField(
        _("public notice (working days)"),
        null=True,
        blank=True,
        help_text=_(
            "Where the law or the Alliance's rules ask the list of proposed awardees to be published before "
            "the decision: for how many working days; empty when no notice is needed."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["order", "name"]
        # The quotas an award type may hold: none, a number, a share, or both (then the stricter
        # applies, awards.quota). A share is of the participants, so it is more than 0 (a share
        # of 0 is a count of 0, said plainly by the number) and at most all of them. A number is
        # 0 or more by its field type; 0 stays legal: a title closed for the year.
        constraints = [
            models.CheckConstraint(
                condition=Q(quota_share__isnull=True) | Q(quota_share__gt=0, quota_share__lte=1),
                name="award_type_quota_share_of_participants",
                violation_error_message=QUOTA_SHARE_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The constraint's rule, said on its field so that the form shows it there and keeps what was typed.
        super().clean()
        if self.quota_share is not None and not 0 < self.quota_share <= 1:
            raise ValidationError({"quota_share": QUOTA_SHARE_MESSAGE})

    def accepts(self, nominee_kind):
        return {
            NomineeKind.INDIVIDUAL: self.for_individuals,
            NomineeKind.COLLECTIVE: self.for_collectives,
            NomineeKind.HOUSEHOLD: self.for_households,
            NomineeKind.INITIATIVE: self.for_initiatives,
        }[nominee_kind]

    @property
    def paper_given(self):
        """The paper each awardee receives ("" for none): the one chosen, else the rule's (Lao động tiên tiến: none)."""
        if self.paper == Paper.NONE:
            return ""
        return self.paper or paper_for(self.category, self.short_name, self.name)

    @property
    def is_upward(self):
        return self.issuer != AwardIssuer.ALLIANCE


class Household(models.Model):
    """A household (hộ gia đình), e.g. a member household of a cooperative."""

    head_name = models.CharField(_("head of household"), max_length=120)
    head_gender = models.CharField(
        _("head's gender"),
        max_length=10,
        choices=Gender.choices,
        blank=True,
        help_text=_("Printed as “Hộ ông …” or “Hộ bà …” on decisions and certificates."),
    )
    organization = models.ForeignKey(
        "members.Organization", verbose_name=_("member of"), on_delete=models.PROTECT, related_name="households"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    members_count = models.PositiveSmallIntegerField(_("members of the household"), default=1)
    is_direct_producer = models.BooleanField(_("produces or trades directly"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["organization__name", "head_name"]

    def __str__(self):
        if self.head_gender == Gender.MALE:
            return _("Household of Mr %(name)s") % {"name": self.head_name}
        if self.head_gender == Gender.FEMALE:
            return _("Household of Mrs %(name)s") % {"name": self.head_name}
        return _("Household of %(name)s") % {"name": self.head_name}


class InitiativeQuerySet(models.QuerySet):
    def recognised(self):
        """Initiatives the office has recorded as recognised (decision number and date, who, when):
        the only ones that count for eligibility (Initiative.is_recognised says it of one)."""
        return self.filter(recognised_by__isnull=False, recognised_on__isnull=False).exclude(recognition_number="")


class Initiative(models.Model):
    """An initiative (sáng kiến) and the decision that recognised it, recorded by the office."""

    title = models.CharField(_("title"), max_length=300)
    organization = models.ForeignKey(
        "members.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="initiatives"
    )
    authors = models.ManyToManyField("members.Person", verbose_name=_("authors"), related_name="initiatives")
    description = models.TextField(_("description"), blank=True)
    recognition_number = models.CharField(
        _("recognised by decision"), max_length=60, blank=True, help_text=_("E.g. 25/QĐ-HTX.")
    )
    recognised_on = models.DateField(_("recognised on"), null=True, blank=True)
    # Written only by awards.nominations.recognise_initiative: the office records the decision.
    recognised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recognition recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recognised_at = models.DateTimeField(_("recognition recorded at"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-recognised_on", "title"]

    def __str__(self):
        return self.title

    @property
    def is_recognised(self):
        """Recognised once the office recorded the decision (number, date, who): a unit cannot type it."""
        return bool(self.recognition_number and self.recognised_on and self.recognised_by_id)


# The longest achievement a certificate prints whole under the name (three lines of its 14 pt italic).
CERTIFICATE_TEXT_LIMIT = 220


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    IN_COUNCIL = "in_council", _("Before the Council")
    PASSED = "passed", _("Passed by the Council")
    NOT_PASSED = "not_passed", _("Not passed by the Council")
    APPROVED = "approved", _("Approved by the leadership")
    REJECTED = "rejected", _("Rejected by the leadership")
    DECIDED = "decided", _("Awarded by decision")
    PROPOSED = "proposed", _("Proposed upward")
    REVOKED = "revoked", _("Award revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Derived from the unit's scores and the nominee's name: kept out of the nomination's history.
RANK_SCORE_FIELDS = [
    "unit_total",
    "unit_band",
    "unit_vetoed",
    "shortlist_score",
    "shortlist_scored",
    "nominee_sort_key",
]


class Nomination(models.Model):
    """A proposal to commend a nominee (đề nghị khen thưởng) in a campaign.

    `organization` is always the unit the nominee belongs to (the collective itself for a
    collective), so that a unit's nominations are scoped like its other data.
    """

    campaign = models.ForeignKey(
        "campaign.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices, default=Occasion.CAMPAIGN)
    # Outside a campaign: the deed or the drive the award is for, and its date (awards.occasions).
    occasion_title = models.CharField(
        _("deed or drive"),
        max_length=300,
        blank=True,
        help_text=_("What the award is for: the deed (ad-hoc) or the thematic drive, as the decision prints it."),
    )
    occasion_date = models.DateField(_("date of the deed"), null=True, blank=True)
    service_from = models.PositiveSmallIntegerField(
        _("working in cooperatives since (year)"),
        null=True,
        blank=True,
        help_text=_("For the commemorative medal: the year the nominee began working in the cooperative sector."),
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominee_kind = models.CharField(_("nominee"), max_length=12, choices=NomineeKind.choices)
    organization = models.ForeignKey(
        "members.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="nominations"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    achievements = models.TextField(_("summary of achievements"))
    certificate_text = models.CharField(
        _("achievement on the certificate"),
        max_length=CERTIFICATE_TEXT_LIMIT,
        blank=True,
        help_text=_("One sentence printed whole under the name on the certificate."),
    )
    # Written only by awards services, together with a NominationEvent row.
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
        editable=False,
    )
    eligibility_reasons = models.JSONField(_("why not eligible"), default=list, blank=True, editable=False)
    eligibility_checked_at = models.DateTimeField(_("eligibility checked at"), null=True, blank=True, editable=False)
    score = DecimalField(_("campaign score"), max_digits=8, decimal_places=2, null=True, blank=True, editable=False)
    session = models.ForeignKey(
        "CouncilSession",
        verbose_name=_("Council session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
        editable=False,
    )
    leader_comment = models.TextField(_("leadership's comment"), blank=True, editable=False)
    # What the leadership's shortlist shows and sorts by, stored so that it reads one page of
    # rows through an index: the unit's cumulated score as campaign.ranking gives it, and the
    # score the shortlist ranks by (awards.tally.shortlist_score). Written only by
    # awards.nominations.refresh_rank_scores (and the eligibility check, which sets `score`).
    unit_total = DecimalField(
        _("unit's cumulated score"), max_digits=8, decimal_places=2, null=True, blank=True, editable=False
    )
    unit_band = models.CharField(_("unit's classification"), max_length=60, blank=True, editable=False)
    unit_vetoed = models.BooleanField(_("unit vetoed"), default=False, editable=False)
    shortlist_score = DecimalField(
        _("score on the shortlist"), max_digits=8, decimal_places=2, null=True, blank=True, editable=False
    )
    # Whether `shortlist_score` is set: the index sorts the unscored last without NULLS LAST (SQLite has none).
    shortlist_scored = models.BooleanField(_("scored on the shortlist"), default=False, editable=False)
    nominee_sort_key = models.BinaryField(_("nominee's sort key"), default=b"", blank=True, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("nominated by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", *RANK_SCORE_FIELDS])

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["campaign", "award_type__order", "-score", "pk"]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["organization"]),
            # The nomination list pages through the newest first.
            models.Index(fields=["-created_at", "-id"], name="nomination_newest_idx"),
            # The shortlist pages through one award type of a campaign, highest score first.
            models.Index(
                fields=["campaign", "award_type", "-shortlist_scored", "-shortlist_score", "nominee_sort_key", "id"],
                name="nomination_shortlist_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=CAMPAIGN_MATCHES_OCCASION, name="nomination_campaign_matches_occasion"),
            models.CheckConstraint(
                condition=(
                    Q(nominee_kind=NomineeKind.INDIVIDUAL, person__isnull=False)
                    | Q(nominee_kind=NomineeKind.COLLECTIVE, person__isnull=True)
                    | Q(nominee_kind=NomineeKind.HOUSEHOLD, household__isnull=False)
                    | Q(nominee_kind=NomineeKind.INITIATIVE, initiative__isnull=False)
                ),
                name="nomination_names_its_nominee",
            ),
        ]

    def __str__(self):
        return f"{self.nominee_name} – {self.award_type}"

    def get_absolute_url(self):
        return reverse("awards:nomination_detail", args=[self.pk])

    @property
    def made_for(self):
        """The campaign's short name, or the occasion outside any campaign with its deed or drive."""
        return made_for(self.campaign, self.get_occasion_display(), getattr(self, "occasion_title", ""))

    @property
    def nominee_name(self):
        if self.nominee_kind == NomineeKind.INDIVIDUAL:
            return self.person.full_name
        if self.nominee_kind == NomineeKind.HOUSEHOLD:
            return str(self.household)
        if self.nominee_kind == NomineeKind.INITIATIVE:
            return self.initiative.title
        return self.organization.name


def attachment_path(instance, filename):
    return f"nominations/{instance.nomination_id}/{instance.token}"


class NominationAttachment(StoredUpload):
    """A file of a nomination's dossier (report of achievements, minutes of the unit's vote…)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)

    class Meta(StoredUpload.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")


class NominationEvent(models.Model):
    """One step of a nomination's way, with who, when and the reason or comment given."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    old_status = models.CharField(_("from"), max_length=12, choices=NominationStatus.choices, blank=True)
    status = models.CharField(_("to"), max_length=12, choices=NominationStatus.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomination event")
        verbose_name_plural = _("nomination events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.nomination_id}: {self.get_status_display()}"


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Open for votes")
    CLOSED = "closed", pgettext_lazy("council session", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("council session", "Withdrawn")


class CouncilSession(models.Model):
    """A meeting of the Emulation-Commendation Council (phiên họp Hội đồng) on a campaign's nominations.

    `members_total` is the Council's whole membership on the day: thresholds are shares of it,
    not of those present.
    """

    # Empty: a session on the nominations made outside any campaign (awards.occasions).
    campaign = models.ForeignKey(
        "campaign.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_sessions",
    )
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The minutes are signed by the secretary and the chair: both are named before voting opens.
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members_total = models.PositiveSmallIntegerField(_("members of the Council"))
    present = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("members present"), related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN, editable=False
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Council session")
        verbose_name_plural = _("Council sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.campaign or _('Outside a campaign')} – {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("awards:session_detail", args=[self.pk])


class SessionEvent(models.Model):
    """One change of a session (created, edited, agenda added, closed), with who, when and what changed.

    `changes` is a list of {"field", "old", "new"} with printable values; the field's label is
    given at display time (awards.council.SESSION_FIELDS).
    """

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("change"), max_length=12)
    changes = models.JSONField(_("what changed"), default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.session_id}: {self.kind}"


class VoteChoice(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")
    RECUSED = "recused", _("Recused")


class Recusal(models.TextChoices):
    """Why a member stands aside from one nominee: connected to it, declared on the ballot page."""

    SAME_UNIT = "same_unit", _("Works in the nominee's unit")
    FAMILY = "family", _("Family of the nominee")
    OTHER = "other", _("Another connection with the nominee")


class Vote(models.Model):
    """One member's vote on one nomination in a session: cast once, never changed."""

    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT)
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    recusal = models.CharField(_("connection"), max_length=10, choices=Recusal.choices, blank=True)
    cast_at = models.DateTimeField(_("cast at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["session", "nomination", "voter"], name="one_vote_per_member"),
        ]

    def __str__(self):
        return f"{self.voter_id} – {self.get_choice_display()}"


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class Decision(models.Model):
    """A decision on commendation (quyết định khen thưởng) of the Alliance, or a proposal upward (tờ trình).

    Its document is numbered and stored by the outgoing-document register when issued; the
    awards it lists keep the amounts computed on its date.
    """

    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision on commendation")
        PROPOSAL = "proposal", _("Proposal to a higher body")
        CORRECTION = "correction", _("Correcting decision")
        REVOCATION = "revocation", _("Revoking decision")

    campaign = models.ForeignKey(
        "campaign.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    occasion = models.CharField(_("occasion"), max_length=10, choices=Occasion.choices, default=Occasion.CAMPAIGN)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DECISION)
    addressee = models.CharField(
        _("addressed to"), max_length=10, choices=AwardIssuer.choices, default=AwardIssuer.ALLIANCE
    )
    title = models.CharField(_("subject"), max_length=500)
    decided_on = models.DateField(_("date"))
    signer = models.ForeignKey(
        "documents.Signer", verbose_name=_("signer"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "Xét đề nghị của … tại Tờ trình số … ngày …" (LAW.md A9): the request the decision answers.
    request_by = models.CharField(
        _("proposed by"), max_length=200, blank=True, help_text=_("Empty: the Standing Office of the Council.")
    )
    request_reference = models.CharField(
        _("proposal (tờ trình) number"), max_length=60, blank=True, help_text=_("As written, e.g. 02/TTr-HĐTĐKT.")
    )
    request_date = models.DateField(_("proposal date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, editable=False
    )
    document = models.OneToOneField(
        "documents.IssuedDocument",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("prepared by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # A correcting or revoking decision names the issued decision it mends (awards.amendments).
    amends = models.ForeignKey(
        "self",
        verbose_name=_("decision corrected or revoked"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        editable=False,
    )
    reason = models.TextField(_("grounds"), blank=True)
    correction = models.TextField(_("what is corrected"), blank=True)
    # What the document printed of its issuer and signer, copied when issued (awards.snapshots).
    printed = models.JSONField(_("as printed"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=CAMPAIGN_MATCHES_OCCASION, name="decision_campaign_matches_occasion"),
        ]

    def __str__(self):
        return self.document.reference if self.document_id else self.title

    def get_absolute_url(self):
        return reverse("awards:decision_detail", args=[self.pk])

    @property
    def made_for(self):
        """The campaign's short name, or the occasion outside any campaign."""
        return made_for(self.campaign, self.get_occasion_display())


class Award(models.Model):
    """One awardee line of a decision or a proposal, with the amount fixed on the decision's date."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="awards")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="award")
    coefficient = DecimalField(_("coefficient"), max_digits=6, decimal_places=2, null=True, blank=True)
    base_salary = DecimalField(_("base salary"), max_digits=14, decimal_places=0, null=True, blank=True)
    amount = DecimalField(_("amount"), max_digits=14, decimal_places=0, default=0)
    order = models.PositiveIntegerField(_("order"), default=0)
    # What the decision and the certificate print of the awardee, copied when the decision is
    # issued (awards.snapshots.snapshot_award); every issued page reads these, never the registry.
    awardee_name = models.CharField(_("awardee as printed"), max_length=400, blank=True, editable=False)
    certificate_name = models.CharField(_("name on the certificate"), max_length=400, blank=True, editable=False)
    honorific = models.CharField(_("honorific"), max_length=10, blank=True, editable=False)
    position = models.CharField(_("position"), max_length=120, blank=True, editable=False)
    unit_name = models.CharField(_("unit"), max_length=255, blank=True, editable=False)
    unit_line = models.CharField(_("line under the name"), max_length=600, blank=True, editable=False)
    award_name = models.CharField(_("award"), max_length=200, blank=True, editable=False)
    award_short_name = models.CharField(_("award (short)"), max_length=40, blank=True, editable=False)
    award_category = models.CharField(_("category"), max_length=10, blank=True, editable=False)
    achievement = models.TextField(_("achievement as printed"), blank=True, editable=False)
    snapshot_at = models.DateTimeField(_("copied at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["decision", "order", "pk"]

    def __str__(self):
        return str(self.nomination)


def example_photo_path(instance, filename):
    return f"examples/{instance.token}"


class ExemplaryExample(models.Model):
    """A story of an exemplary collective or person (gương điển hình, người tốt - việc tốt)."""

    title = models.CharField(_("title"), max_length=255)
    story = models.TextField(_("story"))
    photo = models.FileField(_("photo"), upload_to=example_photo_path, max_length=255, blank=True)
    token = models.CharField(max_length=40, unique=True, editable=False)
    campaign = models.ForeignKey(
        "campaign.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examples",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="examples",
    )
    person = models.ForeignKey(
        "members.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exemplary example")
        verbose_name_plural = _("exemplary examples")
        ordering = ["-published_at", "-created_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)


class CertificateJobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", pgettext_lazy("job", "Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


def certificate_job_path(instance, filename):
    return f"certificates/{instance.decision_id}/{secrets.token_hex(16)}.pdf"


class CertificateJob(models.Model):
    """A batch of certificates of an issued decision rendered by a worker (1,000 take about a minute).

    Written only by awards.certificates; `organization` is set when a unit asked for its own
    awardees' certificates. Only the user who asked sees the job and its file.
    """

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "members.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateJobStatus.choices, default=CertificateJobStatus.PENDING
    )
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("rendered"), default=0)
    file = models.FileField(_("file"), upload_to=certificate_job_path, blank=True, max_length=255)
    failure = models.TextField(_("failure"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.decision} ({self.total})"

    def get_absolute_url(self):
        return reverse("awards:certificate_job", args=[self.pk])

    @property
    def progress_percent(self):
        if self.status == CertificateJobStatus.DONE:
            return 100
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def is_finished(self):
        return self.status in (CertificateJobStatus.DONE, CertificateJobStatus.FAILED)


class LegalTextKind(models.TextChoices):
    LAW = "law", _("Law on emulation and commendation")
    DECREE = "decree", _("Decree detailing the law")


class LegalText(models.Model):
    """A law or decree a decision on commendation cites ("Căn cứ …;"), in force from `valid_from`
    until the next row of the same kind: the texts in force on a decision's date are data, never code."""

    kind = models.CharField(_("kind"), max_length=10, choices=LegalTextKind.choices)
    valid_from = models.DateField(_("in force from"))
    citation = models.CharField(
        _("citation"),
        max_length=500,
        help_text=_("As printed after “Căn cứ”, e.g. Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022."),
    )
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    confirmed = models.BooleanField(_("confirmed in the source"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal text")
        verbose_name_plural = _("legal texts")
        ordering = ["kind", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["kind", "valid_from"], name="one_legal_text_per_kind_and_date")]

    def __str__(self):
        return self.citation


class RevokedAward(models.Model):
    """One award of an issued decision that a revoking decision takes back, with the money to recover."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("revoking decision"), on_delete=models.CASCADE, related_name="revoked_awards"
    )
    award = models.ForeignKey(Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="revocations")
    amount_to_recover = DecimalField(_("money to recover (VND)"), max_digits=14, decimal_places=0, default=0)

    class Meta:
        verbose_name = _("revoked award")
        verbose_name_plural = _("revoked awards")
        ordering = ["decision", "award__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "award"], name="one_revocation_line_per_award"),
            models.CheckConstraint(condition=Q(amount_to_recover__gte=0), name="recover_not_negative"),
        ]

    def __str__(self):
        return f"{self.award} ({self.decision})"


def certificate_path(instance, filename):
    return f"certificates/register/{instance.year}/{secrets.token_hex(16)}.pdf"


class Certificate(models.Model):
    """A certificate in the certificate register (sổ giấy khen): numbered at issue per year and award type.

    Its page is rendered once from the award's snapshot and kept with its SHA-256 (awards.register);
    every print afterwards returns those bytes.
    """

    award = models.OneToOneField(Award, verbose_name=_("award"), on_delete=models.PROTECT, related_name="certificate")
    year = models.PositiveSmallIntegerField(_("year"))
    award_type = models.ForeignKey(AwardType, verbose_name=_("award"), on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("number in the register"))
    file = models.FileField(_("file"), upload_to=certificate_path, blank=True, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    # The random code of the public verification page (documents.verification), given when the
    # certificate is numbered; `carries_qr` says whether its stored page prints it (pages rendered
    # before codes existed do not).
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True, null=True, blank=True)
    carries_qr = models.BooleanField(_("printed with its QR code"), default=False)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-year", "award_type", "number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "award_type", "number"], name="one_certificate_per_number"),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self):
        """As printed after "Số vào sổ:": 03/2022."""
        return f"{self.number:02d}/{self.year}"


class DecisionApproval(models.Model):
    """The leadership's approval of a draft decision or proposal, bound to the content it approved.

    `fingerprint` is the SHA-256 of everything the document will print (awards.approval):
    the approval holds only while the draft still has that fingerprint, so any change after
    it (a name, an amount, the date, the signer) voids it. Rows are never edited or deleted.
    """

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="approvals"
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["-approved_at", "-pk"]

    def __str__(self):
        return f"{self.decision_id}: {self.fingerprint[:12]}"


# --- printing certificates on pre-printed blanks (phôi), issue 19 item 5: awards/blanks.py ---------


class BlankField(models.TextChoices):
    """What a blank receives, each in its own box; the rest (the national motto, GIẤY KHEN, the frame) is pre-printed."""

    NAME = "name", _("Awardee's name")
    UNIT = "unit", _("Unit or position (the line under the name)")
    TITLE = "title", _("Title or achievement")
    ACHIEVEMENT = "achievement", _("Achievement written for the certificate")
    DECISION = "decision", _("Decision number and date")
    PLACE_DATE = "place_date", _("Place and date")
    SIGNER_TITLE = "signer_title", _("Signer's title")
    SIGNER = "signer", _("Signer's name")
    REGISTER = "register", _("Number in the certificate register")
    QR = "qr", _("QR code and verification code")


class BoxAlign(models.TextChoices):
    LEFT = "left", _("Left")
    CENTER = "center", _("Centre")
    RIGHT = "right", _("Right")


class BlankLayout(models.Model):
    """The pre-printed blank (phôi) of one paper: its size and where each field is printed, in millimetres
    from the blank's top left corner."""

    paper = models.CharField(
        _("paper"),
        max_length=20,
        unique=True,
        choices=[(value, label) for value, label in Paper.choices if value != Paper.NONE],
    )
    name = models.CharField(_("name of the blank"), max_length=120, help_text=_("E.g. Phôi giấy khen A4 ngang, 2024."))
    width_mm = DecimalField(_("width (mm)"), max_digits=5, decimal_places=1)
    height_mm = DecimalField(_("height (mm)"), max_digits=5, decimal_places=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("blank layout")
        verbose_name_plural = _("blank layouts")
        ordering = ["paper"]
        constraints = [
            models.CheckConstraint(condition=Q(width_mm__gt=0, height_mm__gt=0), name="blank_has_a_size"),
        ]

    def __str__(self):
        return f"{self.name} ({self.width_mm:g} × {self.height_mm:g} mm)"

    def get_absolute_url(self):
        return reverse("awards:blank_edit", args=[self.pk])


class BlankBox(models.Model):
    """Where one field is printed on a blank: a box in millimetres, the text's size and alignment."""

    layout = models.ForeignKey(BlankLayout, on_delete=models.CASCADE, related_name="boxes")
    field = models.CharField(_("field"), max_length=20, choices=BlankField.choices)
    printed = models.BooleanField(_("printed"), default=True)
    x_mm = DecimalField(_("from the left (mm)"), max_digits=5, decimal_places=1, default=0)
    y_mm = DecimalField(_("from the top (mm)"), max_digits=5, decimal_places=1, default=0)
    width_mm = DecimalField(_("width (mm)"), max_digits=5, decimal_places=1, default=100)
    height_mm = DecimalField(_("height (mm)"), max_digits=5, decimal_places=1, default=10)
    font_size = DecimalField(_("font size (pt)"), max_digits=4, decimal_places=1, default=14)
    bold = models.BooleanField(_("bold"), default=False)
    align = models.CharField(_("alignment"), max_length=10, choices=BoxAlign.choices, default=BoxAlign.CENTER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("field on a blank")
        verbose_name_plural = _("fields on a blank")
        ordering = ["layout", "pk"]
        constraints = [models.UniqueConstraint(fields=["layout", "field"], name="one_box_per_field")]

    def __str__(self):
        return self.get_field_display()


class PrinterProfile(models.Model):
    """A printer as the office calibrated it: how far it shifts what it prints, corrected by these offsets."""

    name = models.CharField(_("printer"), max_length=120, unique=True)
    offset_x_mm = DecimalField(
        _("shift right (mm)"),
        max_digits=4,
        decimal_places=1,
        default=0,
        help_text=_("Positive moves the text to the right, negative to the left."),
    )
    offset_y_mm = DecimalField(
        _("shift down (mm)"),
        max_digits=4,
        decimal_places=1,
        default=0,
        help_text=_("Positive moves the text down, negative up."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("printer profile")
        verbose_name_plural = _("printer profiles")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:printer_edit", args=[self.pk])


class BlankPrint(models.Model):
    """One certificate printed on a blank: its number in the register, when, by whom, on which printer and offsets."""

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("certificate"), on_delete=models.PROTECT, related_name="blank_prints"
    )
    layout = models.ForeignKey(BlankLayout, verbose_name=_("blank"), on_delete=models.PROTECT, related_name="+")
    printer = models.ForeignKey(
        PrinterProfile, verbose_name=_("printer"), on_delete=models.PROTECT, related_name="prints"
    )
    offset_x_mm = DecimalField(_("shift right (mm)"), max_digits=4, decimal_places=1)
    offset_y_mm = DecimalField(_("shift down (mm)"), max_digits=4, decimal_places=1)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("printed by"), on_delete=models.PROTECT, related_name="+"
    )
    printed_at = models.DateTimeField(_("printed at"))

    class Meta:
        verbose_name = _("print on a blank")
        verbose_name_plural = _("prints on blanks")
        ordering = ["-printed_at", "certificate__number"]

    def __str__(self):
        return f"{self.certificate.reference} — {self.printed_at:%d/%m/%Y %H:%M}"


class RecordSource(models.TextChoices):
    """Where an entry of the award history comes from."""

    ISSUED_HERE = "issued_here", _("Issued in the app")
    PAST_ENTRY = "past_entry", _("Entered from the records")
    IMPORT = "import", _("Imported from a spreadsheet")
    HIGHER_BODY_ANSWER = "higher_body_answer", _("Granted by a higher body")


class AwardRecord(models.Model):
    """One award in the history of a person, a collective or a household, whoever granted it and whenever.

    An award a decision of the app grants gets its row when the decision is issued
    (awards.history.record_issued, in the issuing transaction: `award` names its line); awards
    from before the app, or granted by the province or the national Alliance, are entered by
    the office (awards.history.record_past_award, by a form or an import). `organization` is
    the collective itself, or the unit of the person or household, so that a unit's rows are
    scoped like its other data. `year` is the year the award is for (the campaign's year),
    which the standards that span years count. Rows are written only by awards.history.
    """

    nominee_kind = models.CharField(_("awardee"), max_length=12, choices=NomineeKind.choices)
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_records",
    )
    organization = models.ForeignKey(
        "members.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="award_records"
    )
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("award"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
        help_text=_("Empty for a form not in the catalogue: then write its name."),
    )
    title = models.CharField(
        _("title or form as written"),
        max_length=300,
        blank=True,
        help_text=_("E.g. Huy chương vì sự nghiệp xây dựng HTX; empty to use the award's name."),
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the award is for."))
    deciding_body = models.CharField(
        _("decided by"), max_length=300, blank=True, help_text=_("E.g. Chủ tịch UBND tỉnh Đắk Nông.")
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=RecordSource.choices)
    award = models.OneToOneField(
        Award,
        verbose_name=_("award line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="record",
        editable=False,
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award in the history")
        verbose_name_plural = _("award history")
        ordering = ["year", "decision_date", "pk"]
        indexes = [
            models.Index(fields=["person", "year"]),
            models.Index(fields=["organization", "year"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(nominee_kind=NomineeKind.INDIVIDUAL, person__isnull=False, household__isnull=True)
                    | Q(nominee_kind=NomineeKind.COLLECTIVE, person__isnull=True, household__isnull=True)
                    | Q(nominee_kind=NomineeKind.HOUSEHOLD, person__isnull=True, household__isnull=False)
                    | Q(nominee_kind=NomineeKind.INITIATIVE, person__isnull=True, household__isnull=True)
                ),
                name="award_record_names_its_awardee",
            ),
            models.CheckConstraint(
                condition=Q(award_type__isnull=False) | ~Q(title=""), name="award_record_names_its_award"
            ),
        ]

    def __str__(self):
        return f"{self.awardee_name} – {self.award_name} ({self.year})"

    @property
    def award_name(self):
        return self.title or (self.award_type.name if self.award_type_id else "")

    @property
    def awardee_name(self):
        if self.nominee_kind == NomineeKind.INDIVIDUAL:
            return self.person.full_name
        if self.nominee_kind == NomineeKind.HOUSEHOLD:
            return str(self.household)
        return self.organization.name

    @property
    def decision_reference(self):
        """ "05/QĐ-LMHTX, 12/01/2022" as reasons and pages cite it."""
        if self.decision_number and self.decision_date:
            return f"{self.decision_number}, {self.decision_date:%d/%m/%Y}"
        return self.decision_number or (f"{self.decision_date:%d/%m/%Y}" if self.decision_date else "")


# Models read in modules of their own: an emulation block's year-end meeting (awards/block_meeting.py),
# proposals once issued and public notices.
from .block_models import BlockCandidate, BlockMeeting, BlockVote, BlockVoteChoice  # noqa: E402, F401
from .proposal_models import (  # noqa: E402, F401
    HigherAnswer,
    LineAnswer,
    NoticeComment,
    NoticeEntry,
    ProposalDispatch,
    ProposalFile,
    PublicNotice,
)
