"""E-mail: every message in the recipient's language, as plain text and HTML, sent after the commit.

A message is three templates under templates/emails/: `<name>_subject.txt`, `<name>.txt` and `<name>.html`
(which extends emails/base.html). Each recipient gets the message rendered in their own language.

A mail server that is down must not turn a saved request or decision into an error page: the failure is logged.
(Durable, retried delivery comes with the task queue.)
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


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


def send_now(message: EmailMultiAlternatives) -> bool:
    try:
        message.send()
    except (OSError, smtplib.SMTPException, BadHeaderError):
        logger.exception("Could not send e-mail %r to %s", message.subject, message.to)
        return False
    return True


def mail_on_commit(template: str, context: dict, to, reply_to: list[str] | None = None) -> None:
    """Render `template` for each recipient (users or addresses; duplicates dropped) and send after commit."""
    seen: set[str] = set()
    messages = []
    for person in to:
        target = recipient(person)
        if not target.email or target.email.lower() in seen:
            continue
        seen.add(target.email.lower())
        messages.append(render_mail(template, context, target, reply_to))

    def send() -> None:
        for message in messages:
            send_now(message)

    transaction.on_commit(send)
