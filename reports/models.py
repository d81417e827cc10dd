"""Periodic progress reports to the national Alliance's Emulation-Commendation Board.

A report is one per campaign and period. Its figures are computed by a Celery job
(a ReportRun) and stored as JSON, so the PDF and the XLSX annex can be rendered again
byte for byte from what was approved. The state (draft → approved → sent) is written
only by reports.services, together with a ReportEvent row saying who and when.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaign.models import Campaign, ReportingPeriod


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    APPROVED = "approved", pgettext_lazy("report status", "Approved")
    SENT = "sent", pgettext_lazy("report status", "Sent")


class ReportKind(models.TextChoices):
    """A periodic report of one period, or the mid-term review or final summary of the whole campaign."""

    PERIODIC = "periodic", _("Periodic report")
    MIDTERM = "midterm", _("Mid-term review")
    FINAL = "final", _("Final summary")


def report_path(report, filename):
    return f"reports/{report.campaign_id}/{report.period_id}/{filename}"


class Report(models.Model):
    """The progress report of a campaign for one reporting period."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="reports"
    )
    # A summary (mid-term or final) covers the campaign from its start to the end of `period`.
    kind = models.CharField(
        pgettext_lazy("progress report", "kind"), max_length=10, choices=ReportKind.choices, default=ReportKind.PERIODIC
    )
    # Written only by reports.services.
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    results = models.TextField(
        _("results achieved"), blank=True, help_text=_("Written by the office; kept when regenerated.")
    )
    difficulties = models.TextField(
        _("difficulties and shortcomings"), blank=True, help_text=_("Written by the office; kept when regenerated.")
    )
    proposals = models.TextField(
        _("proposals and recommendations"), blank=True, help_text=_("Written by the office; kept when regenerated.")
    )
    directions = models.TextField(
        _("directions and tasks for the next period"),
        blank=True,
        help_text=_("Written by the office; kept when regenerated."),
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, editable=False)
    # The cut-off every figure of the report was computed at (the run's), printed in the report.
    as_of = models.DateTimeField(_("figures as of"), null=True, blank=True, editable=False)
    # The draft files, replaced on each generation; the approved PDF is the register's.
    draft_pdf = models.FileField(_("draft PDF"), upload_to=report_path, max_length=255, blank=True, editable=False)
    xlsx = models.FileField(_("XLSX annex"), upload_to=report_path, max_length=255, blank=True, editable=False)
    xlsx_sha256 = models.CharField(_("SHA-256 of the annex"), max_length=64, blank=True, editable=False)
    document = models.OneToOneField(
        "documents.IssuedDocument",
        verbose_name=_("issued report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period__starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "period", "kind"], name="one_report_per_campaign_period_kind"),
        ]

    def __str__(self):
        if self.kind != ReportKind.PERIODIC:
            return f"{self.campaign} — {self.get_kind_display()} ({self.period})"
        return f"{self.campaign} — {self.period}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def is_summary(self):
        return self.kind != ReportKind.PERIODIC

    @property
    def is_editable(self):
        return self.status == ReportStatus.DRAFT


class LifeEvent(models.Model):
    """What every step of a report's life records: the action, a note, who and when."""

    action = models.CharField(_("action"), max_length=20)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report} — {self.action}"


class ReportEvent(LifeEvent):
    """One step of a report's life: generated, edited, approved, returned, sent."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")

    class Meta(LifeEvent.Meta):
        verbose_name = _("report event")
        verbose_name_plural = _("report events")


# --- generation runs ------------------------------------------------------------------------


class RunTrigger(models.TextChoices):
    MANUAL = "manual", _("Started by staff")
    SCHEDULE = "schedule", _("By the schedule")


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ReportRun(models.Model):
    """One request to generate (or regenerate) a report, followed from the queue to its end.

    Written only by reports.services and reports.tasks; the progress page reads it.
    """

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.CASCADE, related_name="report_runs"
    )
    kind = models.CharField(
        pgettext_lazy("progress report", "kind"), max_length=10, choices=ReportKind.choices, default=ReportKind.PERIODIC
    )
    trigger = models.CharField(_("started"), max_length=10, choices=RunTrigger.choices, default=RunTrigger.MANUAL)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(_("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("reason of the failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    celery_task_id = models.CharField(_("task id"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # The report's cut-off: every shard and the combination read the registry as it stood then.
    as_of = models.DateTimeField(_("figures as of"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    report = models.ForeignKey(
        Report, verbose_name=_("report"), null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["period", "state"])]

    def __str__(self):
        return f"{self.period} — {self.get_state_display()}"

    def get_absolute_url(self):
        return reverse("reports:run_detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.state in (RunState.SUCCEEDED, RunState.FAILED)


# --- schedules ------------------------------------------------------------------------------


class ScheduleKind(models.TextChoices):
    MONTH_DAY = "month_day", _("On a day of each month")
    AFTER_DEADLINE = "after_deadline", _("Some days after each period's deadline")


class ReportSchedule(models.Model):
    """When the reports of a campaign are generated by themselves.

    Each schedule owns one django-celery-beat PeriodicTask, kept in step by
    reports.schedules.sync_periodic_task whenever the schedule is saved or deleted.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="report_schedules"
    )
    kind = models.CharField(
        pgettext_lazy("report schedule", "kind"),
        max_length=20,
        choices=ScheduleKind.choices,
        default=ScheduleKind.AFTER_DEADLINE,
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True, help_text=_("From 1 to 28, so that every month has it.")
    )
    days_after_deadline = models.PositiveSmallIntegerField(
        _("days after the deadline"), null=True, blank=True, help_text=_("0 for the deadline's day itself.")
    )
    hour = models.PositiveSmallIntegerField(_("hour"), default=7, help_text=_("The hour of the day (0–23)."))
    enabled = models.BooleanField(_("enabled"), default=True)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        ordering = ["campaign", "pk"]

    def __str__(self):
        return self.describe()

    def describe(self):
        if self.kind == ScheduleKind.MONTH_DAY:
            return _("On day %(day)s of each month at %(hour)s:00") % {
                "day": self.day_of_month,
                "hour": f"{self.hour:02d}",
            }
        return _("%(days)s days after each period's deadline at %(hour)s:00") % {
            "days": self.days_after_deadline,
            "hour": f"{self.hour:02d}",
        }


