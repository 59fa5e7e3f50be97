from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "buurtwacht.groups"
    label = "groups"
    verbose_name = _("Buurtpreventiegroepen")

    def ready(self):
        # Registers the active groups' layer of the spatial index.
        from buurtwacht.groups import account_parts, audiences, selectors  # noqa: F401

        audiences.register()
        account_parts.register()
