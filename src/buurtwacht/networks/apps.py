from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "buurtwacht.networks"
    label = "networks"
    verbose_name = _("Netwerk van buurgroepen")

    def ready(self):
        from buurtwacht.networks import page_parts

        page_parts.register()
