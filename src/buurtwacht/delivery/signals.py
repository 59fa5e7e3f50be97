"""Live streams are authenticated when they open. When what they were opened with ends (signing out, a new
password, a deactivated account), the person's open streams are closed in every process; their pages reconnect
and are asked to sign in again where the session no longer holds (delivery.bus.streams_recheck)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver

from buurtwacht.delivery.bus import streams_recheck


def _recheck_on_commit(user_id: int) -> None:
    transaction.on_commit(lambda: streams_recheck([user_id]))


@receiver(user_logged_out, dispatch_uid="delivery.signed_out")
def signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        _recheck_on_commit(user.pk)


@receiver(pre_save, sender=get_user_model(), dispatch_uid="delivery.credentials_changed")
def credentials_changed(sender, instance, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before and (before["password"] != instance.password or before["is_active"] != instance.is_active):
        _recheck_on_commit(instance.pk)
