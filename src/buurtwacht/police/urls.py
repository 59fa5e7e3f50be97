"""URL patterns of what police messages look like to the people they reach (namespace "police")."""

from django.urls import path

from buurtwacht.police import views_received

app_name = "police"
urlpatterns = [
    path("politiebericht/<int:pk>/", views_received.received, name="received"),
    path("politiebericht/<int:pk>/groep/<slug:slug>/", views_received.post, name="post"),
]
