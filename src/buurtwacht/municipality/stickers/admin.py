"""Stickers in the platform administrators' back office: read the settings and the requests (staff use their own
pages; a change of stock or status goes through the services there, with the mails)."""

from django.contrib import admin

from buurtwacht.municipality.stickers.models import StickerRequest, StickerSettings


@admin.register(StickerSettings)
class StickerSettingsAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "stock", "low_threshold", "per_address", "allow_post", "allow_pickup"]
    search_fields = ["gemeente__name", "gemeente__code"]
    autocomplete_fields = ["gemeente"]


@admin.register(StickerRequest)
class StickerRequestAdmin(admin.ModelAdmin):
    list_display = ["group", "gemeente", "number", "delivery", "status", "created_at", "decided_at"]
    list_filter = ["status", "delivery", "gemeente"]
    search_fields = ["group__name"]
    raw_id_fields = ["group", "gemeente", "requested_by", "decided_by"]
    readonly_fields = ["created_at", "decided_at"]
