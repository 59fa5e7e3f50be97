from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class CoreConfig(AppConfig):
    default = True
    name = "buurtwacht.core"
    label = "core"
    verbose_name = "Buurtwacht"


class BuurtwachtAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with a site that asks for the second factor (see core/admin_site.py)."""

    default = False
    default_site = "buurtwacht.core.admin_site.VerifiedAdminSite"
