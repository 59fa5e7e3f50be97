from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from buurtwacht.api import api

urlpatterns = [
    path("", include("buurtwacht.core.urls")),
    path("", include("buurtwacht.delivery.urls")),
    path("", include("buurtwacht.alerts.urls")),
    path("", include("buurtwacht.police.urls")),
    path("", include("buurtwacht.networks.urls")),
    path("politie/", include("buurtwacht.police.urls_console")),
    path("", include("buurtwacht.municipality.stickers.urls")),
    path("groepen/", include("buurtwacht.groups.urls")),
    path("account/", include("buurtwacht.accounts.urls")),
    path("gemeente/", include("buurtwacht.municipality.urls")),
    path("gemeente/", include("buurtwacht.police.urls_statistics")),
    path("gemeente/", include("buurtwacht.municipality.figures.urls")),
    path("gemeente/", include("buurtwacht.municipality.coverage.urls")),
    path("open-data/", include("buurtwacht.municipality.coverage.urls_open_data")),
    path("", include("buurtwacht.municipality.signs.urls")),
    path("", include("buurtwacht.municipality.chathistory.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

# Error answers: Django's pages, but JSON under /api/, and 503 when the database is down (core/errors.py).
handler400 = "buurtwacht.core.errors.bad_request"
handler403 = "buurtwacht.core.errors.permission_denied"
handler404 = "buurtwacht.core.errors.page_not_found"
handler500 = "buurtwacht.core.errors.server_error"


# Group photos (re-encoded, public). On one machine the app serves them itself; behind a reverse proxy, let the
# proxy serve MEDIA_ROOT at /media/ and this route is never reached.
def media(request, path: str):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns.append(path("media/<path:path>", media, name="media"))
