from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliceConfig(AppConfig):
    name = "buurtwacht.police"
    label = "police"
    verbose_name = _("Politie")

    def ready(self):
        from buurtwacht.accounts import hooks
        from buurtwacht.police import audiences, personal_data

        audiences.register()
        hooks.register(hooks.personal_data, personal_data.personal_data)
