"""Forms of the sign pages. They parse only; every rule is the service's.

Spots come as numbered rows (`spot-0-lat`, `spot-0-lon`, `spot-0-postcode`, `spot-0-number`, `spot-0-note`, ...):
the map fills lat and lon; without JavaScript a person types a postcode and house number (or the coordinates).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from buurtwacht.geo.selectors import address_lookup
from buurtwacht.kit.forms import PublicForm
from buurtwacht.municipality.signs.models import SignRules
from buurtwacht.municipality.signs.services import MAX_SPOTS, SpotInput

EMPTY_ROWS = 3  # rows offered beyond the filled ones, for people without JavaScript


@dataclass
class SpotRow:
    index: int
    lat: str = ""
    lon: str = ""
    postcode: str = ""
    number: str = ""
    note: str = ""
    error: str = ""

    @property
    def filled(self) -> bool:
        return bool(self.lat or self.lon or self.postcode or self.number)


def _number(raw: str) -> float:
    return float(raw.replace(",", ".").strip())


def spot_rows(data, *, empty: int = EMPTY_ROWS) -> list[SpotRow]:
    """The rows as posted (filled ones first, in order), plus a few empty ones to type in."""
    rows = []
    for index in range(MAX_SPOTS + 5):
        row = SpotRow(index=len(rows), **{
            name: str(data.get(f"spot-{index}-{name}", "")).strip()[:200]
            for name in ("lat", "lon", "postcode", "number", "note")
        })
        if row.filled:
            rows.append(row)
    return rows + [SpotRow(index=len(rows) + i) for i in range(empty)]


def rows_of_spots(spots, *, empty: int = EMPTY_ROWS) -> list[SpotRow]:
    rows = [SpotRow(index=i, lat=f"{s.lat:.6f}", lon=f"{s.lon:.6f}", note=s.note) for i, s in enumerate(spots)]
    return rows + [SpotRow(index=len(rows) + i) for i in range(empty)]


class SpotRowsInvalid(ValidationError):
    """Some rows could not be read; each row holds its own message (shown once, at the row)."""


def points_of(rows: list[SpotRow]) -> list[SpotInput]:
    """The spots of the rows whose coordinates read as numbers (for the checks shown; the service checks again)."""
    points = []
    for row in rows:
        try:
            points.append(SpotInput(lat=_number(row.lat), lon=_number(row.lon)))
        except ValueError:
            continue
    return points


def spots_parsed(rows: list[SpotRow]) -> list[SpotInput]:
    """The spots of the filled rows; a row's mistake is put on that row (and raised as one SpotRowsInvalid)."""
    spots, problems = [], []
    for row in rows:
        if not row.filled:
            continue
        try:
            if row.lat or row.lon:
                spots.append(SpotInput(lat=_number(row.lat), lon=_number(row.lon), note=row.note))
            else:
                address, *_rest = address_lookup(postcode=row.postcode, number=row.number)
                spots.append(SpotInput(lat=address.lat, lon=address.lon, note=row.note))
        except ValueError:
            row.error = _("Vul de coördinaten in als getallen, bijvoorbeeld 52.0051 en 5.0049.")
        except ValidationError as exc:
            row.error = " ".join(exc.messages)
        if row.error:
            problems.append(_("Plek %(n)s: %(why)s") % {"n": row.index + 1, "why": row.error})
    if problems:
        raise SpotRowsInvalid(problems)
    return spots


class RequestForm(PublicForm):
    reason = forms.CharField(
        label=_lazy("Waarom wil de groep borden?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("Kort, bijvoorbeeld: inbrekers komen de wijk in via de Molenweg en het fietspad."),
    )


class RefuseForm(PublicForm):
    note = forms.CharField(
        label=_lazy("Reden van afwijzing"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_lazy("De beheerders van de groep krijgen de reden per e-mail."),
    )


class ApproveForm(PublicForm):
    note = forms.CharField(
        label=_lazy("Toelichting voor de beheerders (niet verplicht)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CommaFloatField(forms.FloatField):
    """A coordinate typed with a decimal comma ("52,0051") or point, as the spot rows take it."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class PointForm(PublicForm):
    """A date and (optional) a spot: a sign placed or moved."""

    on = forms.DateField(label=_lazy("Datum"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    lat = CommaFloatField(label=_lazy("Breedtegraad"), required=False, help_text=_lazy("Bijvoorbeeld 52.0051"),
                          widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    lon = CommaFloatField(label=_lazy("Lengtegraad"), required=False, help_text=_lazy("Bijvoorbeeld 5.0049"),
                          widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    note = forms.CharField(label=_lazy("Opmerking (niet verplicht)"), max_length=1000, required=False)


class RemoveForm(PublicForm):
    on = forms.DateField(label=_lazy("Datum"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    reason = forms.CharField(label=_lazy("Reden"), max_length=1000, help_text=_lazy(
        "Bijvoorbeeld: de groep is gestopt, of het bord stond in de weg."))


class CommaDecimalField(forms.DecimalField):
    """An amount in euros as people in the Netherlands type it: "12,50" as well as "12.50" (no thousands marks)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("€", "").strip()
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


class RulesForm(forms.ModelForm):
    class Meta:
        model = SignRules
        fields = [
            "min_connected_addresses", "max_per_group", "max_per_wijk", "active_groups_only", "contribution_eur",
            "contribution_text", "allowed_spots",
        ]
        field_classes = {"contribution_eur": CommaDecimalField}
        widgets = {"contribution_eur": forms.TextInput(attrs={"inputmode": "decimal"})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
