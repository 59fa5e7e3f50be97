"""Forms of the police console. They only parse: the composer into a police.rules.MessageInput (the signalement
comes from alerts' PersonForm and VehicleForm beside it), the update and the close into text. Every rule is in
police.rules and police.services; `composer_errors` puts their refusals beside these fields."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from buurtwacht.alerts.forms import PlaceMixin
from buurtwacht.alerts.forms import composer_errors as alert_composer_errors
from buurtwacht.alerts.rules import DESCRIPTION_MAX_LENGTH, OUTCOME_TEXT_MAX_LENGTH
from buurtwacht.kit.forms import PublicForm, add_service_error
from buurtwacht.police.area import RADIUS_DEFAULT_M
from buurtwacht.police.models import Incident, MessageKind, PoliceOutcome
from buurtwacht.police.rules import UPDATE_MAX_LENGTH, MessageInput, outcomes_for

AREA_CIRCLE, AREA_BUURTEN = "cirkel", "buurten"


def _text(label, max_length: int, **kwargs) -> forms.CharField:
    """A text the service checks; the browser's maxlength is a courtesy."""
    widget = kwargs.pop("widget", None) or forms.TextInput()
    widget.attrs.setdefault("maxlength", str(max_length))
    return forms.CharField(label=label, required=False, strip=False, widget=widget, **kwargs)


def _choice(label, choices, **kwargs) -> forms.CharField:
    """A choice the service checks (its message, not a form's): any text passes here."""
    return forms.CharField(label=label, required=False, widget=forms.RadioSelect(choices=choices), **kwargs)


def _radius(raw: str):
    """The radius as typed: a whole number of metres, None when empty, else the text (the service refuses it)."""
    raw = (raw or "").strip().replace(".", "")
    if not raw:
        return None
    return int(raw) if raw.isdigit() else raw


class ComposeForm(PlaceMixin, PublicForm):
    """Wat, waar, het gebied, de beschrijving, een foto. `buurten` offers the buurten of the sender's gemeenten
    (police.preview.buurten_per_wijk); the signalement is in PersonForm and VehicleForm (prefixes person, vehicle)."""

    field_order = ["kind", "incident"]  # before the place, as on the page
    kind = _choice(_("Soort bericht"), MessageKind.choices, initial=MessageKind.DISPATCH)
    incident = _choice(_("Wat is er aan de hand?"), Incident.choices)
    area = forms.ChoiceField(
        label=_("Gebied"),
        choices=[(AREA_CIRCLE, _("Een cirkel om de plek")), (AREA_BUURTEN, _("Gekozen buurten"))],
        initial=AREA_CIRCLE,
        required=False,
        widget=forms.RadioSelect,
    )
    radius_m = forms.CharField(
        label=_("Straal in meters"),
        required=False,
        initial=str(RADIUS_DEFAULT_M),
        help_text=_("Van 100 tot 5.000 meter; standaard 1.000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6, "maxlength": "6", "autocomplete": "off"}),
    )
    buurten = forms.MultipleChoiceField(
        label=_("Buurten"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies buurten uit de lijst: %(value)s ligt niet in uw gemeenten.")},
    )
    description = _text(
        _("Beschrijving"),
        DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zakelijk: wat is er gebeurd, waar moeten mensen op letten, welke kant ging de persoon op?"),
    )
    photo = forms.FileField(
        label=_("Foto (niet verplicht)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    family_consent = forms.BooleanField(
        label=_("De familie geeft toestemming voor de foto"),
        required=False,
        help_text=_("Bij een vermissing plaatsen we een foto alleen met toestemming van de familie."),
    )

    def __init__(self, *args, buurten_per_wijk=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.buurten_per_wijk = list(buurten_per_wijk)
        self.fields["buurten"].choices = [
            (b.code, b.display_name) for _wijk, rows in self.buurten_per_wijk for b in rows
        ]

    def clean(self):
        data = super().clean()
        if data.get("area") == AREA_BUURTEN and not data.get("buurten") and "buurten" not in self.errors:
            self.add_error("buurten", _("Kies een of meer buurten, of kies een cirkel om de plek."))
        return data

    @property
    def chosen_codes(self) -> set[str]:
        value = self["buurten"].value() or []
        return set(value if isinstance(value, list | tuple) else [value])

    def message_input(self, *, person: dict, vehicle: dict) -> MessageInput:
        data = self.cleaned_data
        by_buurten = data["area"] == AREA_BUURTEN
        return MessageInput(
            kind=data["kind"],
            incident=data["incident"],
            place=self.place(),
            radius_m=None if by_buurten else _radius(data["radius_m"]),
            buurten=tuple(data["buurten"]) if by_buurten else (),
            description=data["description"],
            person=person,
            vehicle=vehicle,
            family_consent=data["family_consent"],
        )


def composer_errors(error: ValidationError | PermissionDenied, form: ComposeForm, person, vehicle) -> None:
    """A refusal of message_send beside the composer's fields, as on the members' composer: the place beside
    "Waar?", "person.<key>" on the person form, and so on. PermissionDenied (a point outside the sender's
    gemeenten) belongs to the place too."""
    if isinstance(error, PermissionDenied):
        add_service_error(
            form, ValidationError({"place": str(error) or _("Dit mag u niet versturen.")}), {"place": "lat"}
        )
        return
    alert_composer_errors(error, form, person, vehicle)


def form_refusals(form: forms.Form) -> dict[str, list[str]]:
    """The form's errors keyed as the service keys them (for the reach preview's JSON)."""
    names = {"lat": "place", "lon": "place", "huisnummer": "house_number", "__all__": "place"}
    out: dict[str, list[str]] = {}
    for name, errors in form.errors.items():
        out.setdefault(names.get(name, name), []).extend(errors)
    return out


class UpdateForm(PublicForm):
    text = _text(
        _("Aanvulling"),
        UPDATE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Bijvoorbeeld de vluchtrichting of een beter signalement. Iedereen die het bericht kreeg, leest het."
        ),
    )


class CloseForm(PublicForm):
    outcome = _choice(_("Hoe is het afgelopen?"), PoliceOutcome.choices)

    def __init__(self, *args, incident: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if incident:  # only the outcomes that fit (the service refuses the others too)
            fitting = outcomes_for(incident)
            self.fields["outcome"].widget.choices = [(v, label) for v, label in PoliceOutcome.choices if v in fitting]

    text = _text(
        _("Toelichting"),
        OUTCOME_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Nodig bij “Anders”. Iedereen die het bericht kreeg, leest hoe het afliep."),
    )
