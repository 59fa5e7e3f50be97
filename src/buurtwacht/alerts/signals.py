"""A photo row that is deleted (a group or alert deleted in /beheer/, or by retention) takes its files along, once
the transaction has committed. (What an account's deletion ends is alerts.services.events_naming_delete, run by
the accounts service through accounts.hooks.)"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from buurtwacht.alerts.models import AlertPhoto


@receiver(post_delete, sender=AlertPhoto, dispatch_uid="alerts.photo_deleted")
def photo_deleted(sender, instance: AlertPhoto, **kwargs) -> None:
    files = [(field.storage, field.name) for field in (instance.image, instance.thumbnail) if field.name]

    def delete_files() -> None:
        for storage, name in files:
            storage.delete(name)  # a file already gone (retention deletes files first) is no error

    transaction.on_commit(delete_files)
