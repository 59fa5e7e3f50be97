from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "buurtwacht.municipality.figures"
    label = "figures"
    verbose_name = _("Effectcijfers")

    def ready(self):
        from buurtwacht.municipality import dashboard
        from buurtwacht.municipality.figures.section import section_context

        dashboard.register(
            dashboard.Section(
                key="figures", order=40, template="figures/_dashboard_section.html", context=section_context
            )
        )
