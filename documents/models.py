"""The document layer's data: who issues documents, from which date, and who signs them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class IssuingBody(models.Model):
    """The Alliance as it appears on its documents from a given date.

    The 2021 documents say UBND TỈNH ĐẮK NÔNG / LIÊN MINH HTX, "Đắk Nông, ngày …";
    after the 2025 merger the same office issues as Liên minh HTX tỉnh Lâm Đồng. Each
    identity is a row with the date it applies from, never a constant in code.
    """

    valid_from = models.DateField(_("applies from"), unique=True)
    parent_body = models.CharField(
        _("parent body"), max_length=120, help_text=_("Written in capitals in the header, e.g. UBND TỈNH ĐẮK NÔNG.")
    )
    header_name = models.CharField(
        _("name in the header"), max_length=120, help_text=_("Bold capitals under the parent body, e.g. LIÊN MINH HTX.")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    symbol = models.CharField(
        _("symbol in document numbers"), max_length=30, help_text=_("As in Số: 514/KH-LMHTX: LMHTX.")
    )
    place = models.CharField(_("place name on the date line"), max_length=60, help_text=_("As in “Đắk Nông, ngày …”."))
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    default_recipients = models.TextField(
        _("usual recipients"),
        blank=True,
        help_text=_("One per line, as in the “Nơi nhận” block; the archive line “Lưu: VT, …” last."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")
        ordering = ["-valid_from"]

    def __str__(self):
        return f"{self.full_name} ({self.valid_from:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("documents:issuer_edit", args=[self.pk])

    def clean(self):
        for field in ("parent_body", "header_name"):
            value = getattr(self, field)
            if value and value != value.upper():
                raise ValidationError({field: _("Write this line in capitals, as it appears in the header.")})

    @property
    def recipient_lines(self):
        return [line.strip() for line in self.default_recipients.splitlines() if line.strip()]


class SignerAuthority(models.TextChoices):
    ON_BEHALF = "tm", _("On behalf of the Standing Committee (T/M)")
    DEPUTY = "kt", _("Deputy signing for the Chairman (KT.)")
    DIRECT = "direct", _("Signs in own name")


class Signer(models.Model):
    """A person who signs the Alliance's documents, with the title block above the name."""

    issuing_body = models.ForeignKey(
        IssuingBody, verbose_name=_("issuing body"), on_delete=models.CASCADE, related_name="signers"
    )
    full_name = models.CharField(_("full name"), max_length=120)
    title = models.CharField(_("title"), max_length=80, help_text=_("In capitals, e.g. CHỦ TỊCH or PHÓ CHỦ TỊCH."))
    authority = models.CharField(_("signs as"), max_length=10, choices=SignerAuthority.choices)
    authority_line = models.CharField(
        _("line above the title"),
        max_length=120,
        blank=True,
        help_text=_("E.g. T/M BAN THƯỜNG VỤ or KT. CHỦ TỊCH; empty when signing in own name."),
    )
    is_default = models.BooleanField(_("default signer"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signer")
        verbose_name_plural = _("signers")
        ordering = ["issuing_body", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_body"], condition=models.Q(is_default=True), name="one_default_signer_per_body"
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.full_name}"

    @property
    def block_lines(self):
        """The signature block's capital lines above the signing space."""
        return [line for line in (self.authority_line, self.title) if line]
