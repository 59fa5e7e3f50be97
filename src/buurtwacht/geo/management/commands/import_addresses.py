"""`buurtwacht import-addresses FILE.csv[.zst]`: BAG addresses."""

from buurtwacht.geo.importers.addresses import import_addresses
from buurtwacht.geo.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Importeer BAG-adressen uit een ;-gescheiden CSV-bestand, eventueel met zstd gecomprimeerd."
    file_help = "CSV (.csv of .csv.zst) met de kolommen straat;huisnummer;...;lat;lon"
    importer = staticmethod(import_addresses)
