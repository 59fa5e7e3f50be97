from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "buurtwacht.alerts"
    label = "alerts"
    verbose_name = _("Meldingen")

    def ready(self):
        from buurtwacht.accounts import hooks
        from buurtwacht.alerts import selectors, services, signals  # noqa: F401

        hooks.register(hooks.personal_data, selectors.personal_data)
        hooks.register(hooks.before_delete, services.events_naming_delete)
