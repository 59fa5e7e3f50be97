from django.contrib import admin

from buurtwacht.municipality.signs.models import Sign, SignEvent, SignRequest, SignRules


@admin.register(SignRules)
class SignRulesAdmin(admin.ModelAdmin):
    list_display = ("gemeente", "min_connected_addresses", "max_per_group", "max_per_wijk", "contribution_eur")
    raw_id_fields = ("gemeente", "updated_by")


class SignEventInline(admin.TabularInline):
    model = SignEvent
    extra = 0
    raw_id_fields = ("actor", "sign")


@admin.register(SignRequest)
class SignRequestAdmin(admin.ModelAdmin):
    list_display = ("group", "gemeente", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("group", "gemeente", "requested_by", "decided_by")
    inlines = [SignEventInline]


@admin.register(Sign)
class SignAdmin(admin.ModelAdmin):
    list_display = ("pk", "group", "gemeente", "status", "placed_on")
    list_filter = ("status",)
    raw_id_fields = ("request", "group", "gemeente", "wijk")
