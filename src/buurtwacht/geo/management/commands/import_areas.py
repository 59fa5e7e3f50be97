"""`buurtwacht import-areas FILE.geojson`: CBS buurten, wijken or gemeenten."""

from buurtwacht.geo.importers.areas import import_areas
from buurtwacht.geo.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Importeer CBS-buurten, -wijken of -gemeenten uit een GeoJSON-bestand (WGS84)."
    file_help = "GeoJSON FeatureCollection met buurtcode, wijkcode of gemeentecode per gebied"
    importer = staticmethod(import_areas)
