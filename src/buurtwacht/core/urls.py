from django.urls import path

from buurtwacht.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("kaart/", views.map_page, name="map"),
]
