"""URL patterns of the alerts (namespace "alerts"): /meldingen/ and /groepen/<slug>/meldingen/..."""

from django.urls import path

from buurtwacht.alerts import views

app_name = "alerts"
urlpatterns = [
    path("meldingen/", views.home, name="home"),
    path("groepen/<slug:slug>/meldingen/", views.group_alerts, name="list"),
    path("groepen/<slug:slug>/meldingen/nieuw/", views.compose, name="compose"),
    path("groepen/<slug:slug>/meldingen/in-de-buurt/", views.nearby, name="nearby"),
    path("groepen/<slug:slug>/meldingen/<int:pk>/", views.detail, name="detail"),
    path("groepen/<slug:slug>/meldingen/<int:pk>/reageren/", views.react, name="react"),
    path("groepen/<slug:slug>/meldingen/<int:pk>/afsluiten/", views.close, name="close"),
    path(
        "groepen/<slug:slug>/meldingen/<int:pk>/fotos/<int:photo_pk>/<str:size>/", views.photo, name="photo"
    ),
    path("groepen/<slug:slug>/mededeling/", views.notice, name="notice"),
]
