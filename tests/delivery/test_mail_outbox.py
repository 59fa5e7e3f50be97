"""All mail goes through the outbox (delivery.mail): rendered in the request, recorded with the change that caused
it, sent by the worker over a real SMTP server (aiosmtpd), retried when the server is down."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from buurtwacht.delivery.mail import mail_send
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus
from buurtwacht.delivery.tasks import deliveries_send
from buurtwacht.kit.mail import Recipient
from tests.factories import UserFactory
from tests.mailserver import free_port

pytestmark = pytest.mark.django_db


def send_welcome(to) -> None:
    """A mail as a service sends it, and what follows the commit (also inside a test's own transaction)."""
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        mail_send("account_deleted", {}, to)


def test_a_mail_is_a_queued_delivery_until_its_transaction_commits(town, smtp):
    anna = UserFactory(first_name="Anna", email="anna@example.org")
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        mail_send("account_deleted", {}, [anna])
        [delivery] = Delivery.objects.all()
        assert (delivery.user, delivery.channel, delivery.status) == (anna, Channel.EMAIL, DeliveryStatus.QUEUED)
        assert smtp.messages == []  # nothing leaves before the change is saved
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    [message] = smtp.to("anna@example.org")
    assert message["Message-ID"].startswith(f"<delivery-{delivery.pk}@")


def test_a_rolled_back_change_sends_no_mail(town, smtp):
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_send("account_deleted", {}, ["anna@example.org"])
        raise RuntimeError("the change failed")
    assert smtp.messages == [] and not Delivery.objects.exists()


def test_mail_to_an_address_without_an_account(town, smtp):
    send_welcome([Recipient(email="Veiligheid@Gemeente.example", language="en")])
    [delivery] = Delivery.objects.all()
    assert delivery.user is None and delivery.address == "veiligheid@gemeente.example"
    [message] = smtp.to("Veiligheid@Gemeente.example")
    assert message["Subject"] and delivery.status == DeliveryStatus.SENT


def test_each_recipient_gets_the_mail_in_their_own_language_once(town, smtp):
    anna = UserFactory(email="anna@example.org", language="nl")
    tom = UserFactory(email="tom@example.org", language="en")
    send_welcome([anna, tom, "ANNA@example.org"])
    assert Delivery.objects.count() == 2
    dutch, english = smtp.to("anna@example.org")[0], smtp.to("tom@example.org")[0]
    assert dutch["Subject"] != english["Subject"]


def test_a_mail_server_that_is_down_gets_the_mail_later(town, settings):
    from tests.mailserver import Inbox

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens
    send_welcome(["anna@example.org"])
    [delivery] = Delivery.objects.all()
    assert delivery.status == DeliveryStatus.QUEUED and delivery.next_attempt_at > timezone.now()
    assert "ConnectionRefusedError" in delivery.error

    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    controller.start()
    try:
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())  # the back-off has passed
        deliveries_send([delivery.pk])
    finally:
        controller.stop()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert inbox.to("anna@example.org")
