from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The floor: what every app shares and no domain owns. It imports only Django and libraries."""

    name = "core"
    verbose_name = _("Shared foundations")
