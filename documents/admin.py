from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IssuedDocument, IssuingBody, NumberSequence, Signer


class SignerInline(admin.TabularInline):
    model = Signer
    extra = 0


@admin.register(IssuingBody)
class IssuingBodyAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "valid_from", "place", "symbol")
    inlines = [SignerInline]


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """Read-only: the register is written by issue_document and never edited."""

    list_display = ("reference", "year", "issued_on", "subject", "signer_name", "issued_by")
    list_filter = ("year", "type_symbol")
    search_fields = ("reference", "subject")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberSequence)
class NumberSequenceAdmin(SimpleHistoryAdmin):
    list_display = ("year", "type_symbol", "issuer_symbol", "next_number", "set_by", "set_at")
    readonly_fields = ("year", "type_symbol", "issuer_symbol", "next_number", "set_by", "set_at")

    def has_add_permission(self, request):
        return False
