"""Django admin for superusers; office staff use the app's own pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.models import PendingJob

from .models import AdministrativeArea, ImportJob, Organization, Person, StatusChange, User


@admin.register(User)
class AccountAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "first_name", "last_name", "role", "organization", "is_active")
    list_filter = ("role", "is_active", "is_superuser")
    fieldsets = UserAdmin.fieldsets + (("Thi đua", {"fields": ("role", "organization", "phone")}),)
    autocomplete_fields = ("organization",)


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "district", "status")
    list_filter = ("kind", "status", "sector")
    search_fields = ("name", "tax_code")
    autocomplete_fields = ("province", "district", "commune", "parent")


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "organization", "position", "is_direct_worker")
    search_fields = ("full_name",)
    autocomplete_fields = ("organization",)


@admin.register(AdministrativeArea)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "level", "valid_from", "valid_until")
    list_filter = ("level",)
    search_fields = ("name", "code")


admin.site.register(StatusChange)
admin.site.register(ImportJob)


@admin.register(PendingJob)
class PendingJobAdmin(admin.ModelAdmin):
    """Jobs kept while the queue service was down; beat sends them every minute."""

    list_display = ["task_name", "queued_at", "attempts", "last_error"]
    readonly_fields = ["task_name", "args", "kwargs", "queued_at", "attempts", "last_error"]
