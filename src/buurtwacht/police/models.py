"""What the police send through Buurtwacht, and what comes back.

Two kinds of police message (PoliceMessage.kind), one composer:
- a *dispatch* ("Heterdaadkracht"): to the admins of the groups whose area meets the message's area, who pass it
  on to their group (Forward);
- an *area alert* (Burgernet style): to residents who opted in (AreaAlertOptIn) for an address inside the area,
  who may answer the police alone (Tip).
Both get updates (PoliceUpdate) and always end with an outcome, by hand or by themselves after
POLICE_AUTO_CLOSE_MINUTES. The police never see members or a group's content: only group names and counts.
Control-room systems send through the API with a PoliceToken (stored hashed, bound to gemeenten).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buurtwacht.alerts.models import private_storage
from buurtwacht.delivery.models import Event
from buurtwacht.geo.models import Address, Buurt, Gemeente
from buurtwacht.groups.models import Group


class MessageKind(models.TextChoices):
    DISPATCH = "dispatch", _("Bericht aan beheerders")
    AREA_ALERT = "area_alert", _("Buurtalert aan bewoners")


class Incident(models.TextChoices):
    BURGLARY = "woninginbraak", _("Woninginbraak")
    HOLDUP = "overval", _("Overval")
    STREET_ROBBERY = "straatroof", _("Straatroof")
    MISSING = "vermissing", _("Vermissing")
    VEHICLE = "verdacht_voertuig", _("Verdacht voertuig")
    OTHER = "overig", _("Overig")


class PoliceOutcome(models.TextChoices):
    ARRESTED = "aangehouden", _("Aangehouden")
    NOT_FOUND = "niet_gevonden", _("Niet gevonden")
    FOUND = "terecht", _("Persoon terecht")
    ENDED = "beeindigd", _("Actie beëindigd")
    OTHER = "anders", _("Anders")


class MessageStatus(models.TextChoices):
    OPEN = "open", _("Loopt")
    CLOSED = "closed", _("Beëindigd")


class PoliceToken(models.Model):
    """A control-room system's key to the police API. Only a SHA-256 hash of the token is kept; the token itself
    is printed once, when it is made (`buurtwacht police-token`)."""

    label = models.CharField(_("naam"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("begin van de sleutel"), max_length=12, editable=False)
    gemeenten = models.ManyToManyField(Gemeente, verbose_name=_("gemeenten"), related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("sleutel meldkamerkoppeling")
        verbose_name_plural = _("sleutels meldkamerkoppeling")
        ordering = ["label"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PoliceMessage(models.Model):
    kind = models.CharField(_("soort bericht"), max_length=12, choices=MessageKind.choices)
    incident = models.CharField(_("wat"), max_length=20, choices=Incident.choices)
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.ForeignKey(PoliceToken, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sender_name = models.CharField(_("verzonden door"), max_length=120)
    # Where: the point, and the street it is near (an address: "Molenweg, Dorp"; no house number is shown).
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    location_text = models.CharField(_("plaats"), max_length=200, blank=True)
    # The area: a circle (radius_m) or chosen buurten; `area` is its polygon (GeoJSON, WGS84) with its bbox.
    radius_m = models.PositiveIntegerField(_("straal (m)"), null=True, blank=True)
    buurten = models.ManyToManyField(Buurt, verbose_name=_("buurten"), blank=True, related_name="+")
    area = models.JSONField(_("gebied (GeoJSON, WGS84)"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    description = models.TextField(_("beschrijving"), max_length=2000, blank=True)
    person = models.JSONField(_("signalement persoon"), default=dict, blank=True)
    vehicle = models.JSONField(_("signalement voertuig"), default=dict, blank=True)
    photo = models.ImageField(_("foto"), storage=private_storage, upload_to="police/", blank=True)
    family_consent = models.BooleanField(_("toestemming familie"), default=False)
    status = models.CharField(_("status"), max_length=8, choices=MessageStatus.choices, default=MessageStatus.OPEN)
    outcome = models.CharField(_("afloop"), max_length=16, choices=PoliceOutcome.choices, blank=True)
    outcome_text = models.TextField(_("toelichting afloop"), max_length=1000, blank=True)
    closes_at = models.DateTimeField(_("sluit vanzelf om"))
    closed_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    closed_by_name = models.CharField(_("beëindigd door"), max_length=120, blank=True)
    # The counts when it was sent: {"groups", "groups_off", "admins", "residents"} (kept after anonymising).
    reach = models.JSONField(_("bereik"), default=dict, blank=True)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("verzonden op"), auto_now_add=True, db_index=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("politiebericht")
        verbose_name_plural = _("politieberichten")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["gemeente", "-created_at"], name="police_message_gemeente"),
            models.Index(fields=["status", "closes_at"], name="police_message_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_incident_display()} ({self.pk})"

    @property
    def topic(self) -> str:
        return f"police:{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == MessageStatus.OPEN

    @property
    def is_dispatch(self) -> bool:
        return self.kind == MessageKind.DISPATCH


class PoliceUpdate(models.Model):
    message = models.ForeignKey(PoliceMessage, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("aanvulling"), max_length=1000)
    author_name = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanvulling politie")
        verbose_name_plural = _("aanvullingen politie")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"update {self.pk} of {self.message_id}"


class MessageGroup(models.Model):
    """A group whose admins a message reached, with the count of admins it had then."""

    message = models.ForeignKey(PoliceMessage, on_delete=models.CASCADE, related_name="reached_groups")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    admin_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["message", "group"], name="police_message_group_once")]

    def __str__(self) -> str:
        return f"{self.message_id} -> group {self.group_id}"


class ForwardChannel(models.TextChoices):
    GROUP = "groep", _("Doorgestuurd naar de groep")
    WHATSAPP = "whatsapp", _("Gedeeld via WhatsApp")
    COPY = "kopie", _("Tekst gekopieerd")


class Forward(models.Model):
    """An admin passed a message on. Into the group (channel "groep") once per group, however many admins tap;
    the post's event holds the members' receipts."""

    message = models.ForeignKey(PoliceMessage, on_delete=models.CASCADE, related_name="forwards")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=ForwardChannel.choices)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "group"], condition=Q(channel="groep"), name="police_forward_once_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id} -> {self.group_id} ({self.channel})"

    @property
    def topic(self) -> str:
        return f"police:{self.message_id}:group:{self.group_id}"


class MarkKind(models.TextChoices):
    SEEN = "gezien", _("Gezien")
    CALLED_112 = "112", _("Ik heb 112 gebeld")


class MemberMark(models.Model):
    """What a member may say about a police message in the group: seen it, or called 112. Nothing else."""

    forward = models.ForeignKey(Forward, on_delete=models.CASCADE, related_name="marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=MarkKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["forward", "user", "kind"], name="police_mark_once")]

    def __str__(self) -> str:
        return f"{self.kind} by {self.user_id} on {self.forward_id}"


class AreaAlertOptIn(models.Model):
    """A resident receives police area alerts for this address (home, and at most one more), on these channels.
    The point is copied from the address, so that an area's residents are found with one bounding-box query."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="area_alert_optins")
    address = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="+")
    is_home = models.BooleanField(_("woonadres"), default=True)
    lat = models.FloatField()
    lon = models.FloatField()
    push = models.BooleanField(_("pushbericht"), default=True)
    email = models.BooleanField(_("e-mail"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanmelding buurtalerts")
        verbose_name_plural = _("aanmeldingen buurtalerts")
        constraints = [models.UniqueConstraint(fields=["user", "address"], name="optin_once_per_address")]
        # The point first (a bounding-box query), then every column the reach reads: the query is answered from
        # the index alone, without visiting a table row per resident (police.reach.residents_inside).
        indexes = [models.Index(fields=["lat", "lon", "user", "push", "email"], name="optin_point_reach")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.address_id}"


class Tip(models.Model):
    """ "Ik heb informatie": a resident's answer to an area alert, for the police only."""

    message = models.ForeignKey(PoliceMessage, on_delete=models.CASCADE, related_name="tips")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("informatie"), max_length=1000)
    photo = models.ImageField(_("foto"), storage=private_storage, upload_to="police/tips/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"tip {self.pk} on {self.message_id}"
