from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from campaign.signals import scores_refreshed  # noqa: PLC0415  (signals connect once the apps are loaded)
        from documents.signatures import signed  # noqa: PLC0415  (signals connect once the apps are loaded)
        from members.models import Person  # noqa: PLC0415  (models only once the apps are loaded)

        from . import permissions, scopes  # noqa: F401, PLC0415  (the rules of this app, and its cache scopes; models must be loaded first)
        from .certificates import sign_certificates  # noqa: PLC0415  (it imports models: only after loading)
        from .models import Household, Initiative  # noqa: PLC0415  (models only once the apps are loaded)
        from .rank_scores import nominee_changed, units_rescored  # noqa: PLC0415  (it imports models: only after loading)

        signed.connect(sign_certificates, dispatch_uid="awards.sign_certificates")
        scores_refreshed.connect(units_rescored, dispatch_uid="awards.units_rescored")
        # A nominee renamed: the shortlist's name order follows at the commit (awards.rank_scores).
        for model in (Person, Household, Initiative):
            post_save.connect(nominee_changed, sender=model, dispatch_uid=f"awards.nominee.{model.__name__}")
