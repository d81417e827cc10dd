from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member registry")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import permissions  # noqa: F401  (registers the rules of this app)
        from .schedules import ensure_job_schedules

        post_migrate.connect(ensure_job_schedules, sender=self, dispatch_uid="members.ensure_job_schedules")
