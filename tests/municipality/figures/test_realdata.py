"""Real data: the registered crimes of the buurten of five gemeenten (CBS key figures 2024, whose
geregistreerde_misdrijven_YYYY columns are the yearly sums of the police's table 47022NED) written as a CBS year
table (47018NED layout, padded codes, kinds with a trailing space), imported, and read back as figures per 1,000
inhabitants, checked against the plain division done here on the file itself.

The data live beside the repository in ../shared/data (or BUURTWACHT_SHARED_DATA); without them these tests skip.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pytest

from buurtwacht.geo.models import Buurt, Gemeente, Wijk
from buurtwacht.municipality.figures.importer import import_crime
from buurtwacht.municipality.figures.selectors import gemeente_figures

DATA = Path(os.environ.get("BUURTWACHT_SHARED_DATA") or Path(__file__).resolve().parents[4] / "shared" / "data")
FILE = DATA / "population" / "kwb2024_buurten_5gem.csv"
YEARS = (2021, 2022, 2023, 2024)

pytestmark = [
    pytest.mark.realdata,
    pytest.mark.django_db,
    pytest.mark.skipif(not FILE.is_file(), reason=f"real data not found: {FILE} does not exist"),
]


def rows() -> list[dict]:
    with FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_five_gemeenten_crime_comes_in_and_reads_back_per_1000(tmp_path):
    data = rows()
    lines = ["ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1"]
    for row in data:
        for year in YEARS:
            count = row[f"geregistreerde_misdrijven_{year}"]
            lines.append(f'"{len(lines)}";"0.0.0 ";"{row["buurtcode"]:<10}";"{year}JJ00";"{count}"')
    path = tmp_path / "47018NED.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for row in data:
        gemeente, _ = Gemeente.objects.get_or_create(
            code=row["gemeentecode"], defaults={"name": row["gemeentenaam"]}
        )
        wijk, _ = Wijk.objects.get_or_create(
            code=row["wijkcode"], defaults={"gemeente": gemeente, "name": row["wijknaam"]}
        )
        inhabitants = int(row["aantal_inwoners"]) if row["aantal_inwoners"] else None
        Buurt.objects.create(
            code=row["buurtcode"], name=row["buurtnaam"], wijk=wijk, gemeente=gemeente, inhabitants=inhabitants
        )

    report = import_crime(path)
    assert report.of("misdrijfcijfers").created == len(data) * len(YEARS)
    assert import_crime(path).of("misdrijfcijfers").unchanged == len(data) * len(YEARS)

    checked = 0
    for gemeente in Gemeente.objects.all():
        figures = gemeente_figures(gemeente, today=dt.date(2025, 6, 1))
        for row in (r for r in data if r["gemeentecode"] == gemeente.code):
            area = figures.buurt(row["buurtcode"])
            for year in YEARS:
                cell = next(y for y in area.years if y.year == year)
                text = row[f"geregistreerde_misdrijven_{year}"]
                expected = int(text) if text else None
                assert cell.crime_all.count == expected, (row["buurtcode"], year)
                inhabitants = area.inhabitants
                if expected is not None and expected >= 5 and inhabitants:
                    assert cell.rate_all.shown == round(expected * 1000 / inhabitants, 1)
                    checked += 1
                else:
                    assert cell.rate_all.shown is None
    assert checked > 100
