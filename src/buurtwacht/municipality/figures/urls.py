"""The effect figures pages (namespace "figures"), under /gemeente/."""

from django.urls import path

from buurtwacht.municipality.figures import views

app_name = "figures"
urlpatterns = [
    path("<str:code>/cijfers/", views.gemeente, name="gemeente"),
    path("<str:code>/cijfers.csv", views.figures_csv, name="csv"),
    path("<str:code>/cijfers/<str:buurt>/", views.buurt, name="buurt"),
]
