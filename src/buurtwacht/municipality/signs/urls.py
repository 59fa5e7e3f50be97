"""Street signs: the admin's pages under /groepen/<slug>/beheer/borden/, the municipality's under
/gemeente/<code>/borden/ (namespace "signs")."""

from django.urls import path

from buurtwacht.municipality.signs import views_group, views_staff

app_name = "signs"
urlpatterns = [
    path("groepen/<slug:slug>/beheer/borden/", views_group.group_signs, name="group"),
    path("groepen/<slug:slug>/beheer/borden/aanvragen/", views_group.request_new, name="request_new"),
    path("gemeente/<str:code>/borden/", views_staff.requests_list, name="requests"),
    path("gemeente/<str:code>/borden/regels/", views_staff.rules_edit, name="rules"),
    path("gemeente/<str:code>/borden/kaart/", views_staff.inventory, name="inventory"),
    path("gemeente/<str:code>/borden/aanvragen/<int:pk>/", views_staff.request_detail, name="request_detail"),
    path("gemeente/<str:code>/borden/aanvragen/<int:pk>/goedkeuren/", views_staff.request_approve,
         name="request_approve"),
    path("gemeente/<str:code>/borden/aanvragen/<int:pk>/afwijzen/", views_staff.request_refuse, name="request_refuse"),
    path("gemeente/<str:code>/borden/<int:pk>/", views_staff.sign_detail, name="sign_detail"),
    path("gemeente/<str:code>/borden/<int:pk>/geplaatst/", views_staff.sign_placed, name="sign_placed"),
    path("gemeente/<str:code>/borden/<int:pk>/verplaatst/", views_staff.sign_moved, name="sign_moved"),
    path("gemeente/<str:code>/borden/<int:pk>/verwijderd/", views_staff.sign_removed, name="sign_removed"),
]
