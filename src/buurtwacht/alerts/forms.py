"""Forms of the alert pages. They only parse (text to numbers, times, yes or no); every rule is in alerts.services
and alerts.rules, whose refusals `composer_errors` and core.forms.add_service_error put beside the fields."""

from __future__ import annotations

import datetime as dt
import math

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwacht.alerts.models import AlertKind, Outcome, PoliceCall
from buurtwacht.alerts.rules import (
    DESCRIPTION_MAX_LENGTH,
    LOCATION_TEXT_MAX_LENGTH,
    NOTICE_MAX_LENGTH,
    OUTCOME_TEXT_MAX_LENGTH,
    REACTION_MAX_LENGTH,
    AlertInput,
    Place,
)
from buurtwacht.kit.forms import PublicForm, add_service_error

# An alert id has at most this many digits (a 64-bit key); longer "ids" in the hidden list are noise.
ID_MAX_DIGITS = 18


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


# A time this far ahead of now was yesterday evening (23:50 typed at ten past midnight); nearer ahead it is today, and
# the service says when that has not come yet.
YESTERDAY_FROM = dt.timedelta(hours=12)


def local_moment(time: dt.time, now: dt.datetime) -> dt.datetime:
    """Today at this time, or yesterday when the time lies more than 12 hours ahead."""
    local_now = timezone.localtime(now)
    moment = local_now.replace(hour=time.hour, minute=time.minute, second=0, microsecond=0)
    if moment > local_now + YESTERDAY_FROM:
        return moment - dt.timedelta(days=1)
    return moment


def parse_coordinate(raw: str) -> float | None:
    """A coordinate as typed or sent; None when empty, nan when it is no number (the service refuses both)."""
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        return math.nan


def parse_ids(raw: str) -> set[int]:
    return {
        int(part) for part in (raw or "").split(",") if part.strip().isdigit() and len(part.strip()) <= ID_MAX_DIGITS
    }


def _text(label, max_length: int, **kwargs) -> forms.CharField:
    """A text field whose length the service checks; the browser's maxlength is a courtesy."""
    widget = kwargs.pop("widget", None) or forms.TextInput()
    widget.attrs.setdefault("maxlength", str(max_length))
    return forms.CharField(label=label, required=False, strip=False, widget=widget, **kwargs)


def _choice(label, choices, **kwargs) -> forms.CharField:
    """A choice the service checks (so the member reads its message, not a form's): any text passes here."""
    return forms.CharField(label=label, required=False, widget=forms.RadioSelect(choices=choices), **kwargs)


class PlaceMixin(forms.Form):
    """The place as typed: a point (lat, lon) or an address (postcode, huisnummer), for the service to check."""

    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, widget=forms.HiddenInput)
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "size": 8, "maxlength": "10"}
        ),
    )
    huisnummer = forms.CharField(
        label=_("Huisnummer"), required=False, widget=forms.TextInput(attrs={"size": 6, "maxlength": "12"})
    )

    def place(self) -> Place:
        data = self.cleaned_data
        return Place(
            lon=parse_coordinate(data["lon"]),
            lat=parse_coordinate(data["lat"]),
            postcode=data["postcode"],
            house_number=data["huisnummer"],
        )


class AlertForm(PlaceMixin, PublicForm):
    """Signaleer (what, where, when), Alarmeer (the police call), App (description; photos). The signalement
    comes from PersonForm and VehicleForm beside it."""

    field_order = ["kind"]  # before the place, as on the page
    kind = _choice(_("Wat is er aan de hand?"), AlertKind.choices)
    location_text = _text(
        _("Waar precies?"),
        LOCATION_TEXT_MAX_LENGTH,
        help_text=_("Bijvoorbeeld: achter de school, bij de speeltuin, richting het station."),
    )
    when = forms.TimeField(
        label=_("Hoe laat?"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Laat leeg als het nu gebeurt."),
    )
    police_call = _choice(_("Heeft u de politie gebeld?"), PoliceCall.choices)
    description = _text(
        _("Wat ziet u?"),
        DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Zakelijk: wat gebeurt er, wat doet de persoon? Geen scheldwoorden (huisregel 6)."),
    )
    photo_needed = forms.BooleanField(
        label=_("Een foto is nodig voor het signalement"),
        required=False,
        help_text=_("Alleen als een beschrijving niet volstaat (huisregel 8). Foto's worden na een week gewist."),
    )
    photos = MultiplePhotoField(label=_("Foto's"), required=False)
    seen_nearby = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_seen_nearby(self) -> set[int]:
        return parse_ids(self.cleaned_data["seen_nearby"])

    def alert_input(self, now: dt.datetime, *, person: dict, vehicle: dict) -> AlertInput:
        data = self.cleaned_data
        return AlertInput(
            kind=data["kind"],
            police_call=data["police_call"],
            place=self.place(),
            happened_at=local_moment(data["when"], now) if data.get("when") else None,
            location_text=data["location_text"],
            description=data["description"],
            person=person,
            vehicle=vehicle,
            photo_needed=data["photo_needed"],
        )


# Where a service's field shows on the composer: the place beside "Waar?" (rendered with the hidden point).
COMPOSER_FIELDS = {"happened_at": "when", "house_number": "huisnummer", "place": "lat"}


def composer_errors(error: ValidationError, form: AlertForm, person, vehicle) -> None:
    """Put a refusal of alert_create beside the composer's fields: "person.clothing" on the person form's clothing,
    "vehicle" (the signalement as a whole) above the vehicle form's fields, the rest on the alert form."""
    errors = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
    for key, messages in errors.items():
        part, _dot, name = key.partition(".")
        if part in ("person", "vehicle"):
            target = person if part == "person" else vehicle
            add_service_error(target, ValidationError({name or NON_FIELD_ERRORS: messages}))
        else:
            add_service_error(form, ValidationError({key: messages}), COMPOSER_FIELDS)


class ReactionForm(PublicForm):
    kind = forms.CharField(required=False)
    text = _text(_("Aanvulling"), REACTION_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(PublicForm):
    outcome = _choice(_("Hoe is het afgelopen?"), Outcome.choices)
    text = _text(
        _("Toelichting"),
        OUTCOME_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("De deelnemers krijgen dit te lezen: mensen willen weten hoe het afliep."),
    )


class NoticeForm(PublicForm):
    text = _text(
        _("Mededeling aan de groep"),
        NOTICE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Geen chat: deelnemers kunnen niet antwoorden. Voor bijvoorbeeld een bijeenkomst of een bericht van "
            "de politie."
        ),
    )


class NearbyQueryForm(PlaceMixin, forms.Form):
    """The spot to look around: a point, or a postcode and house number (the composer asks as soon as either is
    known, and when the member leaves step 1)."""

    lat = forms.CharField(required=False)
    lon = forms.CharField(required=False)
    postcode = forms.CharField(required=False)
    huisnummer = forms.CharField(required=False)
