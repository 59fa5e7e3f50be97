from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliceConfig(AppConfig):
    name = "buurtwacht.police"
    label = "police"
    verbose_name = _("Politie")

    def ready(self):
        from buurtwacht.police import audiences, page_parts

        audiences.register()
        page_parts.register()
