"""Delivery in the back office (/beheer/): how messages reached members, and their push subscriptions.

Read-only, and without what members were told: the content of a group stays inside the group. Endpoints and keys
of subscriptions are not shown either (they are the browser's address for messages).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from buurtwacht.delivery.models import Delivery, PushSubscription


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "event_id", "user", "channel", "status", "attempts", "created_at", "sent_at", "seen_at"]
    list_filter = ["channel", "status"]
    list_select_related = ["user"]
    fields = [
        "event_id",
        "user",
        "channel",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "seen_at",
        "error",
        "created_at",
    ]
    readonly_fields = fields
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(PushSubscription)
class PushSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "user", "service", "user_agent", "created_at", "last_success_at"]
    list_select_related = ["user"]
    fields = ["user", "service", "user_agent", "created_at", "last_success_at"]
    readonly_fields = fields
    search_fields = ["user__email"]

    @admin.display(description=_("pushdienst"))
    def service(self, obj):
        from urllib.parse import urlsplit

        return urlsplit(obj.endpoint).hostname
