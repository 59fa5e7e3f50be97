"""A gemeente's own settings: who hears of a new group (team Veiligheid, wijkagent, wijkwethouder)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from buurtwacht.geo.models import Gemeente, Wijk


class GemeenteSettings(models.Model):
    gemeente = models.OneToOneField(Gemeente, on_delete=models.CASCADE, related_name="settings")
    veiligheid_email = models.EmailField(
        _("e-mail team Veiligheid"), blank=True, help_text=_("Krijgt bericht van elke goedgekeurde groep.")
    )

    class Meta:
        verbose_name = _("instellingen gemeente")
        verbose_name_plural = _("instellingen gemeenten")

    def __str__(self) -> str:
        return str(self.gemeente)


class WijkContact(models.Model):
    """The wijkagent and the wijkwethouder of a wijk: they hear of every group that becomes active there."""

    wijk = models.OneToOneField(Wijk, on_delete=models.CASCADE, related_name="contact")
    wijkagent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wijkagent (account)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    wijkagent_email = models.EmailField(_("e-mail wijkagent"), blank=True)
    wijkwethouder_name = models.CharField(_("naam wijkwethouder"), max_length=120, blank=True)
    wijkwethouder_email = models.EmailField(_("e-mail wijkwethouder"), blank=True)

    class Meta:
        verbose_name = _("contacten wijk")
        verbose_name_plural = _("contacten wijken")

    def __str__(self) -> str:
        return str(self.wijk)
