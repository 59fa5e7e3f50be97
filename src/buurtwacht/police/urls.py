"""URL patterns of what police messages look like to the people they reach (namespace "police", at the site's
root): the admins and residents who received one, the members of a group an admin passed it into, and residents
switching area alerts on or off. The police console is urls_console.py."""

from django.urls import path

from buurtwacht.police import views_forward, views_optin, views_received, views_whatsapp

app_name = "police"
urlpatterns = [
    path("politieberichten/", views_received.received_list, name="received_list"),
    path("politiebericht/<int:pk>/", views_received.received, name="received"),
    path("politiebericht/<int:pk>/foto/", views_received.photo, name="photo"),
    path("politiebericht/<int:pk>/informatie/", views_received.tip, name="tip"),
    path("politiebericht/<int:pk>/doorsturen/", views_forward.forward, name="forward"),
    path("politiebericht/<int:pk>/whatsapp/<int:group_pk>/", views_forward.whatsapp, name="whatsapp"),
    path("politiebericht/<int:pk>/groep/<slug:slug>/", views_forward.post, name="post"),
    path("politiebericht/<int:pk>/groep/<slug:slug>/markeren/", views_forward.mark, name="mark"),
    path("account/buurtalerts/", views_optin.optins, name="optins"),
    path("account/buurtalerts/<int:pk>/uit/", views_optin.optin_off, name="optin_off"),
    path("account/politieberichten-whatsapp/", views_whatsapp.settings_page, name="whatsapp_settings"),
    path("account/politieberichten-whatsapp/uit/", views_whatsapp.off, name="whatsapp_off"),
]
