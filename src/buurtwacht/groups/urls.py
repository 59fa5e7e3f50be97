from django.urls import path

from buurtwacht.groups import views, views_photo
from buurtwacht.groups.membership.urls import urlpatterns as membership_urls
from buurtwacht.groups.urls_recruiting import urlpatterns as recruiting_urls

app_name = "groups"
urlpatterns = [
    # Fixed paths come before <slug:slug>, which would otherwise take them for a group's name.
    path("aanmelden/", views.group_register_view, name="register"),
    path("aangemeld/", views.group_registered, name="registered"),
    *membership_urls,
    *recruiting_urls,
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/foto/<str:filename>", views_photo.group_photo, name="photo"),
]
