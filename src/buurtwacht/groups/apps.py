from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "buurtwacht.groups"
    label = "groups"
    verbose_name = _("Buurtpreventiegroepen")

    def ready(self):
        from buurtwacht.groups import selectors  # noqa: F401 - registers the active groups' layer of the spatial index
        from buurtwacht.groups.membership import account_parts, audiences

        audiences.register()
        account_parts.register()
