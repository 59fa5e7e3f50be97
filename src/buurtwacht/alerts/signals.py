"""Keeping alerts right when things are deleted outside the alert services:

- an account is deleted: the live events that name the person (their alerts, reactions, closings, 112 calls and
  notices, rendered with their first name) are deleted, so a reconnecting page does not replay the name. The
  alerts stay with the group, without their author (alerts.models: SET_NULL);
- a photo row is deleted (a group or alert deleted in /beheer/, or by retention): its files go too, once the
  transaction has committed.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, pre_delete
from django.dispatch import receiver

from buurtwacht.alerts.events import alert_topic, notice_topic
from buurtwacht.alerts.models import Alert, AlertPhoto, Notice, Reaction
from buurtwacht.delivery.services import events_delete


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="alerts.account_deleted")
def account_deleted(sender, instance, **kwargs) -> None:
    named = (
        Q(author=instance)
        | Q(closed_by=instance)
        | Q(called_112_by=instance)
        | Q(pk__in=Reaction.objects.filter(author=instance).values("alert_id"))
    )
    alerts = Alert.objects.filter(named).only("pk")
    notices = Notice.objects.filter(author=instance).only("pk")
    events_delete(topics=[*map(alert_topic, alerts), *map(notice_topic, notices)])


@receiver(post_delete, sender=AlertPhoto, dispatch_uid="alerts.photo_deleted")
def photo_deleted(sender, instance: AlertPhoto, **kwargs) -> None:
    files = [(field.storage, field.name) for field in (instance.image, instance.thumbnail) if field.name]

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)  # a file already gone (retention deletes files first) is no error

    transaction.on_commit(delete_files)
