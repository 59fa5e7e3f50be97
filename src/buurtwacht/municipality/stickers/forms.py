"""Forms of the sticker pages: an admin's request, staff's settings and stock, and a refusal's reason."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwacht.kit.forms import PublicForm
from buurtwacht.municipality.stickers.models import Delivery, StickerSettings


class RequestForm(PublicForm):
    number = forms.IntegerField(label=_("Aantal stickers"), min_value=1)
    delivery = forms.ChoiceField(label=_("Levering"), widget=forms.RadioSelect)
    address = forms.CharField(
        label=_("Afleveradres"),
        required=False,
        max_length=300,
        help_text=_("Straat, huisnummer, postcode en plaats. Alleen nodig als de stickers opgestuurd worden."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    note = forms.CharField(label=_("Toelichting (niet verplicht)"), required=False, max_length=500)

    def __init__(self, *args, settings_row: StickerSettings, remaining: int, home: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if home:
            self.fields["address"].initial = home  # the admin's own address, which they may change
        choices = []
        if settings_row.allow_post:
            choices.append((Delivery.POST.value, _("Opsturen naar een adres")))
        if settings_row.allow_pickup:
            choices.append((Delivery.PICKUP.value, _("Ophalen op het gemeentehuis")))
        self.fields["delivery"].choices = choices
        if len(choices) == 1:
            self.fields["delivery"].initial = choices[0][0]
        self.fields["number"].help_text = _("U kunt nog %(remaining)s stickers aanvragen.") % {"remaining": remaining}
        if remaining:
            self.fields["number"].initial = remaining

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("number", "delivery", "address", "note")}


class SettingsForm(PublicForm):
    stock = forms.IntegerField(label=_("Voorraad"), min_value=0, help_text=_("Het aantal stickers dat er nu ligt."))
    low_threshold = forms.IntegerField(
        label=_("Waarschuwen bij een voorraad van"), min_value=0, help_text=_("Bij dit aantal of minder.")
    )
    per_address = forms.IntegerField(label=_("Stickers per aangesloten adres"), min_value=1, max_value=10)
    allow_post = forms.BooleanField(label=_("De gemeente stuurt stickers op"), required=False)
    allow_pickup = forms.BooleanField(label=_("Stickers zijn op te halen op het gemeentehuis"), required=False)
    pickup_text = forms.CharField(
        label=_("Waar en wanneer ophalen"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: de balie Burgerzaken, maandag tot en met vrijdag van 9 tot 17 uur."),
    )

    @classmethod
    def for_settings(cls, data, settings_row: StickerSettings) -> SettingsForm:
        initial = {
            name: getattr(settings_row, name)
            for name in ("stock", "low_threshold", "per_address", "allow_post", "allow_pickup", "pickup_text")
        }
        return cls(data, initial=initial)


class DeliveryForm(PublicForm):
    number = forms.IntegerField(
        label=_("Levering ontvangen: aantal stickers"),
        min_value=1,
        help_text=_("Dit aantal komt bij de voorraad. Hebt u geteld, pas dan de voorraad aan bij de instellingen."),
    )


class RefuseForm(PublicForm):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De beheerders van de groep krijgen de reden per e-mail."),
    )
