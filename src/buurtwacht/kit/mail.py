"""E-mail rendering: every message in the recipient's language, as plain text and HTML.

A message is three templates under templates/emails/: `<name>_subject.txt`, `<name>.txt` and `<name>.html`
(which extends emails/base.html). Each recipient gets the message rendered in their own language. Sending is
delivery's: `delivery.mail.mail_send` records the rendered messages and the worker sends them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = settings.LANGUAGE_CODE
    name: str = ""


def recipient(person) -> Recipient:
    """A Recipient from a user (with their language) or from a bare e-mail address (Dutch)."""
    if isinstance(person, Recipient):
        return person
    if isinstance(person, str):
        return Recipient(email=person)
    return Recipient(email=person.email, language=person.language or settings.LANGUAGE_CODE, name=person.first_name)


def render_mail(
    template: str, context: dict, to: Recipient, reply_to: list[str] | None = None
) -> EmailMultiAlternatives:
    with translation.override(to.language):
        context = {**context, "recipient": to, "site_url": settings.SITE_URL}
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to.email], reply_to=reply_to)
    message.attach_alternative(html, "text/html")
    return message
