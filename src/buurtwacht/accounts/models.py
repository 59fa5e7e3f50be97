"""People: one account per e-mail address, their home address, and the roles they hold.

Every account is a resident. Being a member or an admin of a group is a `groups.Membership`; municipal staff and
police hold a `Role` for a gemeente; a platform administrator is a superuser. Staff, police and administrators
sign in with a second factor (TOTP, django-otp) before they see anything of their role.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwacht.delivery.bus import streams_recheck
from buurtwacht.delivery.models import AlertMail  # noqa: F401 (the choice is delivery's; the field is here)
from buurtwacht.geo.models import Address, Buurt, Gemeente


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalise_email(email), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username))


def normalise_email(email: str) -> str:
    """One account per mailbox: compare addresses without case or surrounding spaces."""
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mailadres"), unique=True)
    first_name = models.CharField(_("voornaam"), max_length=80)
    last_name = models.CharField(_("achternaam"), max_length=120, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    # The home address, geocoded against the BAG table; the buurt follows from its point.
    address = models.ForeignKey(
        Address, verbose_name=_("adres"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    buurt = models.ForeignKey(
        Buurt, verbose_name=_("buurt"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("taal"), max_length=5, choices=settings.LANGUAGES, default="nl")
    alert_mail = models.CharField(
        _("meldingen per e-mail"), max_length=12, choices=AlertMail.choices, default=AlertMail.WITHOUT_PUSH
    )
    email_verified_at = models.DateTimeField(_("e-mailadres bevestigd op"), null=True, blank=True)
    is_staff = models.BooleanField(
        _("toegang tot /beheer/"), default=False, help_text=_("Alleen voor platformbeheerders.")
    )
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()
    _role_kinds: frozenset[str] | None = None

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name"]

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def role_kinds(self) -> frozenset[str]:
        """The kinds of role this person holds, read once per user object (a request's user lives one request)."""
        if self._role_kinds is None:
            self._role_kinds = frozenset(self.roles.values_list("kind", flat=True)) if self.pk else frozenset()
        return self._role_kinds

    def refresh_from_db(self, *args, **kwargs):
        self._role_kinds = None
        super().refresh_from_db(*args, **kwargs)
        self._credentials = self._credentials_now()

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._credentials = user._credentials_now()
        return user

    def _credentials_now(self) -> dict:
        """The password and `is_active` as this object holds them (fields not loaded are left out, not fetched)."""
        return {name: self.__dict__[name] for name in ("password", "is_active") if name in self.__dict__}

    def save(self, *args, **kwargs):
        """Saved as Django saves it; when the password or `is_active` changed since the row was read (a new
        password by any path, the reset link, /beheer/), the person's open live streams are closed after commit
        in every process, so that they are authenticated again (delivery.bus.streams_recheck). No extra query:
        the values read are remembered in from_db."""
        super().save(*args, **kwargs)
        before = getattr(self, "_credentials", None)
        now = self._credentials_now()
        # A field that was not loaded but is set now (only()/defer(), then set_password) counts as changed.
        if before is not None and any(name not in before or before[name] != now[name] for name in now):
            user_id = self.pk
            transaction.on_commit(lambda: streams_recheck([user_id]))
        self._credentials = now

    @property
    def is_police(self) -> bool:
        return bool(self.role_kinds & set(RoleKind.police()))

    @property
    def needs_second_factor(self) -> bool:
        """Administrators, municipal staff and police sign in with a second factor."""
        return self.is_superuser or self.is_staff or bool(self.role_kinds)


class RoleKind(models.TextChoices):
    MUNICIPAL = "municipal", _("Gemeente (team Veiligheid)")
    WIJKAGENT = "wijkagent", _("Politie: wijkagent")
    MELDKAMER = "meldkamer", _("Politie: meldkamer")

    @classmethod
    def police(cls) -> list[str]:
        return [cls.WIJKAGENT, cls.MELDKAMER]


class Role(models.Model):
    """A role for one gemeente. Police working for several gemeenten hold one row per gemeente."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("rol"), max_length=12, choices=RoleKind.choices)
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "gemeente"], name="role_unique")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} {self.gemeente.display_name}"
