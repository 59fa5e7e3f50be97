"""The police side of the demo: residents who opted in to police area alerts, and two messages from the wijkagent
so that the console and the recipients' pages have something to show.

- Opt-ins: the resident persona for their home address, and some generated residents across the gemeente (inside
  and outside the area alert's circle).
- A dispatch (Heterdaadkracht) round the personas' group, already closed with its outcome: it reached the admins
  of the groups in the circle, the admin persona among them.
- An open area alert round the resident persona's home: it reached the opted-in residents inside the circle.

Sent through the services, as the console sends them (police.services), so the reach, the events and the
receipts are real. Their push and e-mail go to addresses under demo.invalid; in dev mode mail is printed.
"""

from __future__ import annotations

import random

from buurtwacht.accounts.models import User
from buurtwacht.alerts.rules import Place
from buurtwacht.delivery.services import events_delete
from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.people import DEMO_DOMAIN, POLICE, RESIDENT
from buurtwacht.geo.models import Gemeente
from buurtwacht.geo.shapes import to_geometry
from buurtwacht.groups.models import Group
from buurtwacht.police.models import Forward, PoliceMessage
from buurtwacht.police.permissions import Sender
from buurtwacht.police.rules import MessageInput
from buurtwacht.police.services import message_close, message_send, optin_save

OPTED_IN = 60  # generated residents with area alerts on, besides the resident persona
DISPATCH_RADIUS_M = 700
AREA_ALERT_RADIUS_M = 500


def demo_police_remove() -> None:
    """The demo gemeente's police messages, with the events people received about them (the gemeente cannot go
    while messages name it)."""
    messages = PoliceMessage.objects.filter(gemeente__code=GEMEENTE_CODE)
    forwards = Forward.objects.filter(message__in=messages).select_related("message")
    events_delete(topics=[m.topic for m in messages] + [f.topic for f in forwards])
    messages.delete()


def demo_optins_create(*, rng: random.Random) -> int:
    """Area alerts on for the resident persona's home and for some generated residents; returns how many."""
    resident = User.objects.select_related("address").get(email=RESIDENT.email)
    optin_save(
        user=resident,
        postcode=resident.address.postcode,
        house_number=resident.address.house_number,
        is_home=True,
        push=True,
        email=True,
    )
    generated = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", address__isnull=False, password__startswith="!")  # noqa: S106 - generated, unusable
        .select_related("address")
        .order_by("pk")
    )
    chosen = rng.sample(generated, min(OPTED_IN, len(generated)))
    for user in chosen:
        push = rng.random() < 0.8
        optin_save(
            user=user,
            postcode=user.address.postcode,
            house_number=user.address.house_number,
            is_home=True,
            push=push,
            email=not push or rng.random() < 0.5,
        )
    return len(chosen) + 1


def demo_police_messages_create(*, gemeente: Gemeente, group: Group) -> list[PoliceMessage]:
    """The wijkagent's dispatch round the group (closed: the suspect was arrested) and open area alert round the
    resident persona's home."""
    police = User.objects.get(email=POLICE.email)
    sender = Sender(name=police.full_name, gemeente_ids=frozenset({gemeente.pk}), user=police)
    middle = to_geometry(group.area).representative_point()
    dispatch = message_send(
        sender=sender,
        data=MessageInput(
            kind="dispatch",
            incident="woninginbraak",
            place=Place(lon=middle.x, lat=middle.y),
            radius_m=DISPATCH_RADIUS_M,
            description="Inbraak in een woning, de verdachte is te voet gevlucht richting het park.",
            person={"sex": "man", "age": "18_30", "build": "tenger", "clothing": "zwarte jas, grijze muts, rugzak"},
        ),
    )
    message_close(
        sender=sender,
        message=dispatch,
        outcome="aangehouden",
        text_="Dankzij een tip uit de buurt is de verdachte aangehouden. Dank voor het uitkijken.",
    )
    home = User.objects.select_related("address").get(email=RESIDENT.email).address
    area_alert = message_send(
        sender=sender,
        data=MessageInput(
            kind="area_alert",
            incident="verdacht_voertuig",
            place=Place(lon=home.lon + 0.0015, lat=home.lat + 0.0008),
            radius_m=AREA_ALERT_RADIUS_M,
            description="Na een reeks inbraken zoeken wij dit voertuig. Niet zelf aanspreken.",
            vehicle={
                "type": "bestelbus",
                "make": "Volkswagen Transporter",
                "colour": "wit",
                "direction": "richting de N-weg",
            },
        ),
    )
    return [dispatch, area_alert]


def demo_police_create(*, gemeente: Gemeente, group: Group, rng: random.Random) -> list[PoliceMessage]:
    """Opt-ins first (the area alert reaches them), then the two messages."""
    demo_optins_create(rng=rng)
    return demo_police_messages_create(gemeente=gemeente, group=group)
