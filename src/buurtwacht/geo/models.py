"""Gemeenten, wijken, buurten (CBS) and BAG addresses.

Areas are stored as GeoJSON in WGS84 (lon, lat) with their bounding box; point-in-area questions are
answered by the in-process spatial index (`buurtwacht.geo.index`), not by the database.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """What gemeente, wijk and buurt share: a CBS code, a name, a polygon and key figures."""

    code = models.CharField(_("CBS-code"), max_length=10, unique=True)
    name = models.CharField(_("naam"), max_length=200, blank=True)
    geometry = models.JSONField(_("geometrie (GeoJSON, WGS84)"), null=True, blank=True)
    min_lon = models.FloatField(null=True, blank=True)
    min_lat = models.FloatField(null=True, blank=True)
    max_lon = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    inhabitants = models.PositiveIntegerField(_("inwoners"), null=True, blank=True)
    households = models.PositiveIntegerField(_("huishoudens"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name or self.code} ({self.code})"

    @property
    def display_name(self) -> str:
        return self.name or self.code


class Gemeente(Area):
    class Meta(Area.Meta):
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")


class Wijk(Area):
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="wijken")

    class Meta(Area.Meta):
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")


class Buurt(Area):
    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, related_name="buurten")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="buurten")

    class Meta(Area.Meta):
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")


class Address(models.Model):
    """A BAG address (verblijfsobject address) with its point."""

    street = models.CharField(_("straat"), max_length=200)
    number = models.PositiveIntegerField(_("huisnummer"))
    letter = models.CharField(_("huisletter"), max_length=1, blank=True, default="")
    addition = models.CharField(_("toevoeging"), max_length=4, blank=True, default="")
    postcode = models.CharField(_("postcode"), max_length=6)
    place = models.CharField(_("woonplaats"), max_length=100)
    municipality_name = models.CharField(_("gemeente (BAG)"), max_length=100, blank=True, default="")
    lat = models.FloatField()
    lon = models.FloatField()

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        ordering = ["postcode", "number", "letter", "addition"]
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "number", "letter", "addition"], name="address_unique_per_postcode"
            )
        ]
        indexes = [models.Index(fields=["lat", "lon"], name="address_point")]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.postcode_display} {self.place}"

    @property
    def house_number(self) -> str:
        text = f"{self.number}{self.letter}"
        return f"{text}-{self.addition}" if self.addition else text

    @property
    def postcode_display(self) -> str:
        return f"{self.postcode[:4]} {self.postcode[4:]}"


class AreaVersion(models.Model):
    """A counter per spatial layer, bumped whenever the layer's areas change.

    Every process keeps its own spatial index and rebuilds it when the counter it built from is no longer the
    one stored here, so a change made in one process reaches the lookups of all others.
    """

    layer = models.CharField(max_length=20, primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.layer} v{self.version}"
