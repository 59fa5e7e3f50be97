"""URL patterns of the police console (namespace "console"), mounted at /politie/."""

from django.urls import path

from buurtwacht.police import views_console

app_name = "console"
urlpatterns = [
    path("", views_console.home, name="home"),
    path("nieuw/", views_console.compose, name="compose"),
    path("bereik/", views_console.reach, name="reach"),
    path("berichten/<int:pk>/", views_console.message, name="message"),
    path("berichten/<int:pk>/ontvangst/", views_console.receipts, name="receipts"),
    path("berichten/<int:pk>/aanvullen/", views_console.update, name="update"),
    path("berichten/<int:pk>/beeindigen/", views_console.close, name="close"),
    path("berichten/<int:pk>/foto/", views_console.photo, name="photo"),
    path("berichten/<int:pk>/tips/", views_console.tips, name="tips"),
    path("berichten/<int:pk>/tips/<int:tip_pk>/foto/", views_console.tip_photo, name="tip_photo"),
]
