"""URL patterns, included by groups/urls.py under /groepen/ (namespace "groups"): joining a group and running it."""

from django.urls import path

from buurtwacht.groups import views_whatsapp
from buurtwacht.groups.membership import views as views_membership
from buurtwacht.groups.membership import views_manage

urlpatterns = [
    path("<slug:slug>/lid-worden/", views_membership.join, name="join"),
    path("<slug:slug>/lid-worden/intrekken/", views_membership.join_withdraw, name="join_withdraw"),
    path("<slug:slug>/huisregels/", views_membership.rules, name="rules"),
    path("<slug:slug>/deelnemers/", views_membership.members, name="members"),
    path("<slug:slug>/opzeggen/", views_membership.leave, name="leave"),
    path("<slug:slug>/beheer/", views_manage.manage, name="manage"),
    path("<slug:slug>/beheer/aanvragen/<int:pk>/", views_manage.request_decide, name="request_decide"),
    path("<slug:slug>/beheer/deelnemers/<int:pk>/verwijderen/", views_manage.member_remove, name="member_remove"),
    path("<slug:slug>/beheer/deelnemers.csv", views_manage.members_export, name="members_csv"),
    path("<slug:slug>/beheer/huisregels/", views_manage.rules_edit, name="rules_edit"),
    path("<slug:slug>/beheer/beheerders/", views_manage.admins, name="admins"),
    path("<slug:slug>/beheer/instellingen/", views_manage.group_settings, name="settings"),
    path("<slug:slug>/beheer/whatsapp/", views_whatsapp.whatsapp_manage, name="whatsapp_manage"),
    path("<slug:slug>/whatsapp/", views_whatsapp.whatsapp_open, name="whatsapp_open"),
    # After the group routes: a group called "beheerder-worden" keeps its pages.
    path("beheerder-worden/<str:token>/", views_manage.admin_invite_accept_view, name="admin_invite_accept"),
]
