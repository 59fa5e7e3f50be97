"""A small hand-made world for the effect figures: the test town's four buurten of 1,000 inhabitants each, one group
in buurt (0, 0) founded in June 2021, and registered home burglaries per year chosen so that the difference in
differences can be worked out by hand (see test_figures.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from buurtwacht.alerts.models import Alert, AlertKind, PoliceCall
from buurtwacht.groups.models import Membership
from buurtwacht.municipality.figures.importer import import_crime
from tests.factories import GroupFactory, UserFactory, cell, make_member

HEADER = "ID;SoortMisdrijf;WijkenEnBuurten;Perioden;GeregistreerdeMisdrijven_1\n"
TODAY = dt.date(2026, 3, 1)

# Home burglaries (1.1.1) per year. A has the group from 2021; B and C have none; D has no figures at all.
BURGLARIES = {
    "BU99010000": {2018: 10, 2019: 12, 2020: 8, 2021: 7, 2022: 6, 2023: 4, 2024: 5},  # A
    "BU99010001": {2018: 9, 2019: 10, 2020: 11, 2021: 10, 2022: 9, 2023: 8, 2024: 10},  # B
    "BU99010100": {2018: 11, 2019: 10, 2020: 9, 2021: 10, 2022: 9, 2023: 10, 2024: 8},  # C
}
GEMEENTE_2024 = {"0.0.0": 200, "1.1.1": 31}


def crime_csv() -> str:
    lines = [HEADER]
    for code, years in BURGLARIES.items():
        lines += [f'"{len(lines)}";"1.1.1 ";"{code}  ";"{year}JJ00";"{n}"\n' for year, n in years.items()]
    lines += [f'"{len(lines)}";"{kind} ";"GM9901    ";"2024JJ00";"{n}"\n' for kind, n in GEMEENTE_2024.items()]
    return "".join(lines)


def at(year: int, month: int = 6) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, 15, 12, 0))


@dataclass
class Figured:
    town: object
    group: object


def alert(group, year: int, kind=AlertKind.BURGLARY) -> None:
    created = Alert.objects.create(
        group=group, kind=kind, lat=52.0, lon=5.0, happened_at=at(year), police_call=PoliceCall.CALLED_112
    )
    Alert.objects.filter(pk=created.pk).update(created_at=at(year))


@pytest.fixture
def figured(town, tmp_path) -> Figured:
    group = GroupFactory(name="Buurtpreventie Hoek", gemeente=town.gemeente, founded_on=dt.date(2021, 6, 1))
    GroupFactory(name="Buurtpreventie Wacht", gemeente=town.gemeente, geometry=cell(1, 1), pending=True)
    for year, count in ((2021, 2), (2023, 5)):
        for _n in range(count):
            user = make_member(group, UserFactory())
            Membership.objects.filter(group=group, user=user).update(joined_at=at(year))
    for _n in range(6):
        alert(group, 2022)
    alert(group, 2023)
    alert(group, 2023, AlertKind.SUSPICIOUS)
    path = tmp_path / "misdrijven.csv"
    path.write_text(crime_csv(), encoding="utf-8")
    import_crime(path)
    return Figured(town=town, group=group)
