"""The form on /meldingen-ontvangen/: when alerts come by e-mail. Push is turned on and off in the browser."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from buurtwacht.delivery.models import AlertMail


class AlertMailForm(forms.Form):
    alert_mail = forms.ChoiceField(
        label=_("Meldingen per e-mail"),
        choices=AlertMail.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wanneer u meldingen per e-mail wilt krijgen."),
            "invalid_choice": _("Kies een van de drie mogelijkheden."),
        },
    )
