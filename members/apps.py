from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Member registry")

    def ready(self):
        from . import permissions, scopes  # noqa: F401, PLC0415  (the rules of this app, and its changes raising the cache scopes; models must be loaded first)
