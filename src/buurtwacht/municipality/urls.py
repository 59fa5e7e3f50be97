"""The municipality's pages under /gemeente/ (namespace "municipality")."""

from django.urls import path

from buurtwacht.municipality import views

app_name = "municipality"
urlpatterns = [
    path("", views.home, name="home"),
    path("<str:code>/", views.overview, name="overview"),
    path("<str:code>/groepen/", views.groups, name="groups"),
    path("<str:code>/groepen.csv", views.overview_csv, name="overview_csv"),
    path("<str:code>/contacten/", views.contacts, name="contacts"),
    path("<str:code>/groepen/<int:pk>/goedkeuren/", views.approve, name="approve"),
    path("<str:code>/groepen/<int:pk>/afwijzen/", views.reject, name="reject"),
]
