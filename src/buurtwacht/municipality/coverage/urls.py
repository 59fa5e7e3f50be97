"""The coverage pages under /gemeente/ (namespace "coverage")."""

from django.urls import path

from buurtwacht.municipality.coverage import views

app_name = "coverage"
urlpatterns = [
    path("<str:code>/dekking/", views.coverage_map, name="map"),
    path("<str:code>/dekking.csv", views.coverage_csv, name="csv"),
    path("<str:code>/dekking/kaart.geojson", views.coverage_geojson, name="geojson"),
]
