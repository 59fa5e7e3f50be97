from django.contrib import admin

from buurtwacht.networks.models import NetworkOptIn, NetworkSettings


@admin.register(NetworkSettings)
class NetworkSettingsAdmin(admin.ModelAdmin):
    list_display = ("gemeente", "neighbour_metres")
    autocomplete_fields = ("gemeente",)


@admin.register(NetworkOptIn)
class NetworkOptInAdmin(admin.ModelAdmin):
    list_display = ("group", "created_at")
    readonly_fields = ("group", "by", "created_at")
