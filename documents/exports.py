"""The outgoing-document register as an Excel sheet, with the shared list-export helpers."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import Column, build_workbook

REGISTER_COLUMNS = [
    Column("reference", _("Number and symbol"), width=18),
    Column("issued_on", _("Issued on"), width=12),
    Column("kind_name", _("Kind of document"), width=14),
    Column("subject", _("Subject"), width=60),
    Column("signer", _("Signed by"), width=30),
    Column("issuer", _("Issuing body"), width=34),
    Column("issued_by", _("Issued by"), width=20),
    Column("created_at", _("Recorded at"), width=18),
    Column("sha256", _("SHA-256"), width=66),
]


def export_register(queryset):
    rows = (
        [
            doc.reference,
            doc.issued_on,
            doc.kind_name,
            doc.subject,
            " / ".join(part for part in (doc.signer_title, doc.signer_name) if part),
            doc.issuer.full_name,
            doc.issued_by.get_username(),
            timezone.localtime(doc.created_at).strftime("%d/%m/%Y %H:%M"),
            doc.sha256,
        ]
        for doc in queryset.select_related("issuer", "issued_by")
    )
    return build_workbook(_("Outgoing documents"), REGISTER_COLUMNS, rows)
