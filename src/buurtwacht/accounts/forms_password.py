"""The form for a signed-in person's new password. It parses only; accounts.services.password_change checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwacht.kit.forms import PublicForm


def _password(label, autocomplete: str, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class PasswordChangeForm(PublicForm):
    current_password = _password(_("Huidig wachtwoord"), "current-password")
    new_password = _password(
        _("Nieuw wachtwoord"),
        "new-password",
        _("Minstens 8 tekens; niet alleen cijfers, niet te gewoon en niet te veel als uw naam of e-mailadres."),
    )
    new_password_again = _password(_("Nieuw wachtwoord nog een keer"), "new-password")
