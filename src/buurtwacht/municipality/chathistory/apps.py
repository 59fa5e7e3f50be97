from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatHistoryConfig(AppConfig):
    name = "buurtwacht.municipality.chathistory"
    label = "chathistory"
    verbose_name = _("Geschiedenis van WhatsApp-groepen")

    def ready(self):
        from buurtwacht.groups import hooks
        from buurtwacht.municipality.chathistory.links import manage_link

        hooks.register(hooks.manage_links, manage_link)
