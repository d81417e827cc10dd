from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from . import permissions  # noqa: F401, PLC0415  (registers the rules of this app; models must be loaded first)
