from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """The roof: the home page and healthz, the demo command and the national benchmark. Nothing imports it."""

    name = "ops"
    verbose_name = _("Operations")
