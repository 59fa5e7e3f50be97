"""Mail that services send (verification, password reset, join requests and decisions, invitations, municipal
contacts, the contact form): rendered now, in each recipient's language, and sent by the worker.

`mail_send` records one `Event` ("mail") with the rendered messages and a `Delivery` per address, in the caller's
transaction: the mail is as durable as the change that caused it, and a request never waits for SMTP. After
commit the deliveries are queued; the worker sends them (delivery.email), retries with back-off when the mail
server is down, and records sent or failed. Nobody's mail goes to the live stream.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.db import transaction

from buurtwacht.delivery.audiences import Audience, people
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus, Event
from buurtwacht.kit.mail import recipient, render_mail

MAIL = "mail"


def mail_send(
    template: str, context: dict, to: Iterable, reply_to: list[str] | None = None, *, audience: Audience | None = None
) -> Event | None:
    """Render `template` for each recipient (users, with their language, or bare addresses; duplicates dropped)
    and queue it. Returns the event, or None when nobody has an address. `audience` names who may still receive
    it when it is sent (the admins of a group, for a join request: an admin who stepped down meanwhile gets
    nothing); by default the people it is addressed to, while their account is active."""
    rendered: dict[str, dict] = {}
    user_of: dict[str, int | None] = {}
    for person in to:
        target = recipient(person)
        address = (target.email or "").strip().lower()
        if not address or address in rendered:
            continue
        message = render_mail(template, context, target, reply_to)
        html = next((body for body, mime in message.alternatives if mime == "text/html"), "")
        rendered[address] = {
            "to": target.email,
            "subject": message.subject,
            "text": message.body,
            "html": html,
            "reply_to": list(reply_to or []),
        }
        user_of[address] = getattr(person, "pk", None)
    if not rendered:
        return None
    user_ids = {pk for pk in user_of.values() if pk is not None}
    if audience is None or not user_ids <= audience.user_ids:
        audience = people(user_ids)
    event = Event.objects.create(
        kind=MAIL, topic=f"mail:{template}", audience=audience.name, payload={"mail": rendered}
    )
    rows = Delivery.objects.bulk_create(
        [
            Delivery(event=event, user_id=user_of[address], address=address, channel=Channel.EMAIL)
            for address in rendered
        ]
    )
    ids = [row.pk for row in rows if row.pk] or list(
        Delivery.objects.filter(event=event, status=DeliveryStatus.QUEUED).values_list("pk", flat=True)
    )
    transaction.on_commit(partial(_queue, ids))
    return event


def _queue(ids: list[int]) -> None:
    from buurtwacht.delivery.outbound import deliveries_enqueue

    deliveries_enqueue(ids=ids)
