"""/open-data/ (namespace "open_data"): the page explaining the open data; the files are under /api/v1/open-data/."""

from django.urls import path

from buurtwacht.municipality.coverage import views_open_data

app_name = "open_data"
urlpatterns = [path("", views_open_data.about, name="about")]
