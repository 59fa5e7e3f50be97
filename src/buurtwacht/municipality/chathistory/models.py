"""Counts per month of a group's history on WhatsApp, from an uploaded chat export. Never a name, a number or a
word of what was said: only these counts, marked as coming from WhatsApp (`source`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChatSource(models.TextChoices):
    WHATSAPP = "whatsapp", _("WhatsApp")


class ChatMonth(models.Model):
    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="chat_months")
    source = models.CharField(_("bron"), max_length=12, choices=ChatSource.choices, default=ChatSource.WHATSAPP)
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    messages = models.PositiveIntegerField(_("berichten"))
    police_mentions = models.PositiveIntegerField(_("berichten over 112 of politie"))
    alert_like = models.JSONField(_("berichten die op een melding lijken, per soort"), default=dict)
    participants = models.PositiveIntegerField(_("verschillende deelnemers"))
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now=True)

    class Meta:
        verbose_name = _("chatgeschiedenis per maand")
        verbose_name_plural = _("chatgeschiedenis per maand")
        ordering = ["group", "month"]
        constraints = [
            models.UniqueConstraint(fields=["group", "source", "month"], name="chat_month_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.source} {self.month:%Y-%m}: {self.messages}"

    @property
    def alert_like_total(self) -> int:
        return sum(self.alert_like.values())
