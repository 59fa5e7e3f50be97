"""The signalement parts of the composer: a person and a vehicle (prefixes "person" and "vehicle").

These forms show the fields and parse what was sent into a dict (`parsed()`), every key the browser sent with the
form's prefix, known or not; they check nothing. alerts.rules.signalement_clean checks it for every channel
(known keys, choices, language, the plate, length), and alerts.forms.composer_errors puts its refusals beside
these fields.
"""

from __future__ import annotations

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from buurtwacht.alerts.rules import PLATE_UNVERIFIED
from buurtwacht.alerts.signalement import (
    PERSON_FIELDS,
    VEHICLE_FIELDS,
    AgeRange,
    Build,
    Height,
    Sex,
    VehicleType,
)
from buurtwacht.kit.forms import PublicForm

_SPECS = {f"person.{f.key}": f for f in PERSON_FIELDS} | {f"vehicle.{f.key}": f for f in VEHICLE_FIELDS}
_CHECKED = ("on", "true", "1", "yes")


def _choice(key: str, choices, help_text=None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_SPECS[key].label,
        choices=choices.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


def _text(key: str, help_text=None, placeholder=None) -> forms.CharField:
    attrs = {"autocomplete": "off", "maxlength": str(_SPECS[key].max_length)}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.CharField(
        label=_SPECS[key].label, required=False, help_text=help_text, widget=forms.TextInput(attrs=attrs)
    )


class SignalementForm(PublicForm):
    """Shows one part of the signalement; what was sent stays in the fields, the service's refusals beside them."""

    def full_clean(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def parsed(self) -> dict:
        """Everything sent under this form's prefix, as text (the plate's checkbox as yes or no)."""
        if not self.is_bound:
            return {}
        start = f"{self.prefix}-"
        parsed = {}
        for key in self.data:
            if not key.startswith(start):
                continue
            name, value = key[len(start) :], self.data.get(key)
            parsed[name] = str(value).strip().lower() in _CHECKED if name == PLATE_UNVERIFIED else value
        return parsed


class PersonForm(SignalementForm):
    sex = _choice("person.sex", Sex)
    age = _choice("person.age", AgeRange)
    height = _choice("person.height", Height)
    build = _choice("person.build", Build)
    clothing = _text(
        "person.clothing",
        help_text=_("Kleur en soort: jas, trui, broek, schoenen, pet of capuchon, tas."),
        placeholder=_("bijv. zwarte jas met capuchon, grijze joggingbroek"),
    )
    hair = _text("person.hair", help_text=_("Kleur, lengte, kapsel; baard of snor."))
    marks = _text(
        "person.marks",
        help_text=_("Wat valt op: een tatoeage, litteken, bril, manier van lopen, een accent."),
    )
    skin = _text(
        "person.skin",
        help_text=_(
            "Alleen samen met kleding of gedrag: een signalement dat alleen huidskleur of afkomst noemt, "
            "plaatsen we niet (huisregel 8)."
        ),
    )
    behaviour = _text(
        "person.behaviour",
        help_text=_("Wat zag u de persoon doen? Bijvoorbeeld: voelde aan deurklinken, keek in auto’s."),
    )
    direction = _text(
        "person.direction",
        help_text=_("Welke kant ging de persoon op, en hoe (lopend, fiets, auto)?"),
        placeholder=_("bijv. rende richting het station"),
    )


class VehicleForm(SignalementForm):
    type = _choice("vehicle.type", VehicleType)
    make = _text("vehicle.make", placeholder=_("bijv. Volkswagen Golf"))
    colour = _text("vehicle.colour")
    plate = forms.CharField(
        label=_SPECS["vehicle.plate"].label,
        required=False,
        help_text=_("Bijvoorbeeld 12-BXR-3; streepjes en hoofdletters zijn niet nodig."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "size": 10,
                "maxlength": "20",
            }
        ),
    )
    plate_unverified = forms.BooleanField(
        label=_("Buitenlands of onvolledig kenteken"),
        required=False,
        help_text=_(
            "Vink aan als het kenteken niet Nederlands is of als u het niet helemaal hebt kunnen lezen; "
            "we zetten het dan in de melding zoals u het schrijft."
        ),
    )
    direction = _text(
        "vehicle.direction",
        help_text=_("Welke kant reed het voertuig op?"),
        placeholder=_("bijv. de Dorpsstraat uit richting de N11"),
    )
