from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    name = "buurtwacht.municipality"
    label = "municipality"
    verbose_name = _("Gemeente")
