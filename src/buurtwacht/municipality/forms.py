"""Forms of the municipal pages: the gemeente's contacts, and the reason for rejecting a group."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from buurtwacht.geo.models import Gemeente
from buurtwacht.kit.forms import PublicForm, add_service_error
from buurtwacht.municipality.selectors import gemeente_settings, wijk_contacts, wijkagent_candidates
from buurtwacht.municipality.services import WijkContactInput

WIJK_FIELDS = ("wijkagent", "wijkagent_email", "wijkwethouder_name", "wijkwethouder_email")


class WijkagentField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"


class ContactsForm(PublicForm):
    """Team Veiligheid's address, and for every wijk of the gemeente its wijkagent and wijkwethouder."""

    veiligheid_email = forms.EmailField(
        label=_("E-mailadres team Veiligheid"),
        required=False,
        help_text=_("Krijgt bericht van elke groep die de gemeente goedkeurt, met de beheerders."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, gemeente: Gemeente, **kwargs):
        self.gemeente = gemeente
        self.wijken = wijk_contacts(gemeente)
        settings_row = gemeente_settings(gemeente)
        initial = {"veiligheid_email": settings_row.veiligheid_email}
        agents = wijkagent_candidates(gemeente)
        for wijk, contact in self.wijken:
            if contact is not None:
                for name in WIJK_FIELDS:
                    attribute = "wijkagent_id" if name == "wijkagent" else name
                    initial[self.field_name(wijk, name)] = getattr(contact, attribute)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for wijk, _contact in self.wijken:
            self.fields[self.field_name(wijk, "wijkagent")] = WijkagentField(
                queryset=agents,
                required=False,
                label=_("Wijkagent (account)"),
                empty_label=_("- geen account gekozen -"),
                help_text=_("Politiemensen met de rol wijkagent voor deze gemeente."),
            )
            self.fields[self.field_name(wijk, "wijkagent_email")] = forms.EmailField(
                label=_("of e-mailadres wijkagent"), required=False
            )
            self.fields[self.field_name(wijk, "wijkwethouder_name")] = forms.CharField(
                label=_("Naam wijkwethouder"), required=False, max_length=120
            )
            self.fields[self.field_name(wijk, "wijkwethouder_email")] = forms.EmailField(
                label=_("E-mailadres wijkwethouder"), required=False
            )

    @staticmethod
    def field_name(wijk, name: str) -> str:
        return f"wijk_{wijk.pk}_{name}"

    def wijk_rows(self):
        """(wijk, [bound fields]) per wijk, for the template."""
        return [(wijk, [self[self.field_name(wijk, name)] for name in WIJK_FIELDS]) for wijk, _contact in self.wijken]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "gemeente": self.gemeente,
            "veiligheid_email": data["veiligheid_email"],
            "wijken": [
                WijkContactInput(wijk=wijk, **{name: data[self.field_name(wijk, name)] for name in WIJK_FIELDS})
                for wijk, _contact in self.wijken
            ],
        }

    def add_service_error(self, error: ValidationError) -> None:
        """Errors keyed "<wijk id>.<field>" by the service go to that wijk's field; others on top."""
        names = {}
        for key in getattr(error, "error_dict", {}):
            wijk_id, _dot, name = key.partition(".")
            names[key] = f"wijk_{wijk_id}_{name}" if name else key
        add_service_error(self, error, names)


class RejectForm(PublicForm):
    note = forms.CharField(
        label=_("Reden van afwijzing"),
        max_length=2000,
        help_text=_("De aanmelder krijgt deze reden per e-mail te lezen."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Geef aan waarom de aanmelding wordt afgewezen; de aanmelder krijgt dit te lezen.")
        },
    )


class ApproveForm(PublicForm):
    note = forms.CharField(label=_("Toelichting (optioneel)"), max_length=2000, required=False)
