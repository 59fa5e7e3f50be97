"""SAAR alerts (meldingen), the reactions on them, their photos, and admins' notices.

The group sleeps: there is no free chat. Members post alerts and react on them; admins may post a notice.
Personal parts (author, description, signalement, photos) expire: see alerts.retention.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _

from buurtwacht.groups.models import Group


class AlertKind(models.TextChoices):
    BURGLARY = "inbraak", _("Inbraak")
    SUSPICIOUS = "verdacht", _("Verdachte situatie")
    VANDALISM = "vandalisme", _("Vandalisme")
    STREET_ROBBERY = "straatroof", _("Straatroof")
    THREAT = "bedreiging", _("Bedreiging")
    ASSAULT = "mishandeling", _("Mishandeling")
    MISSING = "vermissing", _("Vermissing")
    FRAUD = "oplichting", _("Oplichting")
    YOUTH = "jeugdoverlast", _("Jeugdoverlast")
    OTHER = "anders", _("Anders")


# Kinds where the house rules say: call 112 first. The composer asks before it lets the member post.
URGENT_KINDS = frozenset(
    {
        AlertKind.BURGLARY,
        AlertKind.SUSPICIOUS,
        AlertKind.STREET_ROBBERY,
        AlertKind.THREAT,
        AlertKind.ASSAULT,
        AlertKind.MISSING,
    }
)


class PoliceCall(models.TextChoices):
    CALLED_112 = "112", _("Ik heb 112 gebeld")
    NOT_YET = "nog_niet", _("Nog niet gebeld")
    CALLED_0900 = "0900", _("Ik heb 0900-8844 gebeld")
    NOT_NEEDED = "niet_nodig", _("Niet nodig")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Afgesloten")


class Outcome(models.TextChoices):
    RESOLVED = "opgelost", _("Opgelost")
    POLICE = "politie", _("Politie heeft het overgenomen")
    ARREST = "aanhouding", _("Verdachte aangehouden")
    GONE = "vertrokken", _("Verdachte vertrokken")
    FALSE_ALARM = "loos_alarm", _("Loos alarm")
    OTHER = "anders", _("Anders")


class PrivateStorage(LazyObject):
    """Alert photos live outside MEDIA_ROOT: only members of the group may see them, through a view that checks."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


_private = PrivateStorage()


def private_storage() -> PrivateStorage:
    """A callable, so that migrations name this function rather than a machine's folder."""
    return _private


class Alert(models.Model):
    group = models.ForeignKey(Group, verbose_name=_("groep"), on_delete=models.CASCADE, related_name="alerts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("melder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    kind = models.CharField(_("wat"), max_length=20, choices=AlertKind.choices)
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    location_text = models.CharField(_("plaatsomschrijving"), max_length=200, blank=True)
    happened_at = models.DateTimeField(_("wanneer"))
    police_call = models.CharField(_("politie gebeld"), max_length=12, choices=PoliceCall.choices)
    called_112_at = models.DateTimeField(_("112 gebeld om"), null=True, blank=True)
    called_112_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("beschrijving"), max_length=2000, blank=True)
    # Structured signalement; keys and values are checked by alerts.signalement. Empty dict: none given.
    person = models.JSONField(_("signalement persoon"), default=dict, blank=True)
    vehicle = models.JSONField(_("signalement voertuig"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    outcome = models.CharField(_("afloop"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_text = models.TextField(_("toelichting afloop"), max_length=1000, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True, db_index=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["group", "-created_at"], name="alert_group_recent"),
            models.Index(fields=["author", "-created_at"], name="alert_author_recent"),
            models.Index(fields=["status", "created_at"], name="alert_open_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.group})"

    def get_absolute_url(self) -> str:
        return reverse("alerts:detail", args=[self.group.slug, self.pk])

    @property
    def is_urgent(self) -> bool:
        return self.kind in URGENT_KINDS

    @property
    def is_open(self) -> bool:
        return self.status == AlertStatus.OPEN


class ReactionKind(models.TextChoices):
    WATCHING = "kijk_uit", _("Ik kijk uit")
    SEE_TOO = "zie_het_ook", _("Ik zie het ook")
    CALLED_112 = "112_gebeld", _("Ik heb 112 gebeld")
    POLICE_ON_SITE = "politie_ter_plaatse", _("Politie ter plaatse")
    RESOLVED = "opgelost", _("Opgelost")
    FALSE_ALARM = "loos_alarm", _("Loos alarm")
    ADDITION = "aanvulling", _("Aanvulling")


class Reaction(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="reactions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="alert_reactions"
    )
    kind = models.CharField(_("reactie"), max_length=24, choices=ReactionKind.choices)
    text = models.TextField(_("toelichting"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("tijd"), auto_now_add=True)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["created_at", "pk"]
        constraints = [
            # One "I see it too" per member per alert; additions may come as often as there is news.
            models.UniqueConstraint(
                fields=["alert", "author", "kind"],
                condition=~Q(kind="aanvulling"),
                name="reaction_once_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} @ {self.alert_id}"


def _photo_path(instance, filename: str) -> str:
    return f"alerts/{instance.alert.group_id}/{filename}"


class AlertPhoto(models.Model):
    """A photo that the member confirmed is needed for the description; re-encoded, without metadata."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        storage=private_storage, upload_to=_photo_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(storage=private_storage, upload_to=_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"photo {self.pk} of alert {self.alert_id}"


class Notice(models.Model):
    """A message from an admin to the whole group (not chat: members cannot answer it)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="notices")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("mededeling"), max_length=2000)
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("mededeling")
        verbose_name_plural = _("mededelingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"notice {self.pk} ({self.group_id})"
