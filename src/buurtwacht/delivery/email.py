"""E-mail about an event, for members who chose it or have no push messages.

One message per delivery, rendered in the member's language by core/mail.py, sent at once over one SMTP connection
per batch, and its outcome recorded before the next one goes. Each message first renews its claim, so a slow
batch keeps its rows however long it takes, and a row another worker took over is not sent twice. The Message-ID
is fixed per delivery, so a message sent again after a crash is recognisably the same message.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMultiAlternatives, get_connection
from django.urls import reverse

from buurtwacht.delivery import outbound
from buurtwacht.delivery.outbound import Claim
from buurtwacht.kit.mail import recipient, render_mail

logger = logging.getLogger(__name__)

SMTP_TIMEOUT = 30  # seconds; a mail server that hangs must not hold a worker past its lease


class PermanentError(Exception):
    """Sending this message again will not help (a refused address, a message without text)."""


def message_id(delivery: Claim) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "buurtwacht"
    return f"<delivery-{delivery.pk}@{host}>"


def delivery_message(delivery: Claim) -> EmailMultiAlternatives:
    """The e-mail for one delivery: a mail a service rendered (delivery.mail), or about an event with a message:
    the group, the alert's title and text, a link, and how to change the setting."""
    user, event = delivery.user, delivery.event
    payload = event.payload or {}
    if "mail" in payload:
        return _rendered_message(delivery, payload["mail"])
    if not user.email or not user.email_verified_at:
        raise PermanentError("no confirmed e-mail address")
    to = recipient(user)
    messages = payload.get("message") or {}
    text = messages.get(to.language) or messages.get(settings.LANGUAGE_CODE)
    if not text:
        raise PermanentError("the event has no message text")
    why = payload.get("why") or {}
    context = {
        "group": {"name": payload.get("group_name", "")},
        # Why this person gets it, when it is not as a member of a group (a police message to an admin or a
        # resident who opted in), and where they change that.
        "why": why.get(to.language) or why.get(settings.LANGUAGE_CODE, ""),
        "message": text,
        "kind": event.kind,
        "url": settings.SITE_URL + (payload.get("url") or "/"),
        "settings_url": settings.SITE_URL + (payload.get("settings_path") or reverse("delivery:settings")),
    }
    mail = render_mail("alert_event", context, to)
    _headers(mail, delivery)
    return mail


def _rendered_message(delivery: Claim, rendered: dict) -> EmailMultiAlternatives:
    message = rendered.get((delivery.user.email or "").lower())
    if not message:
        raise PermanentError("no message rendered for this address")
    mail = EmailMultiAlternatives(
        message["subject"], message["text"], settings.DEFAULT_FROM_EMAIL, [message["to"]],
        reply_to=message.get("reply_to") or None,
    )  # fmt: skip
    if message.get("html"):
        mail.attach_alternative(message["html"], "text/html")
    _headers(mail, delivery)
    return mail


def _headers(mail: EmailMultiAlternatives, delivery: Claim) -> None:
    mail.extra_headers.update(
        {
            "Message-ID": message_id(delivery),
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        }
    )


def _permanent(exc: Exception) -> bool:
    """A 5xx answer from the mail server is final; 4xx, a dropped connection or a timeout may pass."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return isinstance(exc, BadHeaderError | ValueError | UnicodeError)


def deliveries_email(deliveries: list[Claim]) -> None:
    """Send claimed e-mail deliveries one by one, recording each outcome before the next message."""
    connection = get_connection(fail_silently=False, timeout=SMTP_TIMEOUT)
    try:
        for delivery in deliveries:
            if not outbound.delivery_renew(delivery):
                continue  # taken over by another worker, or seen meanwhile
            try:
                mail = delivery_message(delivery)
                connection.open()  # once per batch; again after a failure closed it
                connection.send_messages([mail])
            except PermanentError as exc:
                outbound.deliveries_fail(deliveries=[delivery], error=str(exc))
            except (OSError, smtplib.SMTPException, BadHeaderError, ValueError, UnicodeError) as exc:
                logger.warning("E-mail for delivery %s failed: %r", delivery.pk, exc)
                _close_quietly(connection)  # the next message opens a fresh connection
                error = f"{type(exc).__name__}: {exc}"
                if _permanent(exc):
                    outbound.deliveries_fail(deliveries=[delivery], error=error)
                else:
                    outbound.deliveries_retry(deliveries=[delivery], error=error)
            else:
                outbound.deliveries_sent(ids=[delivery.pk])
    finally:
        _close_quietly(connection)


def _close_quietly(connection) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException):
        connection.close()
