"""Periodic progress reports to the national Alliance's Emulation-Commendation Board.

A report is one per campaign and period. Its figures are computed by a Celery job
(a ReportRun) and stored as JSON, so the PDF and the XLSX annex can be rendered again
byte for byte from what was approved. The state (draft → approved → sent) is written
only by reports.services, together with a ReportEvent row saying who and when.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaign.models import Campaign, ReportingPeriod


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report status", "Draft")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")


def report_path(report, filename):
    return f"reports/{report.campaign_id}/{report.period_id}/{filename}"


class Report(models.Model):
    """The progress report of a campaign for one reporting period."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="reports"
    )
    # Written only by reports.services.
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, editable=False
    )
    figures = models.JSONField(_("figures"), default=dict, editable=False)
    difficulties = models.TextField(
        _("difficulties and shortcomings"), blank=True, help_text=_("Written by the office; kept when regenerated.")
    )
    proposals = models.TextField(
        _("proposals and recommendations"), blank=True, help_text=_("Written by the office; kept when regenerated.")
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, editable=False)
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
            models.UniqueConstraint(fields=["campaign", "period"], name="one_report_per_campaign_period"),
        ]

    def __str__(self):
        return f"{self.campaign} — {self.period}"

    def get_absolute_url(self):
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status == ReportStatus.DRAFT


class ReportEvent(models.Model):
    """One step of a report's life: generated, edited, approved, returned, sent."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
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
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.report} — {self.action}"
