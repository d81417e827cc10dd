from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member registry")

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.schedules import ensure_job_schedules

        from . import permissions  # noqa: F401  (registers the rules of this app)

        post_migrate.connect(ensure_job_schedules, sender=self, dispatch_uid="members.ensure_job_schedules")
