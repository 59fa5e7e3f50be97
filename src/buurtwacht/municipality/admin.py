"""The gemeente's contacts in the platform administrators' back office."""

from django.contrib import admin

from buurtwacht.municipality.models import GemeenteSettings, WijkContact


@admin.register(GemeenteSettings)
class GemeenteSettingsAdmin(admin.ModelAdmin):
    list_display = ["gemeente", "veiligheid_email"]
    search_fields = ["gemeente__name", "gemeente__code", "veiligheid_email"]
    autocomplete_fields = ["gemeente"]


@admin.register(WijkContact)
class WijkContactAdmin(admin.ModelAdmin):
    list_display = ["wijk", "wijkagent", "wijkagent_email", "wijkwethouder_name", "wijkwethouder_email"]
    list_filter = ["wijk__gemeente"]
    search_fields = ["wijk__name", "wijk__code", "wijkwethouder_name", "wijkagent_email", "wijkwethouder_email"]
    autocomplete_fields = ["wijk"]
    raw_id_fields = ["wijkagent"]
