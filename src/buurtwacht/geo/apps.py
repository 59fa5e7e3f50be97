from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "buurtwacht.geo"
    label = "geo"
    verbose_name = _("Geografie")

    def ready(self):
        # Registers the buurten layer of the spatial index.
        from buurtwacht.geo import selectors  # noqa: F401
