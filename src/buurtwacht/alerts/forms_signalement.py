"""The signalement parts of the composer: a person and a vehicle (prefixes "person" and "vehicle").

Every field is optional. Free text is checked against the house rules on language (alerts.moderation); the
licence plate is normalised to the Dutch side codes unless the member says it is foreign or incomplete. The
rule against profiling needs the description too, so the composer calls `signalement.check_profiling`.
`signalement()` gives the JSON stored on Alert.person / Alert.vehicle: only what was filled in.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from buurtwacht.alerts import moderation
from buurtwacht.alerts.plates import normalise_plate, normalise_unverified_plate
from buurtwacht.alerts.signalement import (
    PERSON_FIELDS,
    UNKNOWN,
    VEHICLE_FIELDS,
    AgeRange,
    Build,
    Height,
    Sex,
    VehicleType,
)
from buurtwacht.core.forms import PublicForm

_LABELS = {f"person.{f.key}": f.label for f in PERSON_FIELDS} | {f"vehicle.{f.key}": f.label for f in VEHICLE_FIELDS}


def _choice(key: str, choices, help_text=None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_LABELS[key], choices=choices.choices, required=False, widget=forms.RadioSelect, help_text=help_text
    )


def _text(key: str, max_length: int, help_text=None, placeholder=None) -> forms.CharField:
    attrs = {"autocomplete": "off"}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.CharField(
        label=_LABELS[key],
        max_length=max_length,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs=attrs),
    )


class SignalementForm(PublicForm):
    """Shared: moderation of the free-text fields and the JSON of what was filled in."""

    text_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in self.text_fields:
            try:
                moderation.check_text(data.get(name) or "")
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def signalement(self) -> dict:
        """The cleaned values that say something (not empty, not "onbekend"), in field order."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in self.fields and value not in ("", None, False, UNKNOWN)
        }


class PersonForm(SignalementForm):
    text_fields = ("clothing", "hair", "marks", "skin", "behaviour", "direction")

    sex = _choice("person.sex", Sex)
    age = _choice("person.age", AgeRange)
    height = _choice("person.height", Height)
    build = _choice("person.build", Build)
    clothing = _text(
        "person.clothing",
        200,
        help_text=_("Kleur en soort: jas, trui, broek, schoenen, pet of capuchon, tas."),
        placeholder=_("bijv. zwarte jas met capuchon, grijze joggingbroek"),
    )
    hair = _text("person.hair", 100, help_text=_("Kleur, lengte, kapsel; baard of snor."))
    marks = _text(
        "person.marks",
        200,
        help_text=_("Wat valt op: een tatoeage, litteken, bril, manier van lopen, een accent."),
    )
    skin = _text(
        "person.skin",
        40,
        help_text=_(
            "Alleen samen met kleding of gedrag: een signalement dat alleen huidskleur of afkomst noemt, "
            "plaatsen we niet (huisregel 8)."
        ),
    )
    behaviour = _text(
        "person.behaviour",
        300,
        help_text=_("Wat zag u de persoon doen? Bijvoorbeeld: voelde aan deurklinken, keek in auto’s."),
    )
    direction = _text(
        "person.direction",
        100,
        help_text=_("Welke kant ging de persoon op, en hoe (lopend, fiets, auto)?"),
        placeholder=_("bijv. rende richting het station"),
    )


class VehicleForm(SignalementForm):
    text_fields = ("make", "colour", "direction")

    type = _choice("vehicle.type", VehicleType)
    make = _text("vehicle.make", 60, placeholder=_("bijv. Volkswagen Golf"))
    colour = _text("vehicle.colour", 40)
    plate = forms.CharField(
        label=_LABELS["vehicle.plate"],
        max_length=20,
        required=False,
        help_text=_("Bijvoorbeeld 12-BXR-3; streepjes en hoofdletters zijn niet nodig."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "size": 10}
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
        100,
        help_text=_("Welke kant reed het voertuig op?"),
        placeholder=_("bijv. de Dorpsstraat uit richting de N11"),
    )

    def clean(self):
        data = super().clean()
        plate = data.get("plate") or ""
        if not plate:
            data["plate_unverified"] = False  # nothing to qualify
            return data
        try:
            if data.get("plate_unverified"):
                data["plate"] = normalise_unverified_plate(plate)
            else:
                data["plate"] = normalise_plate(plate)
        except ValidationError as error:
            self.add_error("plate", error)
        return data
