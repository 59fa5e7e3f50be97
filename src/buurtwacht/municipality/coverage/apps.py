from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "buurtwacht.municipality.coverage"
    label = "coverage"
    verbose_name = _("Dekking")

    def ready(self):
        from buurtwacht.groups import hooks
        from buurtwacht.municipality import dashboard
        from buurtwacht.municipality.coverage import tasks  # noqa: F401 - registers the tasks with Huey
        from buurtwacht.municipality.coverage.selectors import dashboard_context
        from buurtwacht.municipality.coverage.services import coverage_mark_group

        hooks.register(hooks.group_changed, lambda group: coverage_mark_group(group=group))
        dashboard.register(
            dashboard.Section(
                key="coverage",
                order=30,
                template="coverage/_dashboard.html",
                context=dashboard_context,
                styles=("vendor/leaflet/leaflet.css", "coverage/coverage.css"),
                scripts=("vendor/leaflet/leaflet.js", "coverage/coverage-map.js"),
            )
        )
