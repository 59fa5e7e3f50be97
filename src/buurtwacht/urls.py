from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from buurtwacht.api import api

admin.site.site_header = "Buurtwacht"
admin.site.site_title = "Buurtwacht beheer"

urlpatterns = [
    path("", include("buurtwacht.core.urls")),
    path("groepen/", include("buurtwacht.groups.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

if settings.DEV_MODE or settings.DEBUG:
    # Uploaded photos; in production the reverse proxy serves MEDIA_ROOT.
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))
