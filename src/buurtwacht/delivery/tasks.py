"""Huey tasks for outbound delivery: thin wrappers around outbound.py, webpush.py and email.py.

`deliveries_send` takes a batch of delivery ids; it sends only what it can claim, so running it twice for the same
ids, or after another worker took them, is harmless. Huey drops a task whose worker was killed while running it;
`deliveries_sweep` (every minute) and the start-up hook find what such a task left behind.
"""

from __future__ import annotations

import logging

from django.db import close_old_connections
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task, on_startup

from buurtwacht.delivery import outbound, whatsapp
from buurtwacht.delivery.models import Channel, WhatsAppNumber

logger = logging.getLogger(__name__)


@db_task(retries=2, retry_delay=5)
def deliveries_send(ids: list[int], only: dict[int, list[int]] | None = None) -> int:
    """Claim and send a batch of deliveries; `only` narrows push retries to the subscriptions still due.
    Returns the number claimed."""
    from buurtwacht.delivery.email import deliveries_email
    from buurtwacht.delivery.webpush import deliveries_push

    claimed = outbound.deliveries_claim(ids=ids)
    push = [d for d in claimed if d.channel == Channel.PUSH]
    mail = [d for d in claimed if d.channel == Channel.EMAIL]
    if push:
        deliveries_push(push, only=only)
    if mail:
        deliveries_email(mail)
    messages = [d for d in claimed if d.channel == Channel.WHATSAPP]
    if messages:
        whatsapp.deliveries_whatsapp(messages)
    return len(claimed)


@db_periodic_task(crontab(minute="*"))
def deliveries_sweep() -> None:
    outbound.deliveries_recover()


@on_startup()
def deliveries_recover_on_startup() -> None:
    """A worker that starts picks up what a killed one left (runs in each worker thread; harmless twice)."""
    if not HUEY.immediate:
        close_old_connections()
    try:
        outbound.deliveries_recover(startup=True)
    except Exception:
        logger.exception("Could not recover deliveries at start-up; the minute sweep will try again")
    finally:
        if not HUEY.immediate:
            close_old_connections()


@db_task(retries=3, retry_delay=10)
def whatsapp_code_send(user_id: int, code: str) -> None:
    """The confirmation code for a WhatsApp number, over WhatsApp (retried when the Cloud API is briefly away)."""
    phone = WhatsAppNumber.objects.filter(user_id=user_id, confirmed_at=None).values_list("phone", flat=True).first()
    if not phone or not whatsapp.enabled():
        return
    try:
        whatsapp.send_template(to=phone, parameters=whatsapp.code_message(code))
    except whatsapp.WhatsAppError as exc:
        if exc.transient:
            raise
        logger.warning("WhatsApp code for user %s not sent: %s", user_id, exc)
