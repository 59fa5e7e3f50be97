"""Street signs ("Attentie Buurtpreventie"): owned and placed by the municipality, requested by a group's admins.

- `SignRules`: one row per gemeente, each rule optional (see rules.py for what each means).
- `SignRequest`: an admin's request with proposed spots (`ProposedSpot`), decided by municipal staff.
- `Sign`: one sign the municipality approved, then placed, moved or removed.
- `SignEvent`: the history, one row per step (who, when, what, where).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buurtwacht.geo.models import Gemeente, Wijk
from buurtwacht.groups.models import Group


class SignRules(models.Model):
    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="sign_rules")
    min_connected_addresses = models.PositiveIntegerField(
        _("minimum aantal aangesloten adressen"), null=True, blank=True,
        help_text=_("Leeg: geen minimum. Krimpen aan den IJssel: 50."),
    )
    max_per_group = models.PositiveIntegerField(
        _("hoogstens zoveel borden per groep"), null=True, blank=True, help_text=_("Leeg: geen maximum.")
    )
    max_per_wijk = models.PositiveIntegerField(
        _("geen nieuwe borden in een wijk die er al zoveel heeft"), null=True, blank=True,
        help_text=_("Leeg: geen regel. Landsmeer: 1 (geen extra borden in een wijk die ze al heeft)."),
    )
    active_groups_only = models.BooleanField(_("alleen voor actieve (goedgekeurde) groepen"), default=False)
    contribution_eur = models.DecimalField(
        _("bijdrage per bord (euro)"), max_digits=7, decimal_places=2, null=True, blank=True,
        help_text=_("Leeg: geen bijdrage."),
    )
    contribution_text = models.CharField(
        _("toelichting bijdrage"), max_length=300, blank=True,
        help_text=_("Bijvoorbeeld: de groep betaalt de helft, de gemeente de andere helft."),
    )
    allowed_spots = models.CharField(
        _("toegestane plekken"), max_length=300, blank=True,
        help_text=_("Bijvoorbeeld: alleen op toegangswegen van de wijk."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("regels straatborden")
        verbose_name_plural = _("regels straatborden")

    def __str__(self) -> str:
        return str(self.gemeente)


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Aangevraagd")
    APPROVED = "approved", _("Goedgekeurd")
    REFUSED = "refused", _("Afgewezen")


class SignRequest(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sign_requests")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="sign_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("toelichting"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("toelichting besluit"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("aanvraag straatborden")
        verbose_name_plural = _("aanvragen straatborden")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["gemeente", "status"], name="signrequest_gemeente_status")]

    def __str__(self) -> str:
        return f"{self.group} ({self.created_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.REQUESTED


class ProposedSpot(models.Model):
    request = models.ForeignKey(SignRequest, on_delete=models.CASCADE, related_name="spots")
    lat = models.FloatField()
    lon = models.FloatField()
    note = models.CharField(_("waarom hier"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.lat:.5f}, {self.lon:.5f}"


class SignStatus(models.TextChoices):
    APPROVED = "approved", _("Goedgekeurd, nog te plaatsen")
    PLACED = "placed", _("Geplaatst")
    REMOVED = "removed", _("Verwijderd")


# Signs that count for the rules: approved or placed (not removed; refused requests make no signs).
COUNTED = [SignStatus.APPROVED, SignStatus.PLACED]


class Sign(models.Model):
    request = models.ForeignKey(SignRequest, on_delete=models.CASCADE, related_name="signs")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="signs")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="signs")
    wijk = models.ForeignKey(Wijk, null=True, blank=True, on_delete=models.SET_NULL, related_name="signs")
    lat = models.FloatField()
    lon = models.FloatField()
    note = models.CharField(_("plek"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SignStatus.choices, default=SignStatus.APPROVED)
    placed_on = models.DateField(_("geplaatst op"), null=True, blank=True)
    removed_on = models.DateField(_("verwijderd op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("straatbord")
        verbose_name_plural = _("straatborden")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["gemeente", "status"], name="sign_gemeente_status"),
            models.Index(fields=["status", "lon", "lat"], name="sign_status_point"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.group} ({self.get_status_display()})"


class Step(models.TextChoices):
    REQUESTED = "requested", _("Aanvraag ontvangen")
    APPROVED = "approved", _("Goedgekeurd")
    REFUSED = "refused", _("Afgewezen")
    PLACED = "placed", _("Geplaatst")
    MOVED = "moved", _("Verplaatst")
    REMOVED = "removed", _("Verwijderd")


class SignEvent(models.Model):
    """One step in the life of a request or a sign: who took it, when, on what date, and where."""

    step = models.CharField(max_length=10, choices=Step.choices)
    request = models.ForeignKey(SignRequest, on_delete=models.CASCADE, related_name="events")
    sign = models.ForeignKey(Sign, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    on = models.DateField(null=True, blank=True)  # the date the step took place outside (placed, moved, removed)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=1000)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.at:%Y-%m-%d}"
