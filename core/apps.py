from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from .collation import register_sqlite_collation


class CoreConfig(AppConfig):
    """The floor: what every app shares and no domain owns. It imports only Django and libraries."""

    name = "core"
    verbose_name = _("Shared foundations")

    def ready(self):
        from .schedules import ensure_job_schedules  # noqa: PLC0415  (reads django-celery-beat's models: apps must be loaded)

        connection_created.connect(register_sqlite_collation, dispatch_uid="core.vietnamese_collation")
        post_migrate.connect(ensure_job_schedules, sender=self, dispatch_uid="core.ensure_job_schedules")
