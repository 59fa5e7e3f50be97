"""Forms of the alert pages. They parse input; the rules live in alerts.services (and the signalement forms in
alerts.forms_signalement)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwacht.alerts.models import AlertKind, Outcome, PoliceCall, ReactionKind
from buurtwacht.alerts.photos import process_photo
from buurtwacht.alerts.services import MAX_PHOTOS
from buurtwacht.core.forms import PublicForm
from buurtwacht.geo.selectors import address_find, normalise_postcode, parse_house_number


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


# A time this far ahead of now is a slip (or a slow clock); further ahead, it was yesterday evening (23:50 typed at
# ten past midnight). In between, the member is asked again.
CLOCK_MARGIN = dt.timedelta(minutes=5)
YESTERDAY_FROM = dt.timedelta(hours=12)


def local_moment(time: dt.time, now: dt.datetime) -> dt.datetime | None:
    """Today at this time, or yesterday when the time lies more than 12 hours ahead; None for a time that has
    not come yet."""
    local_now = timezone.localtime(now)
    moment = local_now.replace(hour=time.hour, minute=time.minute, second=0, microsecond=0)
    if moment > local_now + YESTERDAY_FROM:
        return moment - dt.timedelta(days=1)
    if moment > local_now + CLOCK_MARGIN:
        return None
    return moment


class AlertForm(PublicForm):
    """Signaleer (what, where, when), Alarmeer (the police call), App (description; photos). The signalement
    comes from PersonForm and VehicleForm beside it."""

    kind = forms.ChoiceField(label=_("Wat is er aan de hand?"), choices=AlertKind.choices, widget=forms.RadioSelect)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "size": 8}),
    )
    huisnummer = forms.CharField(
        label=_("Huisnummer"), max_length=12, required=False, widget=forms.TextInput(attrs={"size": 6})
    )
    location_text = forms.CharField(
        label=_("Waar precies?"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: achter de school, bij de speeltuin, richting het station."),
    )
    when = forms.TimeField(
        label=_("Hoe laat?"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Laat leeg als het nu gebeurt."),
    )
    police_call = forms.ChoiceField(
        label=_("Heeft u de politie gebeld?"), choices=PoliceCall.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Wat ziet u?"),
        max_length=2000,
        required=False,
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

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"]
        return normalise_postcode(raw) if raw.strip() else ""

    def clean_huisnummer(self):
        raw = self.cleaned_data["huisnummer"]
        return parse_house_number(raw) if raw.strip() else None

    def clean_photos(self):
        files = self.cleaned_data["photos"]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Hooguit %(n)s foto's per melding.") % {"n": MAX_PHOTOS})
        return files

    def clean_seen_nearby(self) -> set[int]:
        return {int(part) for part in self.cleaned_data["seen_nearby"].split(",") if part.strip().isdigit()}

    def clean(self):
        data = super().clean()
        self._clean_place(data)
        if data.get("when") and local_moment(data["when"], timezone.now()) is None:
            self.add_error("when", _("Die tijd is nog niet geweest. Laat het veld leeg als het nu gebeurt."))
        if data.get("photos") and not data.get("photo_needed"):
            self.add_error(
                "photo_needed",
                _("Bevestig dat de foto nodig is voor het signalement, of laat de foto weg (huisregel 8)."),
            )
        elif data.get("photos"):
            processed = []
            for upload in data["photos"]:
                try:
                    processed.append(process_photo(upload))
                except ValidationError as error:
                    self.add_error("photos", error)
                    break
            data["processed_photos"] = processed
        return data

    def _clean_place(self, data: dict) -> None:
        if data.get("lat") is not None and data.get("lon") is not None:
            return
        postcode, number = data.get("postcode"), data.get("huisnummer")
        if postcode and number:
            address = address_find(postcode=postcode, number=number[0], letter=number[1], addition=number[2])
            if address is None:
                self.add_error("huisnummer", _("We kennen geen adres met deze postcode en dit huisnummer."))
                return
            data["lat"], data["lon"] = address.lat, address.lon
            # The street always, what the member added after it ("achterdeur, via het brandgangetje").
            data["location_text"] = ", ".join(
                part for part in (f"{address.street} {address.house_number}", data.get("location_text", "")) if part
            )
            return
        if "postcode" in self.errors or "huisnummer" in self.errors:
            return
        raise ValidationError(
            _("Geef aan waar het is: zet een punt op de kaart, gebruik uw locatie, of vul een adres in."),
            code="place",
        )

    def service_kwargs(self, now: dt.datetime) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "lat": data["lat"],
            "lon": data["lon"],
            "location_text": data.get("location_text", ""),
            "happened_at": (local_moment(data["when"], now) or now) if data.get("when") else now,
            "police_call": data["police_call"],
            "description": data.get("description", ""),
            "photos": data.get("processed_photos", []),
        }


class ReactionForm(PublicForm):
    kind = forms.ChoiceField(choices=ReactionKind.choices)
    text = forms.CharField(
        label=_("Aanvulling"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(PublicForm):
    outcome = forms.ChoiceField(label=_("Hoe is het afgelopen?"), choices=Outcome.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Toelichting"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("De deelnemers krijgen dit te lezen: mensen willen weten hoe het afliep."),
    )


class NoticeForm(PublicForm):
    text = forms.CharField(
        label=_("Mededeling aan de groep"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Geen chat: deelnemers kunnen niet antwoorden. Voor bijvoorbeeld een bijeenkomst of een bericht van "
            "de politie."
        ),
    )


class NearbyQueryForm(forms.Form):
    """The spot to look around: a point, or a postcode and house number (the composer asks as soon as either is
    known)."""

    lat = forms.FloatField(required=False)
    lon = forms.FloatField(required=False)
    postcode = forms.CharField(max_length=10, required=False)
    huisnummer = forms.CharField(max_length=12, required=False)

    def clean(self):
        data = super().clean()
        if data.get("lat") is not None and data.get("lon") is not None:
            return data
        try:
            postcode = normalise_postcode(data.get("postcode") or "")
            number = parse_house_number(data.get("huisnummer") or "")
        except ValidationError as error:
            raise ValidationError(_("Geen plek om in de buurt te zoeken.")) from error
        address = address_find(postcode=postcode, number=number[0], letter=number[1], addition=number[2])
        if address is None:
            raise ValidationError(_("We kennen geen adres met deze postcode en dit huisnummer."))
        data["lat"], data["lon"] = address.lat, address.lon
        return data
