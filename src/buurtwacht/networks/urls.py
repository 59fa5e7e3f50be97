"""URL patterns of the network (namespace "networks"): a group's network under its admin pages, passing an alert
on from its page, passed-on alerts, and the gemeente's network beside the municipal pages."""

from django.urls import path

from buurtwacht.networks import views

app_name = "networks"
urlpatterns = [
    path("groepen/<slug:slug>/beheer/netwerk/", views.group, name="group"),
    path("groepen/<slug:slug>/beheer/netwerk/meedoen/", views.optin, name="optin"),
    path("groepen/<slug:slug>/meldingen/<int:pk>/doorgeven/", views.pass_on_alert, name="pass_on_alert"),
    path("netwerk/doorgegeven/<int:pk>/", views.pass_on, name="pass_on"),
    path("netwerk/doorgegeven/<int:pk>/doorsturen/", views.forward, name="forward"),
    path("gemeente/<str:code>/netwerk/", views.gemeente, name="gemeente"),
]
