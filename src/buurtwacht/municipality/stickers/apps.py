from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StickersConfig(AppConfig):
    name = "buurtwacht.municipality.stickers"
    label = "stickers"
    verbose_name = _("Stickers")

    def ready(self):
        from buurtwacht.groups import hooks
        from buurtwacht.municipality import dashboard
        from buurtwacht.municipality.stickers.sections import manage_link, section_context

        dashboard.register(
            dashboard.Section(
                key="stickers", order=20, template="stickers/_dashboard_section.html", context=section_context
            )
        )
        hooks.register(hooks.manage_links, manage_link)
