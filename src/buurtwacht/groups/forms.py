"""Forms of the public group pages: the contact form and the registration of a new group.

The forms only parse input; rules about areas and groups live in `buurtwacht.groups.services`, whose
ValidationErrors are shown on the form with `core.forms.add_service_error`.
"""

from __future__ import annotations

import json
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwacht.geo.models import Buurt, Gemeente
from buurtwacht.geo.shapes import to_geometry
from buurtwacht.groups.photos import ACCEPT_ATTRIBUTE
from buurtwacht.kit.forms import PublicForm

# The drawn area as GeoJSON text. A drawing of a neighbourhood is a few kB; this leaves room for thousands of
# points, and keeps a huge or absurdly nested text away from the JSON parser.
MAX_AREA_CHARS = 500_000


class GemeenteField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Gemeente) -> str:
        return obj.display_name


class ContactForm(PublicForm):
    name = forms.CharField(label=_("Uw naam"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        help_text=_("De groep antwoordt u op dit adres."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    message = forms.CharField(label=_("Uw bericht"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    # A trap for spam robots, which fill in every field: hidden from people (CSS, aria-hidden, out of the tab
    # order), so a value here means the message is not sent (see `caught_a_robot`).
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    # Model field names of ContactMessage -> the fields of this form, for errors from the service.
    service_fields = {"sender_name": "name", "sender_email": "email", "body": "message"}

    def caught_a_robot(self) -> bool:
        """Whether the trap field was filled in; asked of the raw data, so also when the rest is invalid."""
        return self.is_bound and bool(str(self.data.get(self.add_prefix("website"), "")).strip())

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"sender_name": data["name"], "sender_email": data["email"], "body": data["message"]}


class GemeenteChoiceForm(PublicForm):
    """Step 1 of the registration: which gemeente, so that step 2 can list its buurten."""

    gemeente = GemeenteField(
        label=_("Gemeente"),
        queryset=Gemeente.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("Kies een gemeente"),
    )


class CodesField(forms.MultipleChoiceField):
    """Buurt codes; whether they exist is the service's question, so any code passes here."""

    def valid_value(self, value) -> bool:
        return True


class GroupRegisterForm(PublicForm):
    name = forms.CharField(
        label=_("Naam van de groep"),
        max_length=120,
        help_text=_("Een duidelijke naam, bijvoorbeeld 'Buurtpreventie Molenwijk'."),
    )
    description = forms.CharField(
        label=_("Beschrijving"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optioneel. Wat doet de groep, voor welke straten is zij bedoeld?"),
    )
    founded_on = forms.DateField(
        label=_("Opgericht op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optioneel. Laat leeg als de groep nog moet beginnen."),
    )
    area = forms.CharField(
        required=False,
        max_length=MAX_AREA_CHARS,
        widget=forms.HiddenInput,
        error_messages={
            "max_length": _(
                "Het getekende gebied bevat te veel gegevens. Wis het en teken het opnieuw met minder punten."
            ),
        },
    )
    buurten = CodesField(
        label=_("Buurten"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies de buurt of buurten die samen het gebied van de groep vormen."),
    )
    # A plain file field: the service checks the photo from its header (groups.photos); decoding it here, as
    # forms.ImageField does, is what a huge image must not reach in a request.
    photo = forms.FileField(
        label=_("Foto"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_(
            "Optioneel. Een foto of logo van de groep (JPEG of PNG, hooguit 5 MB). Deze foto is openbaar zodra de "
            "gemeente de groep heeft goedgekeurd."
        ),
    )
    contact_name = forms.CharField(
        label=_("Naam contactpersoon"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    contact_email = forms.EmailField(
        label=_("E-mailadres contactpersoon"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    contact_phone = forms.CharField(
        label=_("Telefoonnummer contactpersoon"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Optioneel."),
    )

    def __init__(self, *args, gemeente: Gemeente | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeente = gemeente
        self.buurt_groups = self._buurt_groups(gemeente)
        self.fields["founded_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    @staticmethod
    def _buurt_groups(gemeente: Gemeente | None) -> list[tuple[str, list[Buurt]]]:
        """The gemeente's buurten per wijk, for a list of checkboxes under a heading per wijk."""
        if gemeente is None:
            return []
        buurten = Buurt.objects.filter(gemeente=gemeente).exclude(geometry=None).select_related("wijk")
        buurten = buurten.order_by("wijk__name", "wijk__code", "name", "code")
        return [(wijk.display_name, list(items)) for wijk, items in groupby(buurten, key=lambda b: b.wijk)]

    def chosen_codes(self) -> set[str]:
        return set(self["buurten"].value() or [])

    def clean_area(self):
        raw = self.cleaned_data["area"].strip()
        if not raw:
            return None
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # RecursionError: deeply nested input such as "[[[[…"
            raise ValidationError(
                _("Het getekende gebied kon niet worden gelezen. Wis het en teken het opnieuw."), code="area"
            ) from exc
        return to_geometry(data)

    def clean_founded_on(self):
        founded_on = self.cleaned_data["founded_on"]
        if founded_on and founded_on > timezone.localdate():
            raise ValidationError(
                _("De oprichtingsdatum ligt in de toekomst. Laat het veld leeg als de groep nog moet beginnen.")
            )
        return founded_on

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "founded_on": data["founded_on"],
            "area": data["area"],
            "buurt_codes": data["buurten"] or None,
            "photo": data["photo"],
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "contact_phone": data["contact_phone"],
        }


class GroupSettingsForm(PublicForm):
    """The group's settings on the admins' page (groups.membership.admins.group_settings_update)."""

    police_messages = forms.BooleanField(
        label=_("Berichten van de politie ontvangen"),
        required=False,
        help_text=_(
            "De beheerders krijgen berichten van de politie over iets dat nu in of bij uw buurt gebeurt, zoals een "
            "inbraak of een vermissing, en kunnen die doorsturen naar de groep. Deelnemers kunnen op zo'n bericht "
            "alleen laten weten dat ze het zagen of 112 belden. Zet dit uit als uw groep geen politieberichten wil."
        ),
    )


class AlertPlaceForm(PublicForm):
    """Where the group alerts, and its WhatsApp invite link (groups.whatsapp.group_alert_place_update)."""

    alert_place = forms.ChoiceField(
        label=_("Waar meldt uw groep?"),
        choices=[],
        widget=forms.RadioSelect,
        help_text=_(
            "Meldt uw groep in WhatsApp, dan zien deelnemers hier geen meldformulier maar de SAAR-regels en 112, "
            "en vinden toegelaten deelnemers de link naar uw WhatsApp-groep op de pagina van de groep."
        ),
    )
    whatsapp_link = forms.CharField(
        label=_("Uitnodigingslink van de WhatsApp-groep"),
        required=False,
        max_length=200,
        help_text=_(
            "Bijvoorbeeld https://chat.whatsapp.com/… Alleen deelnemers die u heeft toegelaten zien deze link. "
            "Laat leeg om de huidige link te houden."
        ),
    )

    def __init__(self, *args, **kwargs):
        from buurtwacht.groups.models import AlertPlace

        super().__init__(*args, **kwargs)
        self.fields["alert_place"].choices = AlertPlace.choices


class WhatsappRenewForm(PublicForm):
    whatsapp_link = forms.CharField(
        label=_("Nieuwe uitnodigingslink"),
        max_length=200,
        help_text=_(
            "Is de link bij de verkeerde mensen terechtgekomen? Kies in WhatsApp bij de groepsinfo 'Uitnodigen via "
            "link' en dan 'Link opnieuw instellen', en plak hier de nieuwe link. De oude link werkt dan niet meer."
        ),
    )
