"""Forms of the recipients' pages: an admin passing a message on, a member's mark, a resident's tip, and the
opt-in for area alerts. They only parse; every rule is in police.services, whose refusals are shown per field
(kit.forms.add_service_error)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwacht.alerts.photos import ACCEPT_ATTRIBUTE
from buurtwacht.kit.forms import PublicForm
from buurtwacht.police.models import ForwardChannel
from buurtwacht.police.services import TIP_MAX_LENGTH


class ForwardForm(forms.Form):
    """Which group, and how: into the group ("groep") or the copied text ("kopie"). WhatsApp goes through its own
    link (views_forward.whatsapp), as the CSP lets a form lead nowhere but this site."""

    group = forms.IntegerField(min_value=1)
    channel = forms.ChoiceField(choices=[(ForwardChannel.GROUP, ""), (ForwardChannel.COPY, "")])


class MarkForm(forms.Form):
    kind = forms.CharField(max_length=10)  # the service says which kinds exist


class TipForm(PublicForm):
    text = forms.CharField(
        label=_("Wat weet u?"),
        required=False,
        strip=False,  # the service trims and checks (police.services.tip_send)
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": TIP_MAX_LENGTH}),
        help_text=_("Bijvoorbeeld wat u zag, waar en hoe laat, of waar iemand heen ging. Hooguit 1.000 tekens."),
    )
    # A plain file field: the service checks the photo from its header (alerts.photos), never this form.
    photo = forms.FileField(
        label=_("Foto (niet verplicht)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("JPEG, PNG of WebP. Alleen de politie ziet de foto."),
    )


class OptInForm(PublicForm):
    """One address (the home address, or one other such as work) with the channels for area alerts."""

    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        error_messages={"required": _("Vul de postcode in, bijvoorbeeld 4381 AA.")},
        help_text=_("Vier cijfers en twee letters, bijvoorbeeld 4381 AA."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "autocapitalize": "characters", "size": 8}),
    )
    house_number = forms.CharField(
        label=_("Huisnummer"),
        max_length=12,
        error_messages={"required": _("Vul het huisnummer in, bijvoorbeeld 12 of 12a.")},
        help_text=_("Met een eventuele letter of toevoeging, bijvoorbeeld 12, 12a of 12a-2."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 8}),
    )
    push = forms.BooleanField(label=_("Pushbericht op mijn telefoon of computer"), required=False)
    email = forms.BooleanField(label=_("E-mail"), required=False)

    def __init__(self, *args, is_home: bool, **kwargs):
        kwargs.setdefault("prefix", "thuis" if is_home else "ander")
        super().__init__(*args, **kwargs)
        self.is_home = is_home
        if not is_home:
            self.fields["postcode"].widget.attrs["autocomplete"] = "off"

    @classmethod
    def initial_for(cls, optin=None, address=None) -> dict:
        """Filled in from the opt-in there is, else from the person's home address."""
        if optin is not None:
            address = optin.address
        return {
            "postcode": address.postcode_display if address else "",
            "house_number": address.house_number if address else "",
            "push": optin.push if optin else True,
            "email": optin.email if optin else True,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "postcode": data["postcode"],
            "house_number": data["house_number"],
            "is_home": self.is_home,
            "push": data["push"],
            "email": data["email"],
        }
