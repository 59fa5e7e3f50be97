"""Neighbourhood-watch groups and their areas."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtwacht.geo.models import Buurt, Gemeente


class GroupStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op goedkeuring")
    ACTIVE = "active", _("Actief")
    INACTIVE = "inactive", _("Niet actief")
    REJECTED = "rejected", _("Afgewezen")


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
    photo = models.ImageField(_("foto"), upload_to="groups/", blank=True)
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
