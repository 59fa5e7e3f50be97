"""What people hear about, and how it reached them.

An `Event` is one thing somebody is told (an alert, a reaction, a closing, a notice, a join request, a mail),
stored with the payload every channel shows and with its audience: the services that record events compute who
they are for (`delivery.audiences`), and delivery trusts that list. An `EventRecipient` row per person is their
inbox: the live stream replays from it (`Last-Event-ID`), and it records when the event reached them and when
they saw it. A `Delivery` row per recipient and outbound channel (web push, e-mail, in-app message) records
queued, sent, failed and seen.

Delivery sits below accounts and groups: it knows people through the user model (by name, never an import)
and nothing of groups or alerts; `topic` ("alert:12") says what an event is about, for marking it seen,
counting receipts and deleting it with its subject.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertMail(models.TextChoices):
    """When alerts of one's groups (and other events with a message) come by e-mail: the person's choice, kept
    on the user (`alert_mail`), read here by its name."""

    WITHOUT_PUSH = "zonder_push", _("Alleen als pushberichten niet aan staan")
    ALWAYS = "altijd", _("Altijd, ook naast pushberichten")
    NEVER = "nooit", _("Nooit")


class Event(models.Model):
    # What kind of thing it is ("alert", "reaction", "closed", "notice", "join_request", "mail", ...): the
    # services that record events name their own kinds; delivery treats every kind alike.
    kind = models.CharField(max_length=40)
    topic = models.CharField(max_length=60, blank=True, db_index=True)
    # The audience the recipients were computed from ("group-members:5", "people"): asked again when sending,
    # whether each person may still receive it (delivery.audiences).
    audience = models.TextField()  # "group-admins:<ids>" grows with the groups of an area
    # {"target": DOM id, "url": path, "group": id, "html": {lang: fragment},
    #  "message": {lang: {"title", "body", "text"}}, "inbox": {lang: text}, "mail": {address: {...}}}
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.topic or self.audience})"


class EventRecipient(models.Model):
    """One person an event is for: what the live stream replays, and the receipt (reached, seen)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    delivered_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ontvanger")
        verbose_name_plural = _("ontvangers")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="event_recipient_once")]

    def __str__(self) -> str:
        return f"{self.user_id} <- {self.event_id}"


class Channel(models.TextChoices):
    PUSH = "push", _("Pushbericht")
    EMAIL = "email", _("E-mail")
    INBOX = "inbox", _("Bericht in de app")
    WHATSAPP = "whatsapp", _("WhatsApp")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    SENDING = "sending", _("Wordt verstuurd")
    SENT = "sent", _("Verstuurd")
    FAILED = "failed", _("Mislukt")
    SEEN = "seen", _("Gezien")


class Delivery(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    # A person with an account, or only an e-mail address (a municipal contact without an account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    address = models.EmailField(max_length=254, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    status = models.CharField(max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The id an outside service gave the message (WhatsApp's "wamid..."), by which its status callbacks find the
    # row, and the last status it reported (sent, delivered, read, failed). See delivery/whatsapp.py.
    external_id = models.CharField(max_length=160, blank=True, db_index=True)
    external_status = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("bezorging")
        verbose_name_plural = _("bezorgingen")
        constraints = [
            models.UniqueConstraint(fields=["event", "user", "channel"], name="delivery_once"),
            models.UniqueConstraint(
                fields=["event", "address", "channel"], condition=models.Q(user=None), name="delivery_once_address"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["user", "channel", "status"], name="delivery_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} to {self.user_id or self.address} for {self.event_id}: {self.status}"


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


class LivePresence(models.Model):
    """When a person last had a live page open (delivery.presence): one row per person, stamped by the live hubs."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.user_id} online at {self.seen_at}"


class WhatsAppNumber(models.Model):
    """A person's WhatsApp number for police dispatches (admins): E.164, confirmed with a code sent over WhatsApp
    together with an explicit opt-in. Only a confirmed number gets messages; removing the row turns it off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(max_length=16)  # "+316..."
    code_hash = models.CharField(max_length=128, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("WhatsApp-nummer")
        verbose_name_plural = _("WhatsApp-nummers")

    def __str__(self) -> str:
        return f"WhatsApp of {self.user_id}{'' if self.confirmed_at else ' (not confirmed)'}"
