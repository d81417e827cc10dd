from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "campaign"
    verbose_name = _("Campaigns")

    def ready(self):
        from . import counters, permissions, scopes  # noqa: F401, PLC0415  (the rules of this app, and registrations raising the campaign's cache scope; models must be loaded first)

        counters.connect()  # a unit's counts follow it to another area or kind
