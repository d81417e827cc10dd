"""Emulation blocks and clusters (khối, cụm thi đua): members by year, criteria, pledges and cross-scores.

A block groups units of this Alliance by sector (a province's khối) or whole Alliances (the
national Alliance's cụm). Each year has its members, a head and a deputy; at the start of the
year every member pledges targets, at the end each scores itself and the others, and the head
settles what the rules in `campaign.cross_scoring` flag. Written only by `campaign.blocks`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import DecimalField
from members.models import Organization


class BlockLevel(models.TextChoices):
    PROVINCE = "province", _("Block of units (khối)")
    NATIONAL = "national", _("Cluster of Alliances (cụm)")


class RankingMethod(models.TextChoices):
    MEDIAN = "median", _("Median of the other members' scores")
    WEIGHTED = "weighted", _("Weighted mix of the self score and the others' median")


class EmulationBlock(models.Model):
    name = models.CharField(_("name"), max_length=255, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=BlockLevel.choices, default=BlockLevel.PROVINCE)
    symbol = models.CharField(
        _("symbol on its documents"),
        max_length=20,
        help_text=_("Printed after the type in the block's numbers, e.g. KTĐNN in 01/GƯTĐ-KTĐNN."),
    )
    description = models.TextField(_("description"), blank=True)
    ranking_method = models.CharField(
        _("ranking method"), max_length=10, choices=RankingMethod.choices, default=RankingMethod.MEDIAN
    )
    self_weight = DecimalField(
        _("weight of the self score"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("For the weighted mix: 0 ignores the self score, 1 takes only the self score."),
    )
    margin = DecimalField(
        _("flag margin (points)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("2"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("A score differing from the others' median by more than this is flagged for the head."),
    )
    copied_from = models.ForeignKey(
        "campaign.Campaign",
        verbose_name=_("criteria copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("emulation block")
        verbose_name_plural = _("emulation blocks")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlockCriterion(models.Model):
    block = models.ForeignKey(EmulationBlock, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=300)
    max_points = DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("block criterion")
        verbose_name_plural = _("block criteria")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["block", "code"], name="block_criterion_code_unique")]

    def __str__(self):
        return f"{self.code}. {self.name}"


class BlockYearStage(models.TextChoices):
    PLEDGING = "pledging", _("Pledging")
    SCORING = "scoring", _("Scoring")
    RECONCILING = "reconciling", _("Reconciling")
    SETTLED = "settled", _("Ranked")


class BlockYear(models.Model):
    """One year of a block: who is in it, who leads it, and how far the year has gone."""

    block = models.ForeignKey(EmulationBlock, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    head = models.ForeignKey(
        Organization, verbose_name=_("head unit"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    deputy = models.ForeignKey(
        Organization, verbose_name=_("deputy unit"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    stage = models.CharField(_("stage"), max_length=12, choices=BlockYearStage.choices, default=BlockYearStage.PLEDGING)
    cross_scores_published = models.BooleanField(_("cross scores published"), default=False)
    pledge_document = models.OneToOneField(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("block year")
        verbose_name_plural = _("block years")
        ordering = ["block__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["block", "year"], name="block_year_unique"),
            models.CheckConstraint(
                condition=Q(head__isnull=True) | Q(deputy__isnull=True) | ~Q(head=models.F("deputy")),
                name="block_head_is_not_deputy",
            ),
        ]

    def __str__(self):
        return f"{self.block} – {self.year}"


class BlockMember(models.Model):
    block_year = models.ForeignKey(BlockYear, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        Organization, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="block_memberships"
    )
    pledge = models.TextField(_("commitment"), blank=True)
    pledged_at = models.DateTimeField(_("pledged at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("block member")
        verbose_name_plural = _("block members")
        ordering = ["organization__name"]
        constraints = [models.UniqueConstraint(fields=["block_year", "organization"], name="block_member_unique")]

    def __str__(self):
        return str(self.organization)


class PledgeTarget(models.Model):
    member = models.ForeignKey(BlockMember, on_delete=models.CASCADE, related_name="targets")
    criterion = models.ForeignKey(BlockCriterion, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(_("target"), max_length=300)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "criterion"], name="pledge_target_unique")]

    def __str__(self):
        return f"{self.member}: {self.target}"


class ScorerPair(models.Model):
    """A pair the head assigned: `scorer` scores `scored`. With none, every member scores every other."""

    block_year = models.ForeignKey(BlockYear, on_delete=models.CASCADE, related_name="pairs")
    scorer = models.ForeignKey(BlockMember, on_delete=models.CASCADE, related_name="+")
    scored = models.ForeignKey(BlockMember, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scorer", "scored"], name="scorer_pair_unique"),
            models.CheckConstraint(condition=~Q(scorer=models.F("scored")), name="scorer_pair_not_self"),
        ]

    def __str__(self):
        return f"{self.scorer} → {self.scored}"


class BlockScore(models.Model):
    """One member's score of one member (itself, or another) on one criterion, or its abstention."""

    scorer = models.ForeignKey(BlockMember, on_delete=models.CASCADE, related_name="scores_given")
    scored = models.ForeignKey(BlockMember, on_delete=models.CASCADE, related_name="scores_received")
    criterion = models.ForeignKey(BlockCriterion, on_delete=models.CASCADE, related_name="scores")
    value = DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    abstain_reason = models.TextField(_("reason for abstaining"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="blocks/%Y/", blank=True, max_length=255)
    evidence_name = models.CharField(_("file name"), max_length=255, blank=True)
    evidence_type = models.CharField(_("type"), max_length=100, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        verbose_name = _("block score")
        verbose_name_plural = _("block scores")
        constraints = [
            models.UniqueConstraint(fields=["scorer", "scored", "criterion"], name="block_score_unique"),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(abstain_reason=""))
                | (Q(value__isnull=True) & ~Q(abstain_reason="")),
                name="block_score_value_or_abstention",
            ),
        ]

    def __str__(self):
        return f"{self.scorer} → {self.scored}: {self.value if self.value is not None else '—'}"

    @property
    def is_self(self):
        return self.scorer_id == self.scored_id


class Settlement(models.Model):
    """The head's settled score for a flagged member and criterion, with the reason, kept."""

    member = models.ForeignKey(BlockMember, on_delete=models.CASCADE, related_name="settlements")
    criterion = models.ForeignKey(BlockCriterion, on_delete=models.CASCADE, related_name="+")
    value = DecimalField(_("settled score"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "criterion"], name="settlement_unique")]

    def __str__(self):
        return f"{self.member}: {self.value}"


class BlockEvent(models.Model):
    """Who moved a block's year on, set its pairs or published its scores, and when."""

    block_year = models.ForeignKey(BlockYear, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.block_year}: {self.action}"

    @property
    def label(self):
        """What happened, in the reader's language: the action is stored as a code."""
        if "→" in self.action:
            stage = self.action.split("→", 1)[1]
            return _("Moved on to “%(stage)s”") % {"stage": BlockYearStage(stage).label}
        labels = {
            "opened": _("Year opened"),
            "pairs": _("Scoring pairs set"),
            "published": _("Cross scores published"),
            "pledge issued": _("Pledge issued"),
        }
        return labels.get(self.action, self.action)
