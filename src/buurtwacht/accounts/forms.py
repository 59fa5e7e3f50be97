"""Forms of the account pages. They parse input; the rules live in accounts/services.py, whose ValidationErrors
are put on the form's fields with `core.forms.add_service_error`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwacht.accounts.services import password_check
from buurtwacht.delivery.mail import mail_send
from buurtwacht.kit.forms import PublicForm


def email_field(**kwargs) -> forms.EmailField:
    return forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}),
        **kwargs,
    )


class SignupForm(PublicForm):
    first_name = forms.CharField(
        label=_("Voornaam"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Achternaam"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = email_field(help_text=_("U krijgt hier een e-mail met een link om uw adres te bevestigen."))
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        help_text=_(
            "Minstens 8 tekens; niet alleen cijfers, niet te gewoon en niet te veel als uw naam of e-mailadres."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Wachtwoord nog een keer"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("De twee wachtwoorden zijn niet gelijk. Typ ze nog een keer."))
        return data


class LoginForm(PublicForm):
    email = email_field()
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        email, password = data.get("email"), data.get("password")
        if email and password:
            self.user = authenticate(self.request, email=email, password=password)
            if self.user is None:
                raise ValidationError(
                    _("Het e-mailadres of het wachtwoord klopt niet. Let op hoofdletters in het wachtwoord."),
                    code="invalid_login",
                )
        return data


class ResendForm(PublicForm):
    email = email_field()
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ProfileForm(PublicForm):
    first_name = forms.CharField(
        label=_("Voornaam"), max_length=80, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    phone = forms.CharField(
        label=_("Telefoonnummer (niet verplicht)"),
        max_length=20,
        required=False,
        help_text=_("Alleen voor de beheerders van uw groepen, bijvoorbeeld 06 12345678."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    language = forms.ChoiceField(label=_("Taal"), choices=settings.LANGUAGES)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        required=False,
        help_text=_("Vier cijfers en twee letters, bijvoorbeeld 4381 AA."),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "autocapitalize": "characters", "size": 8}),
    )
    huisnummer = forms.CharField(
        label=_("Huisnummer"),
        max_length=12,
        required=False,
        help_text=_("Met een eventuele letter of toevoeging, bijvoorbeeld 12, 12a of 12a-2."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 8}),
    )

    # Service argument names -> the fields of this form, for errors from the service.
    service_fields = {"number": "huisnummer"}

    @classmethod
    def initial_for(cls, user) -> dict:
        address = user.address
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "language": user.language,
            "postcode": address.postcode_display if address else "",
            "huisnummer": address.house_number if address else "",
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "phone": data["phone"],
            "language": data["language"],
            "postcode": data["postcode"],
            "number": data["huisnummer"],
        }


class CodeForm(PublicForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "size": 10}
        ),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class DeleteForm(PublicForm):
    password = forms.CharField(
        label=_("Uw wachtwoord"),
        strip=False,
        help_text=_("Ter controle dat u het zelf bent."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ResetRequestForm(PasswordResetForm):
    """Django's password reset, with our mail (text and HTML, in the person's own language) sent after commit."""

    email = email_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]})
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        mail_context = {"reset_url": settings.SITE_URL + path, "hours": hours}
        mail_send("account_password_reset", mail_context, [context["user"]])


class NewPasswordForm(SetPasswordForm):
    """Setting a new password through the link in the mail also proves the address: it counts as confirmed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def validate_password_for_user(self, user, password_field_name="password2"):  # noqa: S107 - a field name
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_check(password, user)
            except ValidationError as error:
                self.add_error(password_field_name, error.message_dict["password"])

    def save(self, commit=True):
        user = super().save(commit=False)
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
        if commit:
            user.save()
        return user
