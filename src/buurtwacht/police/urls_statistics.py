"""The municipality's counts of police messages (namespace "police_statistics"), under /gemeente/."""

from django.urls import path

from buurtwacht.police import views_statistics

app_name = "police_statistics"
urlpatterns = [
    path("<str:code>/politieberichten/", views_statistics.per_month, name="per_month"),
]
