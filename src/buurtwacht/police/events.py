"""What people receive about a police message: the card for the live page (in every language), and the title,
short body and mail text for push and e-mail. Rendered once, when the event is recorded.

Kinds (delivery.Event.kind): "police" (the message, to admins or residents), "police-update", "police-closed",
and "police-post" (an admin passed it into their group: to its members). The first three have the message's topic
("police:<pk>"), a group post and what follows it the forward's ("police:<pk>:group:<group pk>")."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from buurtwacht.police import text
from buurtwacht.police.models import Forward, MessageKind, PoliceMessage

MESSAGE, UPDATE, CLOSED, POST = "police", "police-update", "police-closed", "police-post"


def _each_language(render) -> dict:
    out = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            out[code] = render()
    return out


def _message(message: PoliceMessage, title_of) -> dict:
    title = title_of()
    body = Truncator(text.message_text(message).split("\n", 1)[-1]).chars(180)
    return {"title": title, "body": body, "text": f"{title}\n\n{text.message_text(message)}"}


def recipient_payload(message: PoliceMessage, *, kind: str, extra: str = "") -> dict:
    """For the admins or residents the message reached: their message page and its card."""
    target = f"police-{message.pk}"
    url = reverse("police:received", args=[message.pk])

    def title():
        if kind == UPDATE:
            return _("Aanvulling politie: %(incident)s") % {"incident": message.get_incident_display().lower()}
        if kind == CLOSED:
            return _("Afgelopen: %(headline)s") % {"headline": text.headline(message)}
        return text.headline(message)

    def message_text():
        out = _message(message, title)
        if extra:
            out["body"] = Truncator(extra).chars(180)
        return out

    def why():
        if message.kind == MessageKind.DISPATCH:
            return _(
                "U krijgt dit bericht van de politie als beheerder van een buurtpreventiegroep in het gebied, om het "
                "door te sturen naar uw groep. Beheerders kunnen politieberichten uitzetten bij de instellingen van "
                "hun groep."
            )
        return _("U krijgt dit buurtalert omdat u buurtalerts van de politie heeft aangezet voor een adres hier.")

    return {
        "target": target,
        "list": "police",
        "url": url,
        "why": _each_language(why),
        "settings_path": reverse("accounts:home" if message.kind == MessageKind.DISPATCH else "police:optins"),
        "tag": target,
        "html": _each_language(
            lambda: render_to_string("police/_received_card.html", {"message": message, "live": True})
        ),
        "message": _each_language(message_text),
    }


def post_payload(forward: Forward, *, kind: str, extra: str = "") -> dict:
    """For the members of a group an admin passed the message into: a police post in the group's list."""
    message = forward.message
    target = f"police-{message.pk}-{forward.group_id}"

    def title():
        prefix = {
            UPDATE: _("Aanvulling politie"),
            CLOSED: _("Afgelopen"),
        }.get(kind, _("Bericht van de politie"))
        return f"{prefix}: {message.get_incident_display().lower()} ({forward.group.name})"

    def message_text():
        out = _message(message, title)
        if extra:
            out["body"] = Truncator(extra).chars(180)
        return out

    return {
        "group": forward.group_id,
        "group_name": forward.group.name,
        "target": target,
        "list": "alerts",
        "url": reverse("police:post", args=[message.pk, forward.group.slug]),
        "tag": target,
        "html": _each_language(
            lambda: render_to_string("police/_post_card.html", {"message": message, "forward": forward, "live": True})
        ),
        "message": _each_language(message_text),
    }
