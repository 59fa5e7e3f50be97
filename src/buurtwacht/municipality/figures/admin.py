"""Imported crime figures in the platform administrators' back office (read-only: they come from the import)."""

from django.contrib import admin

from buurtwacht.municipality.figures.models import CrimeFigure


@admin.register(CrimeFigure)
class CrimeFigureAdmin(admin.ModelAdmin):
    list_display = ["area_code", "crime_kind", "period_kind", "period_start", "count", "source"]
    list_filter = ["crime_kind", "period_kind", "level", "source"]
    search_fields = ["area_code"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
