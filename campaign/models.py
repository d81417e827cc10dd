"""Campaigns and what units report against them: periods, criteria, registrations,
submissions with evidence, violations, and the history of every state change."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.fields import DecimalField
from members.models import OperatingStatus, Organization, Person

POINTS = {"max_digits": 8, "decimal_places": 2}
AMOUNT = {"max_digits": 16, "decimal_places": 2}


# The order of a ranking's rows (campaign.standings reads its pages in it): the kind's place in
# OrganizationKind, non-vetoed first, total descending, the name's Vietnamese sort key, then the
# unit. The maintained score tables index it, whole and within an area (`ranking_indexes`).
RANKING_ORDER = ("kind_order", "vetoed", "-total", "sort_name", "organization_id")


def ranking_indexes(period, prefix):
    """The indexes a ranking's page is read from, on a table of rows per `period` (the name of its
    period field) and unit: `<prefix>_order_idx` in RANKING_ORDER within a period, and
    `<prefix>_area_order_idx` the same within an area of the campaign's map."""
    columns = [
        models.F(name[1:]).desc() if name.startswith("-") else name.removesuffix("_id") for name in RANKING_ORDER
    ]
    return [
        models.Index(period, *columns, name=f"{prefix}_order_idx"),
        models.Index(period, "area", *columns, name=f"{prefix}_area_order_idx"),
    ]


class CampaignKind(models.TextChoices):
    REGULAR = "regular", _("Regular (annual)")
    PERIODIC = "periodic", _("By phase")
    THEMATIC = "thematic", _("Thematic")
    SPECIAL = "special", _("Special")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")
    # Alone, “Running” is an import job's state (Đang xử lý); a campaign is being carried out.
    RUNNING = "running", pgettext_lazy("campaign status", "Running")
    REVIEW = "review", _("Mid-term review")
    CLOSED = "closed", _("Closed")


