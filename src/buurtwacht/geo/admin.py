"""Read-mostly views of the imported geography for the back office."""

from django.contrib import admin

from buurtwacht.geo.models import Address, Buurt, Gemeente, Wijk


class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "inhabitants", "households"]
    search_fields = ["code", "name"]
    readonly_fields = ["geometry", "min_lon", "min_lat", "max_lon", "max_lat"]


@admin.register(Gemeente)
class GemeenteAdmin(AreaAdmin):
    pass


@admin.register(Wijk)
class WijkAdmin(AreaAdmin):
    list_display = [*AreaAdmin.list_display, "gemeente"]
    list_filter = ["gemeente"]


@admin.register(Buurt)
class BuurtAdmin(AreaAdmin):
    list_display = [*AreaAdmin.list_display, "wijk", "gemeente"]
    list_filter = ["gemeente"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["street", "house_number", "postcode", "place"]
    search_fields = ["postcode", "street", "place"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
