"""The WhatsApp history page (namespace "chathistory"), under the group's management."""

from django.urls import path

from buurtwacht.municipality.chathistory import views

app_name = "chathistory"
urlpatterns = [
    path("groepen/<slug:slug>/beheer/whatsapp-geschiedenis/", views.upload, name="upload"),
]
