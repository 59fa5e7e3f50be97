"""Sticker pages (namespace "stickers"): an admin's under /groepen/<slug>/beheer/, the gemeente's under /gemeente/."""

from django.urls import path

from buurtwacht.municipality.stickers import views

app_name = "stickers"
urlpatterns = [
    path("groepen/<slug:slug>/beheer/stickers/", views.group_page, name="group"),
    path("gemeente/<str:code>/stickers/", views.gemeente_page, name="gemeente"),
    path("gemeente/<str:code>/stickers/instellingen/", views.settings_page, name="settings"),
    path("gemeente/<str:code>/stickers/<int:pk>/verzonden/", views.mark_sent, name="sent"),
    path("gemeente/<str:code>/stickers/<int:pk>/klaargelegd/", views.mark_ready, name="ready"),
    path("gemeente/<str:code>/stickers/<int:pk>/weigeren/", views.refuse, name="refuse"),
    path("gemeente/<str:code>/stickers/<int:pk>/opgehaald/", views.mark_picked_up, name="picked_up"),
    path("gemeente/<str:code>/stickers/levering/", views.stock_delivery, name="delivery"),
]
