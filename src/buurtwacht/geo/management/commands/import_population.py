"""`buurtwacht import-population FILE.csv`: CBS key figures (inhabitants, households) per buurt, wijk or gemeente."""

from buurtwacht.geo.importers.population import import_population
from buurtwacht.geo.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Importeer CBS-kerncijfers (inwoners, huishoudens) per buurt, wijk of gemeente."
    file_help = "CSV met buurtcode, wijkcode of gemeentecode en aantal_inwoners en/of huishoudens_totaal"
    importer = staticmethod(import_population)
