"""The document layer's data: who issues and signs documents, and the register of those issued."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
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


class DocumentType(models.TextChoices):
    """The kinds of document the Alliance numbers, by their Decree 30 symbol."""

    PLAN = "KH", _("Plan (KH)")
    DECISION = "QĐ", _("Decision (QĐ)")
    REPORT = "BC", _("Report (BC)")
    PROPOSAL = "TTr", _("Proposal (TTr)")
    MINUTES = "BB", _("Minutes (BB)")
    NOTICE = "TB", _("Notice (TB)")
    PROGRAMME = "CTr", _("Programme (CTr)")
    PLEDGE = "GƯTĐ", _("Emulation pledge (GƯTĐ)")

    @classmethod
    def printed_name(cls, symbol):
        """The type as printed in bold capitals above the subject: KẾ HOẠCH, QUYẾT ĐỊNH, …"""
        return PRINTED_NAMES[symbol].upper()


# Official documents are written in Vietnamese: these names are printed, never translated.
PRINTED_NAMES = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "BB": "Biên bản",
    "TB": "Thông báo",
    "CTr": "Chương trình",
    "GƯTĐ": "Giao ước thi đua",
}


class NumberSequence(models.Model):
    """The next number of a year's documents of one type and issuer symbol (the "KH-LMHTX" of 2021).

    Numbers follow the reference as printed: within a year a reference never repeats,
    whichever identity of the Alliance issued it; an identity with its own symbol
    starts its own sequence. Office staff may move the next number forward when the
    office adopts the app in the middle of a year, never onto a number already used.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    type_symbol = models.CharField(_("type"), max_length=5, choices=DocumentType.choices)
    issuer_symbol = models.CharField(_("issuer symbol"), max_length=30)
    next_number = models.PositiveIntegerField(_("next number"), default=1)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        ordering = ["-year", "type_symbol", "issuer_symbol"]
        constraints = [
            models.UniqueConstraint(fields=["year", "type_symbol", "issuer_symbol"], name="one_sequence_per_key"),
            models.CheckConstraint(condition=models.Q(next_number__gte=1), name="sequence_starts_at_one"),
        ]

    def __str__(self):
        return f"{self.year} {self.type_symbol}-{self.issuer_symbol}: {self.next_number}"


class ImmutableDocument(Exception):
    """An issued document's number, file and identity never change once stored."""


def document_path(document, filename):
    return f"documents/{document.year}/{filename}"


class IssuedDocument(models.Model):
    """One entry of the outgoing-document register (sổ văn bản đi) with its PDF and the PDF's hash."""

    FROZEN = (
        "year",
        "type_symbol",
        "issuer_symbol",
        "number",
        "reference",
        "issuer_id",
        "issued_on",
        "kind_name",
        "subject",
        "signer_name",
        "signer_title",
        "issued_by_id",
        "file",
        "sha256",
        "size",
    )  # all but the link to what it belongs to, which another app may set after issuing

    issuer = models.ForeignKey(
        IssuingBody, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="documents"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    type_symbol = models.CharField(_("type"), max_length=5, choices=DocumentType.choices)
    issuer_symbol = models.CharField(_("issuer symbol"), max_length=30)
    number = models.PositiveIntegerField(_("number"))
    reference = models.CharField(_("reference"), max_length=60, db_index=True)
    kind_name = models.CharField(_("kind of document"), max_length=40)
    subject = models.TextField(_("subject"))
    issued_on = models.DateField(_("issued on"))
    signer_name = models.CharField(_("signed by"), max_length=120, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to=document_path, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    # What the document belongs to (a campaign, a decision, a report) without importing those apps.
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-year", "-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "type_symbol", "issuer_symbol", "number"], name="one_document_per_number"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.reference} — {self.subject}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN).first()
            if stored is not None:
                current = {field: getattr(self, field) for field in self.FROZEN}
                current["file"] = self.file.name
                changed = [field for field in self.FROZEN if stored[field] != current[field]]
                if changed:
                    raise ImmutableDocument(f"{self.reference}: {', '.join(changed)} cannot change once issued")
        super().save(*args, **kwargs)

    @property
    def download_name(self):
        """ "514/KH-LMHTX" → "514-KH-LMHTX.pdf"."""
        return self.reference.replace("/", "-") + ".pdf"
