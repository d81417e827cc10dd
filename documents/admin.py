from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import IssuingBody, Signer


class SignerInline(admin.TabularInline):
    model = Signer
    extra = 0


@admin.register(IssuingBody)
class IssuingBodyAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "valid_from", "place", "symbol")
    inlines = [SignerInline]
