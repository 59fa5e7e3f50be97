"""URL patterns, included by groups/urls.py under /groepen/ (namespace "groups")."""

urlpatterns: list = []
