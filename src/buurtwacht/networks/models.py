"""Networks of groups: which groups take part (both neighbours must), how far apart neighbours may lie per
gemeente, and alerts passed on to neighbouring groups' admins ("doorgeven aan buurgroepen").

Neighbours themselves are not stored: they follow from the areas through the spatial index (networks.neighbours),
so a changed area or a new group is a neighbour at once.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtwacht.alerts.models import Alert
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group

MAX_NEIGHBOUR_METRES = 2000


class NetworkSettings(models.Model):
    """A gemeente's own distance for neighbours; without a row the default (settings.NETWORK_NEIGHBOUR_METRES)."""

    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="network_settings")
    neighbour_metres = models.PositiveIntegerField(
        _("afstand buurgroepen (m)"),
        validators=[MaxValueValidator(MAX_NEIGHBOUR_METRES)],
        help_text=_("Groepen waarvan de gebieden elkaar raken of hooguit zo ver uit elkaar liggen, zijn buren."),
    )

    class Meta:
        verbose_name = _("instelling netwerk")
        verbose_name_plural = _("instellingen netwerk")

    def __str__(self) -> str:
        return f"{self.gemeente}: {self.neighbour_metres} m"


class NetworkOptIn(models.Model):
    """The group takes part in the network: its admins and those of neighbouring groups that take part see each
    other's group names and first names, and pass alerts on to each other. No row: it does not take part."""

    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="network_optin")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("deelname netwerk")
        verbose_name_plural = _("deelnames netwerk")

    def __str__(self) -> str:
        return str(self.group)


class PassOn(models.Model):
    """An alert of one group passed on to the admins of a neighbouring group, once per alert and group; the
    receiving admins may forward it into their own group once (`forwarded_alert`, a members' alert there)."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="pass_ons")
    source_group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="pass_ons_sent")
    target_group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="pass_ons_received")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("doorgegeven op"), auto_now_add=True, db_index=True)
    forwarded_alert = models.OneToOneField(
        Alert, null=True, blank=True, on_delete=models.SET_NULL, related_name="passed_on_from"
    )
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("doorgestuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("doorgegeven melding")
        verbose_name_plural = _("doorgegeven meldingen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "target_group"], name="pass_on_once_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}: {self.source_group_id} -> {self.target_group_id}"

    def get_absolute_url(self) -> str:
        return reverse("networks:pass_on", args=[self.pk])

    @property
    def topic(self) -> str:
        return f"pass-on:{self.pk}"

    @property
    def is_forwarded(self) -> bool:
        return self.forwarded_at is not None

    @property
    def is_open(self) -> bool:
        return not self.is_forwarded and self.alert.is_open
