from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "buurtwacht.alerts"
    label = "alerts"
    verbose_name = _("Meldingen")

    def ready(self):
        from buurtwacht.alerts import signals  # noqa: F401
