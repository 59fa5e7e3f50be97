"""What members hear about, and how it reached them.

An `Event` is one thing that happened in a group (an alert, a reaction, a closing, a notice), stored with the
payload every channel shows. The live stream replays missed events from this table (`Last-Event-ID`). A
`Delivery` row per recipient and outbound channel (web push, e-mail) records queued, sent, failed and seen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwacht.groups.models import Group


class EventKind(models.TextChoices):
    ALERT = "alert", _("Nieuwe melding")
    REACTION = "reaction", _("Reactie")
    CLOSED = "closed", _("Melding afgesloten")
    NOTICE = "notice", _("Mededeling")


class Event(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    alert = models.ForeignKey("alerts.Alert", null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    notice = models.ForeignKey("alerts.Notice", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # {"target": DOM id, "url": path, "html": {lang: fragment}, "message": {lang: {"title", "body", "text"}}}
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        indexes = [models.Index(fields=["group", "id"], name="event_group_id")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.group_id})"


class Channel(models.TextChoices):
    PUSH = "push", _("Pushbericht")
    EMAIL = "email", _("E-mail")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    SENDING = "sending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    SEEN = "seen", _("Gezien")


class Delivery(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bezorging")
        verbose_name_plural = _("bezorgingen")
        constraints = [models.UniqueConstraint(fields=["event", "user", "channel"], name="delivery_once")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return f"{self.channel} to {self.user_id} for {self.event_id}: {self.status}"


class PushSubscription(models.Model):
    """A browser's Web Push subscription (endpoint and keys from PushManager.subscribe)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pushabonnement")
        verbose_name_plural = _("pushabonnementen")

    def __str__(self) -> str:
        return f"push for {self.user_id}"
