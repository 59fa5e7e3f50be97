"""Forms of the public pages: the address search form of the home page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwacht.geo.selectors import normalise_postcode, parse_house_number
from buurtwacht.kit.forms import PublicForm


class AddressSearchForm(PublicForm):
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        help_text=_("Vier cijfers en twee letters, bijvoorbeeld 4381 AA."),
        widget=forms.TextInput(
            attrs={"autocomplete": "postal-code", "autocapitalize": "characters", "spellcheck": "false", "size": 8}
        ),
    )
    huisnummer = forms.CharField(
        label=_("Huisnummer"),
        max_length=12,
        help_text=_("Met een eventuele letter of toevoeging, bijvoorbeeld 12 of 12a."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 8}),
    )

    def clean_postcode(self) -> str:
        return normalise_postcode(self.cleaned_data["postcode"])

    def clean_huisnummer(self) -> tuple[int, str, str]:
        return parse_house_number(self.cleaned_data["huisnummer"])

    def search_kwargs(self) -> dict:
        number, letter, addition = self.cleaned_data["huisnummer"]
        return {"postcode": self.cleaned_data["postcode"], "number": number, "letter": letter, "addition": addition}
