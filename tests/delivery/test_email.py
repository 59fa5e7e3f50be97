"""Alert e-mail over a real SMTP server (aiosmtpd on loopback), in the member's language."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from buurtwacht.delivery import email, outbound
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus
from tests.delivery.conftest import alert_payload, make_event
from tests.mailserver import Inbox, free_port

pytestmark = pytest.mark.django_db


def test_a_member_without_push_gets_the_alert_by_mail_in_dutch(smtp, group, mila, settings):
    settings.SITE_URL = "https://buurtwacht.example.nl"
    event = make_event(group)

    outbound.deliveries_queue(event=event, user_ids=[mila.pk])

    [message] = smtp.to("mila@example.org")
    delivery = Delivery.objects.get(user=mila, channel=Channel.EMAIL)
    assert delivery.status == DeliveryStatus.SENT and delivery.sent_at is not None
    assert message["Subject"] == "Inbraak: Buurtpreventie Molenhoek"
    assert message["Message-ID"] == f"<delivery-{delivery.pk}@buurtwacht.example.nl>"
    assert message["Auto-Submitted"] == "auto-generated"
    text = smtp.text(message)
    assert "Beste Mila," in text
    assert "Twee personen bij de achterdeur." in text
    assert "https://buurtwacht.example.nl/groepen/buurtpreventie-molenhoek/meldingen/12/" in text
    assert "U krijgt deze e-mail als deelnemer van Buurtpreventie Molenhoek" in text
    assert "https://buurtwacht.example.nl/meldingen-ontvangen/" in text
    html = smtp.parts(message)["text/html"]
    assert 'href="https://buurtwacht.example.nl/groepen/buurtpreventie-molenhoek/meldingen/12/"' in html
    assert "Twee personen bij de achterdeur." in html


def test_an_english_member_gets_it_in_english(smtp, group, mila):
    mila.language = "en"
    mila.save()
    outbound.deliveries_queue(event=make_event(group), user_ids=[mila.pk])

    [message] = smtp.to("mila@example.org")
    assert message["Subject"] == "Burglary: Buurtpreventie Molenhoek"
    assert "Two people at the back door." in smtp.text(message)


def test_an_english_member_gets_dutch_when_the_event_has_no_english(smtp, group, mila):
    mila.language = "en"
    mila.save()
    outbound.deliveries_queue(event=make_event(group, payload=alert_payload(languages=("nl",))), user_ids=[mila.pk])
    assert smtp.to("mila@example.org")[0]["Subject"] == "Inbraak: Buurtpreventie Molenhoek"


def test_the_alert_text_is_escaped_in_the_html_part(smtp, group, mila):
    payload = alert_payload()
    payload["message"]["nl"]["text"] = "Man met <script>alert(1)</script> bij de poort"
    outbound.deliveries_queue(event=make_event(group, payload=payload), user_ids=[mila.pk])
    html = smtp.parts(smtp.to("mila@example.org")[0])["text/html"]
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_resent_mail_has_the_same_message_id(smtp, group, mila):
    event = make_event(group)
    outbound.deliveries_queue(event=event, user_ids=[mila.pk])
    delivery = Delivery.objects.get(user=mila)
    assert outbound.deliveries_claim(ids=[delivery.pk]) == []  # sent: never sent again

    # As if a worker died after the SMTP server took the message but before the row said so.
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.QUEUED, next_attempt_at=timezone.now())
    email.deliveries_email(outbound.deliveries_claim(ids=[delivery.pk]))

    first, second = smtp.to("mila@example.org")
    assert first["Message-ID"] == second["Message-ID"]


def test_a_mail_server_that_is_down_means_a_retry(group, mila, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens

    outbound.deliveries_queue(event=make_event(group), user_ids=[mila.pk])

    delivery = Delivery.objects.get(user=mila)
    assert delivery.status == DeliveryStatus.QUEUED and delivery.next_attempt_at > delivery.claimed_at
    assert "Connection" in delivery.error or "refused" in delivery.error


class RefusingInbox(Inbox):
    """A mail server that does not know one recipient (550) and is busy for another (451)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("mila@"):
            return "550 5.1.1 No such user"
        if address.startswith("joost@"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def refusing_smtp(settings):
    inbox = RefusingInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    yield inbox
    controller.stop()


def test_an_address_the_mail_server_refuses_fails_and_the_batch_goes_on(refusing_smtp, group, mila, joost, noor):
    noor.alert_mail = "altijd"
    noor.save()

    outbound.deliveries_queue(event=make_event(group), user_ids=[mila.pk, joost.pk, noor.pk])

    status = {d.user_id: d for d in Delivery.objects.filter(channel=Channel.EMAIL)}
    assert status[mila.pk].status == DeliveryStatus.FAILED and "550" in status[mila.pk].error
    assert status[joost.pk].status == DeliveryStatus.QUEUED and "451" in status[joost.pk].error  # retried later
    assert status[noor.pk].status == DeliveryStatus.SENT
    assert [m["To"] for m in refusing_smtp.messages] == ["noor@example.org"]


def test_a_member_whose_address_is_no_longer_confirmed_gets_no_mail(smtp, group, mila):
    delivery = Delivery.objects.create(event=make_event(group), user=mila, channel=Channel.EMAIL)
    mila.email_verified_at = None
    mila.save()

    email.deliveries_email(outbound.deliveries_claim(ids=[delivery.pk]))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and smtp.messages == []


def test_a_slow_batch_keeps_its_claim_and_skips_what_another_worker_took_over(smtp, group, mila, joost):
    event = make_event(group)
    rows = [Delivery.objects.create(event=event, user=person, channel=Channel.EMAIL) for person in (mila, joost)]
    claims = outbound.deliveries_claim(ids=[row.pk for row in rows])
    # The batch ran past its lease: Joost's row was claimed again by another worker.
    Delivery.objects.filter(pk=rows[1].pk).update(claimed_at=timezone.now())

    email.deliveries_email(claims)

    assert [m["To"] for m in smtp.messages] == ["mila@example.org"]
    rows[1].refresh_from_db()
    assert rows[1].status == DeliveryStatus.SENDING  # the other worker's to send and record
