from django.urls import path

from buurtwacht.groups import views

app_name = "groups"
urlpatterns = [
    path("<slug:slug>/", views.group_detail, name="detail"),
]