class GroupingLevel(models.TextChoices):
    """Which level of the map a campaign groups its units by: districts before July 2025."""

    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class Campaign(models.Model):
    """An emulation campaign (phong trào thi đua) and the texts of its plan (kế hoạch).

    The texts are stored as written in the plan: paragraphs separated by blank lines; a
    paragraph wholly in **double asterisks** is a bold heading, one that starts with a
    **bold part** keeps it bold (as “**3.1.** Phát động …”).
    """

    name = models.CharField(
        _("subject"),
        max_length=500,
        help_text=_("The subject line of the plan, under the word KẾ HOẠCH."),
    )
    short_name = models.CharField(_("short name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices, default=CampaignKind.SPECIAL)
    plan_number = models.PositiveIntegerField(
        _("plan number"), null=True, blank=True, help_text=_("Given by the outgoing-document register when issued.")
    )
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    preamble = models.TextField(
        _("preamble"), blank=True, help_text=_("The opening paragraph: what the plan carries out.")
    )
    purpose = models.TextField(_("purpose"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    subjects = models.TextField(_("subjects"), blank=True, help_text=_("Who takes part, as the plan words it."))
    subject_kinds = models.JSONField(
        _("kinds of organization taking part"),
        default=list,
        blank=True,
        help_text=_("Units of these kinds may register; criteria apply per kind."),
    )
    content = models.TextField(_("content"), blank=True)
    solutions = models.TextField(_("solutions"), blank=True)
    implementation = models.TextField(_("organisation of implementation"), blank=True)
    closing = models.TextField(_("closing paragraph"), blank=True)
    plan_recipients = models.TextField(
        _("recipients of the plan"),
        blank=True,
        help_text=_("One per line, the archive line “Lưu: VT, …” last; empty for the issuing body's usual list."),
    )
    plan_signer = models.ForeignKey(
        "documents.Signer",
        verbose_name=_("signer of the plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the issuing body's default signer."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    registration_closes_on = models.DateField(
        _("registration closes on"),
        null=True,
        blank=True,
        help_text=_("The last day units may register; empty: registration stays open while the campaign runs."),
    )
    rankings_public = models.BooleanField(
        _("rankings public to units"),
        default=False,
        help_text=_(
            "Units then see the other units' scores (never their violations or deductions); otherwise each "
            "unit sees its own row only."
        ),
    )
    grouping_level = models.CharField(
        _("group units by"),
        max_length=10,
        choices=GroupingLevel.choices,
        default=GroupingLevel.DISTRICT,
        help_text=_("Districts for campaigns before July 2025; provinces or communes after the reform."),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("automatic reminder, days before each deadline"),
        null=True,
        blank=True,
        default=3,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "Units that have not sent their report are e-mailed this many days before each deadline. "
            "Leave empty for no automatic reminder."
        ),
    )
    # Written only by campaign.services, together with a CampaignTransition row.
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT, editable=False
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("criteria copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("campaign:campaign_detail", args=[self.pk])

    @property
    def criteria_frozen(self):
        """Criteria, groups and bands change only while the campaign is a draft."""
        return self.status != CampaignStatus.DRAFT

    @property
    def accepts_registrations(self):
        return self.status in (CampaignStatus.LAUNCHED, CampaignStatus.RUNNING, CampaignStatus.REVIEW)

    @property
    def accepts_submissions(self):
        return self.status in (CampaignStatus.LAUNCHED, CampaignStatus.RUNNING, CampaignStatus.REVIEW)

    def subject_q(self, prefix="", *, kinds_only=False):
        """The units this campaign is for: of its kinds, members of the Alliance, operating today
        (`kinds_only`: of its kinds). The one rule behind `takes_part` and services.subject_units."""
        q = Q(**{f"{prefix}kind__in": self.subject_kinds or []})
        if not kinds_only:
            q &= Q(**{f"{prefix}is_alliance_member": True, f"{prefix}status": OperatingStatus.ACTIVE})
        return q

    def takes_part(self, organization, *, kinds_only=False):
        """Whether the unit is among those the campaign is for (`subject_q`)."""
        return Organization.objects.filter(self.subject_q(kinds_only=kinds_only), pk=organization.pk).exists()


def campaigns_taken_part(campaigns, organization):
    """The ids of `campaigns` whose units the organization is among (`Campaign.takes_part` of each,
    by the same `subject_q`, in one query whatever their number)."""
    if not campaigns:
        return set()
    flags = {f"c{c.pk}": ExpressionWrapper(c.subject_q(), output_field=models.BooleanField()) for c in campaigns}
    row = Organization.objects.filter(pk=organization.pk).values(**flags).first() or {}
    return {c.pk for c in campaigns if row.get(f"c{c.pk}")}


class CampaignTransition(models.Model):
    """One step of a campaign's lifecycle: who moved it, when, and why."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="transitions")
    old_status = models.CharField(_("from"), max_length=10, choices=CampaignStatus.choices)
    status = models.CharField(_("to"), max_length=10, choices=CampaignStatus.choices)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign status change")
        verbose_name_plural = _("campaign status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.campaign}: {self.get_status_display()}"


class LegalBasis(models.Model):
    """A document the plan rests on (căn cứ): number, date, issuer and title."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="legal_bases")
    number = models.CharField(_("number"), max_length=60, help_text=_("As written, e.g. 747/KH-LMHTXVN."))
    issued_on = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200)
    # Alone, “title” is a signer's position (chức vụ); here it is what the document is about.
    title = models.CharField(pgettext_lazy("document", "title"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["campaign", "order", "pk"]

    def __str__(self):
        return self.number


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half", _("Half-year")
    FINAL = "final", _("Final")


class ReportingPeriod(models.Model):
    """A reporting period (kỳ báo cáo) and the deadline for its submissions."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(
        pgettext_lazy("reporting period", "kind"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("As shown to units, e.g. Tháng 11/2021."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    deadline = models.DateField(_("submission deadline"))
    opens_on = models.DateField(
        _("open for reports from"),
        null=True,
        blank=True,
        help_text=_("Empty: from the period's start. An earlier date lets units report early."),
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["campaign", "starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="period_unique_name"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("ends_on")), name="period_deadline_after_end"),
        ]

    def __str__(self):
        return self.name

    @property
    def reports_open_from(self):
        """The first day units may report for this period: `opens_on` if set, else its start."""
        return self.opens_on or self.starts_on

    def open_for_reports(self, on):
        """Units report for a period only once it has started (or opened early, by `opens_on`)."""
        return on >= self.reports_open_from


class CriterionGroup(models.Model):
    """A group of criteria (nhóm tiêu chí), e.g. “I. Phòng, chống dịch Covid-19”."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criterion_groups")
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion group")
        verbose_name_plural = _("criterion groups")
        ordering = ["campaign", "order", "pk"]

    def __str__(self):
        return self.name


class ScoringRule(models.TextChoices):
    TARGET = "target", _("Target attainment (value / target, capped)")
    PERCENTAGE = "percentage", _("Percentage")
    YES_NO = "yes_no", _("Yes / no")
    COUNT = "count", _("Count × points, up to the maximum")
    QUALITATIVE = "qualitative", _("Qualitative score set by staff")
    DEDUCTION = "deduction", _("Deduction per violation")
    VETO = "veto", _("Veto: any violation bars awards")


# Rules whose points come from violations the office records, not from a unit's value.
VIOLATION_RULES = (ScoringRule.DEDUCTION, ScoringRule.VETO)


class ReportTopic(models.TextChoices):
    """Which section of the periodic progress report a criterion's verified values feed."""

    NONE = "none", _("Not reported separately")
    VACCINATION = "vaccination", _("Vaccination of workers")
    IT_APPLICATION = "it_application", _("IT application")
    SUPPLY_DEMAND = "supply_demand", _("Supply-demand connection (sales)")
    PROPAGANDA = "propaganda", _("Propaganda")
    OPERATION = "operation", _("Operation maintained or restored")
    INITIATIVE = "initiative", _("Initiatives and new models")
    COMMUNITY_SUPPORT = "community_support", _("Support to the community")


class ReportTotal(models.TextChoices):
    """How the progress report totals a criterion's values over units and periods."""

    AUTO = "auto", _("By the unit: average for %, yes/no and percentages, else the sum")
    SUM = "sum", _("Sum")
    MEAN = "mean", _("Average per unit")


class Criterion(models.Model):
    """A criterion (tiêu chí) with its unit, maximum points and scoring rule.

    `points_per_unit` is the points per item for COUNT and the points taken off per
    violation for DEDUCTION. `target` is the campaign's target for TARGET (a unit's
    registration may commit to its own).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(
        CriterionGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="criteria"
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("As numbered in the plan, e.g. 1.2."))
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("how it is measured"), blank=True)
    unit = models.CharField(
        pgettext_lazy("measure", "unit"), max_length=40, blank=True, help_text=_("%, people, million VND, …")
    )
    rule = models.CharField(_("scoring rule"), max_length=12, choices=ScoringRule.choices)
    max_points = DecimalField(_("maximum points"), validators=[MinValueValidator(Decimal("0"))], **POINTS)
    points_per_unit = DecimalField(
        _("points per item or per violation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        **POINTS,
    )
    target = DecimalField(_("target"), null=True, blank=True, validators=[MinValueValidator(Decimal("0"))], **AMOUNT)
    kinds = models.JSONField(
        _("applies to"),
        default=list,
        blank=True,
        help_text=_("The kinds of organization this criterion applies to; empty for all."),
    )
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    report_topic = models.CharField(
        _("section of the progress report"),
        max_length=20,
        choices=ReportTopic.choices,
        default=ReportTopic.NONE,
        help_text=_("The progress report sums the verified values of this criterion in that section."),
    )
    # How the report totals the criterion: set by the office while the campaign runs, never used by scoring.
    report_total = models.CharField(
        _("total in the progress report"), max_length=10, choices=ReportTotal.choices, default=ReportTotal.AUTO
    )
    report_unit = models.CharField(
        _("unit of the total in the report"),
        max_length=40,
        blank=True,
        help_text=_("Empty: the criterion's unit."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()  # every change with who and when (the report's tag, total and unit too)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["campaign", "group__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="criterion_unique_code"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def applies_to(self, kind):
        return not self.kinds or kind in self.kinds

    @property
    def reported_by_unit(self):
        """Units enter a value for every rule but those driven by recorded violations."""
        return self.rule not in VIOLATION_RULES


class SectionKind(models.TextChoices):
    GROUP = "group", _("Criteria group")
    SPECIAL = "special", _("Special part")
    TEXT = "text", _("Free text")


class SpecialPart(models.TextChoices):
    """The parts of a progress report fed by data other than the criteria's values."""

    OPERATION = "operation", _("Operating status of cooperatives and groups")
    SALES = "sales", _("Sales by product (supply-demand connection)")
    VIOLATIONS = "violations", _("Violations")
    EXAMPLES = "examples", _("Exemplary examples")


class ReportSection(models.Model):
    """One part of Section II of a campaign's progress reports (the campaign's report template).

    Written only by campaign.report_template; copied with the criteria when a campaign is copied.
    A group's part is hidden (`included` false) rather than deleted, so that it does not come back.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="report_sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(pgettext_lazy("report section", "kind"), max_length=10, choices=SectionKind.choices)
    group = models.ForeignKey(
        CriterionGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_sections",
    )
    special = models.CharField(_("special part"), max_length=20, choices=SpecialPart.choices, blank=True)
    # Alone, “title” is a signer's position (chức vụ); here it is a heading of the report.
    title = models.CharField(
        pgettext_lazy("report section", "title"),
        max_length=300,
        blank=True,
        help_text=_("Empty: the group's name or the part's usual title."),
    )
    intro = models.TextField(_("introductory text"), blank=True)
    included = models.BooleanField(_("printed in the report"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        ordering = ["campaign", "order", "pk"]

    def __str__(self):
        return self.title or (self.group.name if self.group_id else self.get_special_display() or self.kind)


class ClassificationBand(models.Model):
    """A classification band (xếp loại) and the least total score that reaches it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("name"), max_length=60)
    min_score = DecimalField(_("from score"), validators=[MinValueValidator(Decimal("0"))], **POINTS)

    class Meta:
        verbose_name = _("classification band")
        verbose_name_plural = _("classification bands")
        ordering = ["campaign", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "min_score"], name="band_unique_threshold"),
        ]

    def __str__(self):
        return self.name


def is_overdue(registered, status, period, on):
    """Whether a unit is overdue for `period` on the day `on`: it registered, the deadline has
    passed, and nothing is handed in (`status`: its submission's, None without one; a returned
    or draft submission must still be handed in). The rule for one unit and period;
    `Registration.objects.overdue` is the same rule for many, in one query."""
    return registered and deadline_passed(period, on) and status not in HANDED_IN


def deadline_passed(period, on):
    """Whether `period`'s deadline has passed on the day `on` (a report sent on the deadline's day is on time)."""
    return on > period.deadline


class RegistrationQuerySet(models.QuerySet):
    def overdue(self, period, on):
        """The registrations of `period`'s campaign whose unit is overdue for it on `on` (`is_overdue`).

        Use `.values("organization_id")` to filter or count organizations by it."""
        if not deadline_passed(period, on):
            return self.none()
        return self.not_handed_in(period)

    def not_handed_in(self, period):
        """The registrations of `period`'s campaign whose unit has handed nothing in for it yet,
        whatever the date (those a reminder before the deadline goes to)."""
        handed_in = Submission.objects.filter(
            period=period, organization=OuterRef("organization_id"), status__in=HANDED_IN
        )
        return self.filter(campaign_id=period.campaign_id).exclude(Exists(handed_in))


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the office's check")
    VERIFIED = "verified", _("Verified by the office")
    RETURNED = "returned", _("Returned for correction")


class Registration(models.Model):
    """A unit's registration (đăng ký thi đua) for a campaign, with its committed targets.

    The targets count in scoring only once the office has verified the registration (status,
    written only by campaign.services); a change of targets sends it back to the office.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="registrations")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="registrations")
    note = models.TextField(_("commitment"), blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
        editable=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("checked at"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    history = HistoricalRecords()

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["campaign", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization"], name="registration_once_per_campaign"),
        ]
        # The dashboard's latest activity: a campaign's newest registrations first.
        indexes = [models.Index(fields=["campaign", "-registered_at", "-id"], name="registration_latest_idx")]

    def __str__(self):
        return f"{self.organization} – {self.campaign}"


def targets_counted(prefix=""):
    """The registrations whose targets count in scoring: those the office has verified (a
    filter on Registration, reached through `prefix`, e.g. "registration__").

    Any other unit is scored against the campaign's target (Criterion.target).
    """
    return Q(**{f"{prefix}status": RegistrationStatus.VERIFIED})


class RegistrationTargetQuerySet(models.QuerySet):
    def counted(self):
        """The targets that count in scoring (`targets_counted`)."""
        return self.filter(targets_counted("registration__"))


class RegistrationTarget(models.Model):
    """The target a unit commits to for one criterion."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="targets")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    target = DecimalField(_("target"), validators=[MinValueValidator(Decimal("0"))], **AMOUNT)
    history = HistoricalRecords()

    objects = RegistrationTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("committed target")
        verbose_name_plural = _("committed targets")
        constraints = [
            models.UniqueConstraint(fields=["registration", "criterion"], name="target_once_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.target}"


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    VERIFIED = "verified", _("Verified")


# A submission in one of these states has reached the office: its unit is not overdue.
HANDED_IN = (SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED)


def submission_status_at(status, submitted_at, verified_at, as_of):
    """A submission's status as it stood at `as_of`: handed in later → a draft then; verified later → submitted.

    The one as-of rule of a submission: a report's counts and its rankings (the score table
    read as of a cut-off, campaign.ranking.ranked_scores) both use it."""
    if status in HANDED_IN and submitted_at is not None and submitted_at > as_of:
        return SubmissionStatus.DRAFT
    if status == SubmissionStatus.VERIFIED and verified_at is not None and verified_at > as_of:
        return SubmissionStatus.SUBMITTED
    return status


def verified_by(as_of, prefix="submission__"):
    """Submissions verified by `as_of` (a row verified before the time was recorded counts):
    `submission_status_at` as a filter, for the rows a submission's values are read from."""
    return Q(**{f"{prefix}status": SubmissionStatus.VERIFIED}) & (
        Q(**{f"{prefix}verified_at__isnull": True}) | Q(**{f"{prefix}verified_at__lte": as_of})
    )


class Submission(models.Model):
    """A unit's results for one period (báo cáo kết quả): one per unit and period."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="submissions")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="submissions")
    # Written only by campaign.services, together with a SubmissionEvent row.
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT, editable=False
    )
    is_late = models.BooleanField(_("late"), default=False, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    return_reason = models.TextField(_("reason for return"), blank=True, editable=False)
    # Raised on every save of the values; a form posted with an older version is a conflict.
    version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["period", "organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "organization"], name="submission_once_per_period"),
        ]
        indexes = [
            # The office's queue: a page of one period and status, the first sent first (campaign.queue).
            models.Index(fields=["period", "status", "submitted_at", "id"], name="submission_queue_idx"),
        ]

    def __str__(self):
        return f"{self.organization} – {self.period}"

    def get_absolute_url(self):
        return reverse("campaign:submission_detail", args=[self.pk])

    @property
    def is_locked(self):
        return self.status == SubmissionStatus.VERIFIED

    @property
    def is_editable_by_unit(self):
        return self.status in (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class SubmissionValue(models.Model):
    """A unit's value and note for one criterion; `staff_score` for qualitative criteria."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="values")
    value = DecimalField(_("value"), null=True, blank=True, **AMOUNT)
    note = models.TextField(_("note"), blank=True)
    staff_score = DecimalField(
        _("score given by staff"), null=True, blank=True, validators=[MinValueValidator(Decimal("0"))], **POINTS
    )

    class Meta:
        verbose_name = _("submitted value")
        verbose_name_plural = _("submitted values")
        constraints = [
            models.UniqueConstraint(fields=["submission", "criterion"], name="value_once_per_criterion"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class StoredUpload(models.Model):
    """A file a user uploaded, stored under a random token; its own name is kept apart, never in a path.

    Concrete models add the owner and the `file` field with their own upload path.
    """

    token = models.CharField(max_length=40, unique=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_hex(16)
        super().save(*args, **kwargs)


def evidence_path(instance, filename):
    # The stored name is ours: the user's name is kept in `original_name`, never in a path.
    return f"evidence/{instance.value.submission.period_id}/{instance.value.submission_id}/{instance.token}"


class Evidence(StoredUpload):
    """A file proving a value: PDF, image, Word or Excel, checked by its content."""

    value = models.ForeignKey(SubmissionValue, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)

    class Meta(StoredUpload.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class ProductSale(models.Model):
    """A product a unit sold through the supply-demand connection (Program 503/CTr-LMHTXVN) in a period."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="product_sales")
    product = models.CharField(_("product"), max_length=120)
    quantity = DecimalField(
        _("quantity"), validators=[MinValueValidator(Decimal("0"))], max_digits=14, decimal_places=2
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=20, help_text=_("tonnes, kg, pieces, …"))
    value = DecimalField(
        _("value sold (million VND)"), validators=[MinValueValidator(Decimal("0"))], max_digits=14, decimal_places=2
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product sold")
        verbose_name_plural = _("products sold")
        ordering = ["submission", "order", "pk"]

    def __str__(self):
        return f"{self.product}: {self.quantity} {self.unit_of_measure}"


class SubmissionEvent(models.Model):
    """One step of a submission's workflow, with who, when and the reason given."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    old_status = models.CharField(_("from"), max_length=10, choices=SubmissionStatus.choices, blank=True)
    status = models.CharField(_("to"), max_length=10, choices=SubmissionStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    # When the unit was e-mailed about this step (returned or verified); None: not (yet).
    notified_at = models.DateTimeField(_("unit notified at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["-at", "-pk"]
        # The dashboard's latest activity reads the newest events first, not all of a campaign's.
        indexes = [models.Index(fields=["-at", "-id"], name="submission_event_latest_idx")]

    def __str__(self):
        return f"{self.submission_id}: {self.get_status_display()}"


class ViolationEffect(models.TextChoices):
    DEDUCTION = "deduction", _("Deduction")
    VETO = "veto", _("Veto")


class Violation(models.Model):
    """A breach of the epidemic rules or of the campaign's rules, by a unit or one of its people.

    A deduction takes `points` off the unit's score in the period the violation falls in;
    a veto bars the unit (and the person) from the campaign's awards.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="violations")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="violations"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="violations"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField(_("date"))
    description = models.TextField(_("description"))
    effect = models.CharField(_("effect"), max_length=10, choices=ViolationEffect.choices)
    points = DecimalField(
        _("points deducted"), default=Decimal("0"), validators=[MinValueValidator(Decimal("0"))], **POINTS
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("violation")
        verbose_name_plural = _("violations")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["campaign", "organization"]),
            # The dashboard's latest activity: a campaign's newest records first.
            models.Index(fields=["campaign", "-recorded_at", "-id"], name="violation_latest_idx"),
        ]

    def __str__(self):
        return f"{self.organization} – {self.occurred_on:%d/%m/%Y}"


class Reminder(models.Model):
    """A reminder (đôn đốc) e-mailed to a unit that had not submitted for a period."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="reminders")
    recipients = models.TextField(_("sent to"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return f"{self.organization_id} – {self.period}"


class UnitPeriodScore(models.Model):
    """A unit's score for one period, as campaign.ranking computed it: a cache, never the truth.

    Written only by campaign.score_table (refreshed by a task when a submission is verified,
    returned or reopened, a violation recorded, a target or a period changed); a row that is
    `stale`, missing, or scored for another kind of organization is recomputed when read.
    Ranks and bands are not stored: they depend on who is compared and on the bands.
    """

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    points = models.JSONField(default=dict)  # criterion id -> "1.23", or None when not scored
    group_points = models.JSONField(default=dict)  # criterion group id -> "1.23"
    earned = DecimalField(**POINTS)
    deductions = DecimalField(**POINTS)
    total = DecimalField(**POINTS)
    vetoed = models.BooleanField(default=False)
    missing = models.PositiveSmallIntegerField(default=0)
    verified = models.BooleanField(default=False)
    stale = models.BooleanField(default=False)
    computed_at = models.DateTimeField(auto_now=True)
    # What the ranking orders by, so that a page reads its 50 rows from an index: the kind's
    # place in OrganizationKind, the name's Vietnamese sort key (core.collation.sort_key_text)
    # and the unit's area on the campaign's map (campaign.areas).
    kind_order = models.PositiveSmallIntegerField(default=99)
    sort_name = models.CharField(max_length=2000, default="")
    area = models.ForeignKey(
        "members.AdministrativeArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "organization"], name="score_once_per_period"),
        ]
        indexes = [
            models.Index(fields=["period", "kind", "vetoed", "total"], name="score_rank_idx"),
            *ranking_indexes("period", "score"),
            models.Index("period", "verified", "vetoed", models.F("total").desc(), "sort_name", name="score_top_idx"),
            models.Index(fields=["period", "stale"], name="score_stale_idx"),
        ]

    def __str__(self):
        return f"{self.organization_id} – {self.period_id}: {self.total}"


class RegistrationCount(models.Model):
    """How many units of a kind recorded in one area are registered for a campaign.

    Written only by campaign.counters, in the transaction of the registration, withdrawal or
    reinstatement (and of a unit's move to another kind or area); `counters.rebuild` recounts.
    `place` is the unit's recorded area (members.areas.recorded_area_id; 0: none): the campaign's
    map places it when read, so a change of the map needs no recount.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    place = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "place", "kind"], name="registration_count_once"),
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.place} {self.kind}: {self.n}"


class SubmissionCount(models.Model):
    """How many submissions of a period are in a status, late or not, per kind and recorded area.

    Written only by campaign.counters, in the transaction of every transition that creates a
    submission or moves its status (and of a unit's move to another kind or area); the
    dashboard's progress and the queue's counts read these few rows, not the submissions.
    """

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    place = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=SubmissionStatus.choices)
    is_late = models.BooleanField(default=False)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "place", "kind", "status", "is_late"], name="submission_count_once"
            ),
        ]

    def __str__(self):
        return f"{self.period_id} {self.place} {self.kind} {self.status} {self.is_late}: {self.n}"


# A histogram bucket's key within its scope (the period, or the period a cumulation goes up to):
# the unique constraint of ScoreBucket and CumulatedBucket, and the conflict target of the upsert
# that adds to them (campaign.score_table.add_to_buckets).
BUCKET_UNIQUE = ("kind", "vetoed", "verified", "total")


class Histogram(models.Model):
    """How many units of a kind have this total (and veto, and verification) in a scope: a bucket
    of the histogram a rank is read from (1 + the units ahead). `kind_order` rides along for the
    order of the kinds; it is not part of the key."""

    kind = models.CharField(max_length=20)
    kind_order = models.PositiveSmallIntegerField(default=99)
    vetoed = models.BooleanField(default=False)
    verified = models.BooleanField(default=False)
    total = DecimalField(**POINTS)
    n = models.IntegerField(default=0)

    class Meta:
        abstract = True


def bucket_once(scope, name):
    """The constraint that keeps one bucket per key in a histogram of rows per `scope`."""
    return models.UniqueConstraint(fields=[scope, *BUCKET_UNIQUE], name=name)


class ScoreBucket(Histogram):
    """The histogram of a period's scores, kept by campaign.score_table in the transaction that
    writes the score rows (campaign.standings rebuilds it)."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [bucket_once("period", "score_bucket_once")]

    def __str__(self):
        return f"{self.period_id} {self.kind} {self.total}: {self.n}"


class CumulatedScore(models.Model):
    """A unit's cumulated score over the periods up to `up_to` (ranking.periods_up_to), as the one
    cumulation rule (score_table.cumulate) gives it on the day it was computed: rewritten for a
    unit when one of its periods changes, for every unit when a deadline passes (`due` is the
    number of periods due that day; campaign.standings)."""

    up_to = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    kind_order = models.PositiveSmallIntegerField(default=99)
    sort_name = models.CharField(max_length=2000, default="")
    area = models.ForeignKey(
        "members.AdministrativeArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    earned = DecimalField(**POINTS)
    deductions = DecimalField(**POINTS)
    total = DecimalField(**POINTS)
    vetoed = models.BooleanField(default=False)
    missing = models.PositiveIntegerField(default=0)
    verified = models.BooleanField(default=False)
    verified_periods = models.PositiveSmallIntegerField(default=0)
    counted_periods = models.PositiveSmallIntegerField(default=0)
    due = models.PositiveSmallIntegerField(default=0)
    stale = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["up_to", "organization"], name="cumulated_once_per_period"),
        ]
        indexes = [
            *ranking_indexes("up_to", "cumulated"),
            models.Index(fields=["up_to", "stale"], name="cumulated_stale_idx"),
            models.Index(fields=["up_to", "due"], name="cumulated_due_idx"),
        ]

    def __str__(self):
        return f"{self.organization_id} – up to {self.up_to_id}: {self.total}"


class CumulatedBucket(Histogram):
    """The histogram of the cumulated scores up to a period, per kind (as ScoreBucket)."""

    up_to = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [bucket_once("up_to", "cumulated_bucket_once")]

    def __str__(self):
        return f"{self.up_to_id} {self.kind} {self.total}: {self.n}"


# Emulation blocks live in their own module; imported here so that Django registers them.
from campaign.models_blocks import (  # noqa: E402, F401
    BlockCriterion,
    BlockEvent,
    BlockLevel,
    BlockMember,
    BlockScore,
    BlockYear,
    BlockYearStage,
    EmulationBlock,
    PledgeTarget,
    RankingMethod,
    ScorerPair,
    Settlement,
)
