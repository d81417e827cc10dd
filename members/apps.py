from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member registry")

    def ready(self):
        from . import permissions  # noqa: F401, PLC0415  (registers the rules of this app; models must be loaded first)
