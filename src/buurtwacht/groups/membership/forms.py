"""Forms for joining a group and running it. They parse input; the rules live in `groups.membership`."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from buurtwacht.groups.membership.checks import MAX_AGE, MIN_AGE
from buurtwacht.kit.forms import PublicForm


class RulesAcceptanceMixin(forms.Form):
    """The house rules shown above the checkbox; the version shown travels along, so a change in the
    meantime is noticed."""

    accept_rules = forms.BooleanField(label=_("Ik accepteer de huisregels"), required=False)
    rules_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def accepted_version(self) -> int | None:
        return self.cleaned_data["rules_version"] if self.cleaned_data.get("accept_rules") else None

    def ask_again(self, version: int) -> None:
        """The rules changed while the person was reading: show the new version, unticked."""
        self.data = self.data.copy()
        self.data.pop(self.add_prefix("accept_rules"), None)
        self.data[self.add_prefix("rules_version")] = str(version)


REQUIRED = {"aria-required": "true"}


class JoinForm(RulesAcceptanceMixin, PublicForm):
    """Every field is optional here on purpose: the service checks them all and reports every refusal at once,
    rather than the form stopping at the first round of mistakes."""

    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", **REQUIRED}),
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        help_text=_("Alleen de beheerders zien uw achternaam."),
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Optioneel. Alleen de beheerders zien uw telefoonnummer."),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "autocapitalize": "characters", "size": 8, **REQUIRED}
        ),
    )
    huisnummer = forms.CharField(
        label=_("Huisnummer"),
        max_length=12,
        required=False,
        help_text=_("Met een eventuele huisletter of toevoeging, bijvoorbeeld 12, 12a of 12-2."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "size": 8, **REQUIRED}),
    )
    declared_min_age = forms.BooleanField(required=False)
    message = forms.CharField(
        label=_("Bericht aan de beheerders"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optioneel. Bijvoorbeeld: wie u bent of waarom u mee wilt doen."),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declared_min_age"].label = _("Ik ben %(age)s jaar of ouder") % {"age": group.min_age}

    @classmethod
    def initial_for(cls, user, rules_version: int) -> dict:
        initial = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "rules_version": rules_version,
        }
        if user.address:
            initial |= {"postcode": user.address.postcode_display, "huisnummer": user.address.house_number}
        return initial

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "phone": data["phone"],
            "postcode": data["postcode"],
            "number": data["huisnummer"],
            "declared_min_age": data["declared_min_age"],
            "rules_version": self.accepted_version(),
            "message": data["message"],
        }


class AdminAcceptForm(RulesAcceptanceMixin, PublicForm):
    pass


class DecisionForm(PublicForm):
    decision = forms.ChoiceField(choices=[("approve", _("Toelaten")), ("refuse", _("Weigeren"))])
    reason = forms.CharField(
        label=_("Reden van weigering"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Verplicht bij weigeren. De aanvrager krijgt de reden te lezen."),
    )


class RulesEditForm(PublicForm):
    text = forms.CharField(label=_("Huisregels"), max_length=10000, widget=forms.Textarea(attrs={"rows": 22}))
    min_age = forms.IntegerField(
        label=_("Minimumleeftijd"),
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        help_text=_("Deelnemers zijn minstens 18; uw groep mag een hogere leeftijd kiezen."),
        widget=forms.NumberInput(attrs={"size": 4}),
    )


class AdminInviteForm(PublicForm):
    email = forms.EmailField(
        label=_("E-mailadres van de nieuwe beheerder"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )


def rules_outdated(error: ValidationError) -> bool:
    """Whether the service said the house rules changed meanwhile (then the form asks again)."""
    return any(e.code == "rules_outdated" for e in getattr(error, "error_dict", {}).get("accept_rules", []))
