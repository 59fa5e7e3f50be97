from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    name = "buurtwacht.municipality"
    label = "municipality"
    verbose_name = _("Gemeente")

    def ready(self):
        from buurtwacht.groups import hooks
        from buurtwacht.municipality.services import group_activated_notify

        hooks.register(hooks.group_activated, lambda group: group_activated_notify(group=group))
        from buurtwacht.municipality import network_section  # noqa: F401 - registers the network's dashboard section
