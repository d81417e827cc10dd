"""The member registry: administrative areas, organizations, people and user accounts."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.collation import Vietnamese


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AdministrativeArea(models.Model):
    """A province, a former district or a commune, valid over a span of dates.

    Codes follow the national statistics office's list. The 2025 reform reused some
    province codes for the merged provinces, so a code is unique only together with the
    date it applies from; `successor` says which unit took over one that ceased.
    """

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent area"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "valid_from"], name="area_unique_code_per_start"),
            models.UniqueConstraint(
                fields=["level", "code"], condition=Q(valid_from__isnull=True), name="area_unique_code_without_start"
            ),
        ]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self):
        return self.name

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


class OrganizationKind(models.TextChoices):
    ALLIANCE = "alliance", _("Provincial Cooperative Alliance")
    DEPARTMENT = "department", _("Department of the Alliance")
    COOPERATIVE = "cooperative", _("Cooperative")
    GROUP = "group", _("Cooperative group")
    UNION = "union", _("Union of cooperatives")
    CREDIT_FUND = "credit_fund", _("People's credit fund")


class Sector(models.TextChoices):
    AGRICULTURE = "agriculture", _("Agriculture")
    INDUSTRY = "industry", _("Industry and handicrafts")
    TRADE = "trade", _("Trade and services")
    TRANSPORT = "transport", _("Transport")
    CONSTRUCTION = "construction", _("Construction")
    CREDIT = "credit", _("Credit")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


class OperatingStatus(models.TextChoices):
    ACTIVE = "active", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")
    BANKRUPT = "bankrupt", _("Bankrupt")


class OrganizationQuerySet(models.QuerySet):
    def current(self):
        """The units not archived: what default lists and pickers offer."""
        return self.filter(archived_on__isnull=True)


class Organization(models.Model):
    """A member unit of the Alliance, or the Alliance and its departments themselves."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    tax_code = models.CharField(
        _("registration or tax code"),
        max_length=20,
        blank=True,
        help_text=_("The business registration number or tax code; unique when given."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("For a department: the Alliance it belongs to; for a member of a union: the union."),
    )
    province = models.ForeignKey(
        AdministrativeArea,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        AdministrativeArea,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    commune = models.ForeignKey(
        AdministrativeArea, verbose_name=_("commune"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.AGRICULTURE)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    members_count = models.PositiveIntegerField(_("members"), default=0)
    workers_count = models.PositiveIntegerField(_("workers"), default=0)
    representative = models.CharField(_("legal representative"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_alliance_member = models.BooleanField(_("member of the Alliance"), default=True)
    # Written only by members.services.change_status, together with a StatusChange row.
    status = models.CharField(
        _("operating status"),
        max_length=20,
        choices=OperatingStatus.choices,
        default=OperatingStatus.ACTIVE,
        editable=False,
    )
    # Written only by members.services.archive_organization: a dissolved or merged unit that others
    # still refer to (registrations, reports, awards) is archived, never deleted.
    archived_on = models.DateField(_("archived on"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        # Vietnamese order (core.collation); on PostgreSQL the index of migration 0010 serves it.
        ordering = [Vietnamese("name"), "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="organization_unique_tax_code"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["district"]),
            # The organization list pages through the country in this order.
            models.Index(fields=["name", "id"], name="organization_name_idx"),
            # An import checks each row's code: the partial unique index does not serve that query.
            models.Index(fields=["tax_code"], name="organization_tax_code_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:organization_detail", args=[self.pk])

    def clean(self):
        for field, level in (
            ("province", AreaLevel.PROVINCE),
            ("district", AreaLevel.DISTRICT),
            ("commune", AreaLevel.COMMUNE),
        ):
            area = getattr(self, field)
            if area is not None and area.level != level:
                raise ValidationError({field: _("Choose an area of the right level.")})


class StatusChange(models.Model):
    """One step in an organization's operating-status history."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="status_changes"
    )
    old_status = models.CharField(_("previous status"), max_length=20, choices=OperatingStatus.choices, blank=True)
    status = models.CharField(_("new status"), max_length=20, choices=OperatingStatus.choices)
    effective_on = models.DateField(_("effective on"))
    cause = models.TextField(_("cause"), blank=True)
    caused_by_covid = models.BooleanField(_("caused by Covid-19"), default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-effective_on", "-changed_at", "-pk"]

    def __str__(self):
        return f"{self.organization}: {self.get_status_display()}"


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Person(models.Model):
    """A person working in or for an organization: a candidate for individual awards."""

    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    ethnicity = models.CharField(_("ethnicity"), max_length=40, default="Kinh")
    position = models.CharField(_("position"), max_length=120, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="people"
    )
    is_direct_worker = models.BooleanField(
        _("direct worker"),
        default=False,
        help_text=_("Works directly in production or business (người lao động trực tiếp)."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # Vietnamese order (core.collation); on PostgreSQL the index of migration 0009 serves it.
        ordering = [Vietnamese("full_name"), "pk"]
        indexes = [
            models.Index(fields=["organization", "full_name"]),
            # The people list pages through 300,000 people in this order.
            models.Index(fields=["full_name", "id"], name="person_list_order_idx"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("members:person_detail", args=[self.pk])


class Role(models.TextChoices):
    OFFICE = "office", _("Office staff")
    UNIT = "unit", _("Unit representative")
    COUNCIL = "council", _("Council member")
    LEADER = "leader", _("Leadership")


class User(AbstractUser):
    """An account; its role says what it may do, a unit account is bound to one organization."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="unit") | Q(organization__isnull=False), name="unit_account_has_organization"
            ),
        ]

    def clean(self):
        super().clean()
        if self.role == Role.UNIT and self.organization_id is None:
            raise ValidationError({"organization": _("A unit representative must belong to an organization.")})
        if self.role != Role.UNIT and self.organization_id is not None and self.role:
            raise ValidationError({"organization": _("Only unit representatives are bound to an organization.")})

    def get_full_name(self):
        """Vietnamese order: family and middle names first, given name last."""
        return " ".join(part for part in (self.last_name, self.first_name) if part).strip()

    @property
    def display_name(self):
        return self.get_full_name() or self.username


class ImportKind(models.TextChoices):
    ORGANIZATIONS = "organizations", _("Organizations")
    PEOPLE = "people", _("People")
    AREAS = "areas", _("Administrative areas")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", pgettext_lazy("import job", "Running")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """An uploaded spreadsheet and the outcome of importing it, all rows or none."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    failure = models.TextField(_("failure"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("members:import_detail", args=[self.pk])

    @property
    def progress_percent(self):
        if not self.total_rows:
            return 0 if self.status in (ImportStatus.PENDING, ImportStatus.RUNNING) else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_finished(self):
        return self.status in (ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED)


class AccountChange(models.Model):
    """A change to an account that matters for who may do what: created, role changed, password set,
    activated or deactivated. Written by members.services only; shown on the accounts' changes page."""

    class Action(models.TextChoices):
        CREATED = "created", _("Account created")
        ROLE = "role", _("Role changed")
        PASSWORD = "password", _("Password set")
        ACTIVATED = "activated", _("Account activated")
        DEACTIVATED = "deactivated", _("Account deactivated")

    account = models.ForeignKey(User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("change"), max_length=12, choices=Action.choices)
    old_role = models.CharField(_("role before"), max_length=10, choices=Role.choices, blank=True)
    new_role = models.CharField(_("role after"), max_length=10, choices=Role.choices, blank=True)
    by = models.ForeignKey(
        User, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="account_changes_made"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.account}: {self.get_action_display()}"
