"""Neighbourhood-watch groups and their areas."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtwacht.geo.models import Address, Buurt, Gemeente, Wijk
from buurtwacht.kit.storage import private_storage


def new_token() -> str:
    return secrets.token_urlsafe(16)


class GroupStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op goedkeuring")
    ACTIVE = "active", _("Actief")
    INACTIVE = "inactive", _("Niet actief")
    REJECTED = "rejected", _("Afgewezen")


class AlertPlace(models.TextChoices):
    """Where a group's alerts happen (issue 12): most groups today live on WhatsApp."""

    BUURTWACHT = "buurtwacht", _("In Buurtwacht")
    WHATSAPP = "whatsapp", _("In WhatsApp")
    BOTH = "both", _("In Buurtwacht en WhatsApp")


class GroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=GroupStatus.ACTIVE)

    def pending(self):
        return self.filter(status=GroupStatus.PENDING)

    def overlapping_bbox(self, min_lon: float, min_lat: float, max_lon: float, max_lat: float):
        return self.filter(min_lon__lte=max_lon, max_lon__gte=min_lon, min_lat__lte=max_lat, max_lat__gte=min_lat)


class Group(models.Model):
    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("korte naam"), max_length=140, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    # Both private (core.storage) under random names: `photo` is the re-encoded photo, served by groups:photo only
    # while the group is active (and to its reviewers); `photo_upload` is the upload as received, waiting for the
    # task that re-encodes it (groups.photos).
    photo = models.ImageField(_("foto"), storage=private_storage, upload_to="groups/", blank=True, editable=False)
    photo_upload = models.FileField(storage=private_storage, upload_to="groups/incoming/", blank=True, editable=False)
    gemeente = models.ForeignKey(Gemeente, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="groups")
    buurten = models.ManyToManyField(
        Buurt,
        verbose_name=_("buurten"),
        blank=True,
        related_name="groups",
        help_text=_("Buurten die het gebied vormen"),
    )
    area = models.JSONField(_("gebied (GeoJSON, WGS84)"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    area_m2 = models.FloatField(_("oppervlakte (m²)"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.PENDING)
    founded_on = models.DateField(_("opgericht op"), null=True, blank=True)
    # Where the municipality files the group: the wijk holding most of its area, and the woonplaats (village)
    # most of its addresses are in.
    wijk = models.ForeignKey(
        Wijk, verbose_name=_("wijk"), null=True, blank=True, on_delete=models.SET_NULL, related_name="groups"
    )
    place = models.CharField(_("woonplaats"), max_length=100, blank=True)
    min_age = models.PositiveSmallIntegerField(
        _("minimumleeftijd"),
        default=18,
        validators=[MinValueValidator(18), MaxValueValidator(99)],
        help_text=_("Deelnemers zijn minstens 18; een groep mag een hogere leeftijd kiezen."),
    )
    police_messages = models.BooleanField(
        _("politieberichten ontvangen"),
        default=True,
        help_text=_("Beheerders krijgen berichten van de politie over de buurt, om door te sturen naar de groep."),
    )
    alert_place = models.CharField(
        _("waar de groep meldt"), max_length=10, choices=AlertPlace.choices, default=AlertPlace.BUURTWACHT
    )
    # The group's WhatsApp invite link: private, shown only to admitted members (through groups:whatsapp_open,
    # which records who opened it). Never on public pages, in the public API or to municipal staff and police.
    whatsapp_link = models.CharField(_("WhatsApp-uitnodigingslink"), max_length=80, blank=True, editable=False)
    whatsapp_link_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the admins were first offered the message inviting the WhatsApp members to Buurtwacht: memberships
    # joined after it count as members who came over.
    switch_message_since = models.DateTimeField(null=True, blank=True, editable=False)
    # The secret part of the group's invite link (and QR code); an admin can replace it.
    invite_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    member_count = models.PositiveIntegerField(_("aantal deelnemers"), default=0)
    address_count = models.PositiveIntegerField(_("aantal aangesloten adressen"), default=0)
    # How the municipality and the contact form reach the group. Never shown on public pages or in the API.
    contact_name = models.CharField(_("naam contactpersoon"), max_length=120)
    contact_email = models.EmailField(_("e-mail contactpersoon"))
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("aangemeld op"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_note = models.TextField(_("toelichting beoordeling"), blank=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("buurtpreventiegroep")
        verbose_name_plural = _("buurtpreventiegroepen")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "min_lon", "max_lon"], name="group_status_bbox"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == GroupStatus.ACTIVE

    @property
    def alerts_in_whatsapp(self) -> bool:
        return self.alert_place in (AlertPlace.WHATSAPP, AlertPlace.BOTH)

    @property
    def alerts_in_buurtwacht(self) -> bool:
        return self.alert_place in (AlertPlace.BUURTWACHT, AlertPlace.BOTH)

    @property
    def photo_url(self) -> str:
        if not self.photo:
            return ""
        return reverse("groups:photo", kwargs={"slug": self.slug, "filename": self.photo.name.rsplit("/", 1)[-1]})


class ContactMessage(models.Model):
    """A message sent through a group's public contact form; forwarded by e-mail to the group's contact."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="contact_messages")
    sender_name = models.CharField(_("naam"), max_length=120)
    sender_email = models.EmailField(_("e-mailadres"))
    body = models.TextField(_("bericht"), max_length=4000)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contactbericht")
        verbose_name_plural = _("contactberichten")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.sender_name} -> {self.group}"


class HouseRules(models.Model):
    """One version of a group's house rules. Editing makes a new version; members accepted a particular one."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="house_rules")
    version = models.PositiveIntegerField(_("versie"))
    text = models.TextField(_("huisregels"), max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("huisregels")
        verbose_name_plural = _("huisregels")
        ordering = ["group", "-version"]
        constraints = [models.UniqueConstraint(fields=["group", "version"], name="house_rules_version_unique")]

    def __str__(self) -> str:
        return f"{self.group}: v{self.version}"


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Deelnemer")
    ADMIN = "admin", _("Beheerder")


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_at = models.DateTimeField(_("lid sinds"), auto_now_add=True)
    # When the member first opened the group's current WhatsApp invite link (reset when the link is renewed).
    whatsapp_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    rules = models.ForeignKey(
        HouseRules,
        verbose_name=_("geaccepteerde huisregels"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["group", "-role", "joined_at"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == MemberRole.ADMIN


class JoinStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op beheerder")
    APPROVED = "approved", _("Toegelaten")
    REFUSED = "refused", _("Geweigerd")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class JoinRequest(models.Model):
    """A resident asks to join. Name and contact come from the account; the address is the one used for the
    request, checked against the group's area: outside it is allowed but flagged for the admins, with the distance.
    """

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    status = models.CharField(_("status"), max_length=10, choices=JoinStatus.choices, default=JoinStatus.PENDING)
    address = models.ForeignKey(Address, null=True, on_delete=models.SET_NULL, related_name="+")
    inside_area = models.BooleanField(_("adres in het gebied"), default=True)
    distance_m = models.FloatField(_("afstand tot het gebied (m)"), default=0)
    declared_min_age = models.BooleanField(_("verklaart de minimumleeftijd te hebben"), default=False)
    rules = models.ForeignKey(
        HouseRules, verbose_name=_("geaccepteerde huisregels"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("bericht aan de beheerders"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reden"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("aanvraag lidmaatschap")
        verbose_name_plural = _("aanvragen lidmaatschap")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(status="pending"), name="join_request_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} -> {self.group} ({self.get_status_display()})"


class AdminInvite(models.Model):
    """An admin invites someone, by e-mail address, to become a co-admin. The link in the mail is single-use."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="admin_invites")
    email = models.EmailField(_("e-mailadres"))
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("uitnodiging beheerder")
        verbose_name_plural = _("uitnodigingen beheerder")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} -> {self.group}"
