from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BreachesConfig(AppConfig):
    name = "breaches"
    verbose_name = _("Breach catalogue")

    def ready(self):
        from .vocabulary import load_roles, load_vocabulary

        post_migrate.connect(load_vocabulary, sender=self)
        post_migrate.connect(load_roles, sender=self)
