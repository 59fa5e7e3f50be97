"""The police app in the back office (/beheer/): the control-room keys, and police messages as an audit log.

Keys are made with `buurtwacht police-token` (which prints the key once), never here; here they are named, bound
to gemeenten and revoked. Their hash is never shown. Police messages are read-only and without their content (the
description, signalement, photo): who sent what kind, when, where and how many it reached.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from buurtwacht.police.models import PoliceMessage, PoliceToken
from buurtwacht.police.tokens import token_revoke


@admin.register(PoliceToken)
class PoliceTokenAdmin(admin.ModelAdmin):
    list_display = ["label", "prefix", "gemeenten_list", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["label", "prefix", "gemeenten__name", "gemeenten__code"]
    fields = ["label", "gemeenten", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    filter_horizontal = ["gemeenten"]
    actions = ["revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("gemeenten")

    def has_add_permission(self, request):
        return False  # `buurtwacht police-token` makes keys: it can show the key once, the admin cannot

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the messages sent with a key keep pointing at it

    @admin.display(description=_("gemeenten"))
    def gemeenten_list(self, obj: PoliceToken) -> str:
        return ", ".join(g.display_name for g in obj.gemeenten.all())

    @admin.action(description=_("Intrekken"))
    def revoke(self, request, queryset):
        revoked = sum(token_revoke(token=token) for token in queryset)
        self.message_user(
            request,
            ngettext("%(count)d sleutel ingetrokken.", "%(count)d sleutels ingetrokken.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(PoliceMessage)
class PoliceMessageAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "kind",
        "incident",
        "gemeente",
        "sender_name",
        "created_at",
        "status",
        "groups",
        "admins",
        "residents",
    ]
    list_filter = ["kind", "incident", "status", "gemeente"]
    list_select_related = ["gemeente"]
    fields = [
        "kind",
        "incident",
        "gemeente",
        "sender_name",
        "token",
        "created_at",
        "radius_m",
        "status",
        "outcome",
        "closed_at",
        "closed_by_name",
        "groups",
        "admins",
        "residents",
        "anonymised_at",
    ]
    readonly_fields = fields
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("groepen"))
    def groups(self, obj: PoliceMessage) -> int:
        return obj.reach.get("groups", 0)

    @admin.display(description=_("beheerders"))
    def admins(self, obj: PoliceMessage) -> int:
        return obj.reach.get("admins", 0)

    @admin.display(description=_("bewoners"))
    def residents(self, obj: PoliceMessage) -> int:
        return obj.reach.get("residents", 0)
