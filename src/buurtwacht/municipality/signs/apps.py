from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignsConfig(AppConfig):
    name = "buurtwacht.municipality.signs"
    label = "signs"
    verbose_name = _("Straatborden")

    def ready(self):
        from buurtwacht.groups import hooks
        from buurtwacht.municipality import dashboard
        from buurtwacht.municipality.signs.dashboard import section_context
        from buurtwacht.municipality.signs.views_group import manage_link

        dashboard.register(
            dashboard.Section(key="signs", order=20, template="signs/_dashboard.html", context=section_context)
        )
        hooks.register(hooks.manage_links, manage_link)
