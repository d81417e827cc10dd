from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaigns")

    def ready(self):
        from . import counters, permissions  # noqa: F401, PLC0415  (registers the rules of this app; models must be loaded first)

        counters.connect()  # a unit's counts follow it to another area or kind
