"""Front-door stickers ("Attentie Buurtpreventie"): free, handed out by the gemeente, at most a number per connected
address of a group. Per gemeente one settings row (the limit, the stock, when the stock counts as low, the delivery
ways and the pick-up text); per group its requests, from open to sent, ready for pick-up (then picked up) or
refused."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group


class StickerSettings(models.Model):
    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="sticker_settings")
    per_address = models.PositiveSmallIntegerField(
        _("stickers per aangesloten adres"), default=1, help_text=_("Hoeveel stickers een groep per adres mag krijgen.")
    )
    stock = models.PositiveIntegerField(_("voorraad"), default=0)
    low_threshold = models.PositiveIntegerField(
        _("waarschuwen onder"), default=50, help_text=_("Bij deze voorraad of minder ziet u een waarschuwing.")
    )
    allow_post = models.BooleanField(_("opsturen naar een adres"), default=True)
    allow_pickup = models.BooleanField(_("ophalen op het gemeentehuis"), default=True)
    pickup_text = models.TextField(
        _("tekst voor ophalen"),
        blank=True,
        max_length=1000,
        help_text=_("Waar en wanneer de stickers op te halen zijn, bijvoorbeeld de balie en de openingstijden."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stickerinstellingen")
        verbose_name_plural = _("stickerinstellingen")

    def __str__(self) -> str:
        return str(self.gemeente)

    @property
    def stock_low(self) -> bool:
        return self.stock <= self.low_threshold


class Delivery(models.TextChoices):
    POST = "post", _("opsturen")
    PICKUP = "pickup", _("ophalen op het gemeentehuis")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("aangevraagd")
    SENT = "sent", _("verzonden")
    READY = "ready", _("klaar om op te halen")
    PICKED_UP = "picked_up", _("opgehaald")
    REFUSED = "refused", _("geweigerd")


# What counts against a group's limit: what it has received and what is still open.
COUNTED = [RequestStatus.OPEN, RequestStatus.SENT, RequestStatus.READY, RequestStatus.PICKED_UP]
# Still on staff's list: to decide, or lying ready until the group picks them up.
UNFINISHED = [RequestStatus.OPEN, RequestStatus.READY]


class StickerRequest(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sticker_requests")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="sticker_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.PositiveIntegerField(_("aantal"))
    delivery = models.CharField(_("levering"), max_length=10, choices=Delivery.choices)
    address = models.CharField(_("afleveradres"), max_length=300, blank=True)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    reason = models.TextField(_("reden"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    picked_up_at = models.DateTimeField(_("opgehaald op"), null=True, blank=True)

    class Meta:
        verbose_name = _("stickeraanvraag")
        verbose_name_plural = _("stickeraanvragen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["gemeente", "status"]), models.Index(fields=["group", "status"])]

    def __str__(self) -> str:
        return f"{self.group} ({self.number})"