# --- the Board and delivery -----------------------------------------------------------------


class BoardSettings(models.Model):
    """Where approved reports go: the national Board's name and e-mail address (one row)."""

    name = models.CharField(
        _("recipient"),
        max_length=255,
        default="Ban Thi đua - Khen thưởng Liên minh Hợp tác xã Việt Nam",
        help_text=_("As written on the e-mail."),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    cc = models.CharField(
        _("copy to"), max_length=500, blank=True, help_text=_("Other addresses, separated by commas.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("the Board's address")
        verbose_name_plural = _("the Board's address")

    def __str__(self):
        return f"{self.name} <{self.email}>" if self.email else self.name

    @classmethod
    def load(cls):
        return cls.objects.order_by("pk").first() or cls(pk=1)

    @property
    def cc_list(self):
        return [a.strip() for a in self.cc.split(",") if a.strip()]


class DeliveryAttempt(models.Model):
    """One attempt to e-mail an approved report to the Board, successful or not."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="deliveries")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    to = models.CharField(_("sent to"), max_length=600)
    ok = models.BooleanField(_("delivered"), default=False)
    error = models.TextField(_("error"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report} → {self.to}"


# --- the statutory statistics ---------------------------------------------------------------


class StatisticsForm(models.TextChoices):
    """The emulation-commendation forms of the Ministry of Home Affairs' statistics circular."""

    CAMPAIGNS = "campaigns", _("Emulation campaigns")
    STATE_AWARDS = "state_awards", _("State awards")
    LEVEL_AWARDS = "level_awards", _("Awards of the ministry and province level")
    BODIES = "bodies", _("Emulation-commendation bodies")
    STAFF = "staff", _("Staff of the emulation-commendation bodies")


class StatisticsCircular(models.Model):
    """The statistics circular in force from `valid_from` until the next row, with its forms' codes.

    Which forms a year's statistics use, what they are numbered and when the reporting period
    starts are data, never code: a new circular is a new row."""

    number = models.CharField(_("circular"), max_length=40, help_text=_("As written, e.g. 02/2023/TT-BNV."))
    citation = models.CharField(_("citation"), max_length=500)
    valid_from = models.DateField(_("in force from"), unique=True)
    period_starts_month = models.PositiveSmallIntegerField(
        _("reporting period starts in month"),
        default=12,
        help_text=_("12: from 1 December of the year before to 30 November; 1: the calendar year."),
    )
    form_codes = models.JSONField(_("form numbers"), default=dict, help_text=_("Form number of each form."))
    source_url = models.URLField(_("link to the source"), max_length=500, blank=True)
    confirmed = models.BooleanField(_("confirmed in the source"), default=False)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("statistics circular")
        verbose_name_plural = _("statistics circulars")
        ordering = ["-valid_from"]

    def __str__(self):
        return self.number


class StatisticsEntry(models.Model):
    """A figure of a statistics form the app does not hold (e.g. the staff of the bodies), entered by the office."""

    year = models.PositiveSmallIntegerField(_("year"))
    form = models.CharField(_("form"), max_length=20, choices=StatisticsForm.choices)
    row = models.CharField(_("row"), max_length=40)
    column = models.CharField(_("column"), max_length=40)
    value = models.PositiveIntegerField(_("value"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")
        ordering = ["year", "form", "row", "column"]
        constraints = [
            models.UniqueConstraint(fields=["year", "form", "row", "column"], name="one_entry_per_statistics_cell"),
        ]

    def __str__(self):
        return f"{self.year} {self.form} {self.row}/{self.column} = {self.value}"


# --- the annual emulation-commendation report -----------------------------------------------


def annual_report_path(report, filename):
    return f"reports/annual/{report.year}/{filename}"


class AnnualReport(models.Model):
    """The Alliance's annual emulation-commendation report across all its campaigns of a year.

    A model of its own rather than a kind of Report: a Report belongs to one campaign and one
    reporting period (both required, unique together) and every step of its generation reads
    them; this one belongs to a year. It goes the same way: drafted by the office, approved by
    the leadership as a numbered BC from the register, then e-mailed to the Board
    (reports.annual)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    results = models.TextField(_("results"), blank=True, help_text=_("Written by the office; kept when regenerated."))
    difficulties = models.TextField(
        _("difficulties and shortcomings"), blank=True, help_text=_("Written by the office; kept when regenerated.")
    )
    directions = models.TextField(
        _("directions and tasks for the next year"),
        blank=True,
        help_text=_("Written by the office; kept when regenerated."),
    )
    proposals = models.TextField(
        _("proposals and recommendations"), blank=True, help_text=_("Written by the office; kept when regenerated.")
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, editable=False)
    draft_pdf = models.FileField(
        _("draft PDF"), upload_to=annual_report_path, max_length=255, blank=True, editable=False
    )
    document = models.OneToOneField(
        "documents.IssuedDocument",
        verbose_name=_("issued report"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("reports:annual_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status == ReportStatus.DRAFT


class AnnualReportEvent(LifeEvent):
    """One step of an annual report's life (generated, edited, approved, returned, sent, not sent)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")

    class Meta(LifeEvent.Meta):
        verbose_name = _("annual report event")
        verbose_name_plural = _("annual report events")
