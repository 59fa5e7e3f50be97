"""Writes for accounts: signing up, verifying the e-mail address, the profile, reading messages, deleting.

Every function takes keyword arguments, validates, and raises django.core.exceptions.ValidationError with a Dutch
message (per field where there is one) before anything is written. Mails leave after the commit.
(The second factor's writes are in services_otp.py.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwacht.accounts import hooks, tokens
from buurtwacht.accounts.models import Role, RoleKind, User, normalise_email
from buurtwacht.delivery import inbox
from buurtwacht.delivery.bus import streams_recheck
from buurtwacht.delivery.mail import mail_send
from buurtwacht.geo.models import Buurt
from buurtwacht.geo.selectors import address_lookup, buurt_id_at
from buurtwacht.kit.mail import Recipient

PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]*$")


def _language(value: str) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    if value not in codes:
        raise ValidationError({"language": _("Kies Nederlands of Engels.")})
    return value


def _names(first_name: str, last_name: str) -> tuple[str, str]:
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not first_name:
        raise ValidationError({"first_name": _("Vul uw voornaam in.")})
    if len(first_name) > 80 or len(last_name) > 120:
        raise ValidationError(_("Een naam mag niet zo lang zijn (voornaam tot 80, achternaam tot 120 tekens)."))
    return first_name, last_name


def password_check(password: str, user: User) -> None:
    """Django's password validators, with a Dutch message where Django's own translation lacks one."""
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as exc:
        messages = []
        for error in exc.error_list:
            if error.code == "password_too_short":
                messages.append(
                    _("Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.") % (error.params or {})
                )
            else:
                messages.extend(error.messages)
        raise ValidationError({"password": messages}) from exc


@transaction.atomic
def account_signup(
    *, email: str, password: str, first_name: str, last_name: str, language: str, next_url: str = ""
) -> str:
    """A new account (resident) with its e-mail address still to be confirmed; the confirmation link is mailed.
    `next_url` rides along in the link, so that after confirming the person lands where they started.

    An address that already has an account gets the same answer (nobody learns who has an account here, which
    the neutral password-reset page promises): its owner is told by mail that someone tried, with links to sign
    in or choose a new password. Both ways check and hash the password, so neither answers noticeably faster.
    Returns the (normalised) address the mail went to."""
    email = normalise_email(email or "")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")}) from exc
    first_name, last_name = _names(first_name, last_name)
    language = _language(language)
    user = User(email=email, first_name=first_name, last_name=last_name, language=language)
    password_check(password, user)
    user.set_password(password)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        signup_attempt_mail_send(existing)
        return email
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # the same address signed up a moment ago: that account's owner is told, as above
        signup_attempt_mail_send(User.objects.filter(email__iexact=email).first())
        return email
    verification_mail_send(user, next_url)
    return email


def signup_attempt_mail_send(user: User | None) -> None:
    """Tell the owner of an account that someone tried to sign up with its address (not when it is closed)."""
    if user is None or not user.is_active:
        return
    context = {
        "login_url": settings.SITE_URL + reverse("accounts:login"),
        "reset_url": settings.SITE_URL + reverse("accounts:password_reset"),
    }
    mail_send("account_signup_attempt", context, [user])


def verification_mail_send(user: User, next_url: str = "") -> None:
    token = tokens.verify_token_make(user, next_url)
    url = settings.SITE_URL + reverse("accounts:verify", kwargs={"token": token})
    mail_send("account_verify", {"verify_url": url, "valid_days": tokens.VERIFY_MAX_AGE.days}, [user])


@dataclass(frozen=True)
class Verification:
    user: User
    next_url: str
    newly_verified: bool


@transaction.atomic
def account_verify(*, token: str) -> Verification:
    """Confirm the address in a verification link. `newly_verified` is False when it was confirmed before (a link
    clicked twice): the caller signs the person in only the first time."""
    claim = tokens.verify_token_read(token)
    user = User.objects.select_for_update().filter(pk=claim.user_id, is_active=True).first()
    if user is None or user.email != claim.email:
        raise ValidationError(
            _("Deze bevestigingslink hoort niet (meer) bij een account. Vraag hieronder een nieuwe aan."),
            code="invalid",
        )
    newly = user.email_verified_at is None
    if newly:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return Verification(user=user, next_url=claim.next_url, newly_verified=newly)


@transaction.atomic
def account_verify_resend(*, email: str, next_url: str = "") -> None:
    """Mail a new link if an unconfirmed account has this address. Says nothing either way (no account fishing)."""
    user = User.objects.filter(email=normalise_email(email or ""), is_active=True, email_verified_at=None).first()
    if user is not None:
        verification_mail_send(user, next_url)


def _phone(raw: str) -> str:
    phone = " ".join((raw or "").split())
    if not phone:
        return ""
    digits = sum(ch.isdigit() for ch in phone)
    if not PHONE_RE.match(phone) or not 10 <= digits <= 15 or len(phone) > 20:
        raise ValidationError(
            {"phone": _("Vul een telefoonnummer in van 10 tot 15 cijfers, zoals 06 12345678 of +31 6 12345678.")}
        )
    return phone


def _address(postcode: str, number: str):
    """(address, buurt) for a postcode and house number, (None, None) when both are empty."""
    postcode, number = (postcode or "").strip(), (number or "").strip()
    if not postcode and not number:
        return None, None
    errors: dict[str, list[str]] = {}
    if not postcode:
        errors["postcode"] = [_("Vul ook de postcode in, of laat postcode en huisnummer allebei leeg.")]
    if not number:
        errors["number"] = [_("Vul ook het huisnummer in, of laat postcode en huisnummer allebei leeg.")]
    if errors:
        raise ValidationError(errors)
    address, _house, _letter, _addition = address_lookup(postcode=postcode, number=number)
    buurt_id = buurt_id_at(address.lon, address.lat)
    return address, Buurt.objects.filter(pk=buurt_id).first() if buurt_id else None


def _as_dict(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


@transaction.atomic
def profile_update(
    *, user: User, first_name: str, last_name: str, phone: str, language: str, postcode: str, number: str
) -> User:
    """Name, phone, language and home address. The address is looked up in the BAG table (postcode plus house
    number such as "12", "12a" or "12a-2"); its buurt follows from its point. Empty postcode and number clear it."""
    errors: dict[str, list[str]] = {}
    values: dict = {}
    checks = [
        lambda: dict(zip(("first_name", "last_name"), _names(first_name, last_name), strict=True)),
        lambda: {"phone": _phone(phone)},
        lambda: {"language": _language(language)},
        lambda: dict(zip(("address", "buurt"), _address(postcode, number), strict=True)),
    ]
    for check in checks:  # every field is checked, so that all mistakes show at once
        try:
            values.update(check())
        except ValidationError as exc:
            for field, field_errors in _as_dict(exc).items():
                errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)
    for name, value in values.items():
        setattr(user, name, value)
    user.save(update_fields=list(values))
    return user


def notifications_mark_read(*, user: User) -> int:
    return inbox.messages_mark_read(user=user)


@transaction.atomic
def password_change(*, user: User, current_password: str, new_password: str, new_password_again: str) -> User:
    """A signed-in person's new password: the current one must be right, the new one typed twice the same and
    pass Django's validators. All mistakes are reported at once. Signing in elsewhere ends with the old password
    (Django's session hash); the caller keeps the current session with update_session_auth_hash."""
    errors: dict[str, list[str]] = {}
    if not current_password or not user.check_password(current_password):
        errors["current_password"] = [_("Uw huidige wachtwoord klopt niet. Uw wachtwoord is niet gewijzigd.")]
    if not new_password:
        errors["new_password"] = [_("Vul een nieuw wachtwoord in.")]
    elif new_password != new_password_again:
        errors["new_password_again"] = [
            _("De twee nieuwe wachtwoorden zijn niet gelijk. Typ hetzelfde wachtwoord twee keer.")
        ]
    else:
        try:
            password_check(new_password, user)
        except ValidationError as exc:
            errors["new_password"] = exc.message_dict["password"]
        if current_password and new_password == current_password and "current_password" not in errors:
            errors.setdefault("new_password", []).append(_("Kies een ander wachtwoord dan uw huidige."))
    if errors:
        raise ValidationError(errors)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def account_delete(*, user: User, password: str) -> None:
    """Delete the account after checking its password (account_erase), and mail a confirmation."""
    if not password or not user.check_password(password):
        raise ValidationError({"password": _("Het wachtwoord klopt niet. Uw account is niet verwijderd.")})
    farewell = Recipient(email=user.email, language=user.language or settings.LANGUAGE_CODE, name=user.first_name)
    account_erase(user=user)
    mail_send("account_deleted", {}, [farewell])


@transaction.atomic
def account_erase(*, user: User) -> None:
    """Delete an account and everything about the person: first what the apps above let go of (accounts.hooks:
    memberships with their groups' counts, open invitations, the live events that name them), then the row;
    join requests, messages, roles, devices and deliveries go with it (CASCADE). Also for /beheer/."""
    for hook in hooks.before_delete:
        hook(user)
    User.objects.filter(pk=user.pk).delete()


@transaction.atomic
def role_grant(*, user: User, kind: str, gemeente) -> Role:
    """Give `user` a role for `gemeente`. Police are never members: a police role ends their memberships
    (accounts.hooks.police_role)."""
    role, _created = Role.objects.get_or_create(user=user, kind=kind, gemeente=gemeente)
    if kind in RoleKind.police():
        for hook in hooks.police_role:
            hook(user)
    return role


def streams_end_on_sign_out(sender, request, user, **kwargs) -> None:
    """Signing out closes the person's open live streams in every process once the session is gone; their pages
    reconnect and are asked to sign in again (receiver of Django's user_logged_out)."""
    if user is not None:
        user_id = user.pk
        transaction.on_commit(lambda: streams_recheck([user_id]))
