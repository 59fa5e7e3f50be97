"""URL patterns, included by groups/urls.py under /groepen/ (namespace "groups")."""

from django.urls import path

from buurtwacht.groups import views_recruiting as views

urlpatterns = [
    path("<slug:slug>/uitnodiging/<str:token>/", views.invite, name="invite"),
    path("<slug:slug>/beheer/qr.svg", views.invite_qr, name="invite_qr"),
    path("<slug:slug>/beheer/qr.png", views.invite_qr_png, name="invite_qr_png"),
    path("<slug:slug>/beheer/flyer.pdf", views.flyer, name="flyer"),
    path("<slug:slug>/beheer/uitnodiging-vernieuwen/", views.invite_rotate, name="invite_rotate"),
]
