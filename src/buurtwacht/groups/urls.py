from django.urls import path

from buurtwacht.groups import views

app_name = "groups"
urlpatterns = [
    # Fixed paths come before <slug:slug>, which would otherwise take them for a group's name.
    path("aanmelden/", views.group_register_view, name="register"),
    path("aangemeld/", views.group_registered, name="registered"),
    path("<slug:slug>/", views.group_detail, name="detail"),
]
