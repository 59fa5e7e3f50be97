"""The WhatsApp Cloud API client and channel against the local test server (tests/whatsapp_server.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from buurtwacht.delivery import outbound, whatsapp
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus, EventRecipient, WhatsAppNumber
from tests.delivery.conftest import make_event
from tests.whatsapp_server import TEMPLATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def sanne_on_whatsapp(sanne):
    WhatsAppNumber.objects.create(user=sanne, phone="+31612345678", confirmed_at=timezone.now())
    return sanne


def test_the_client_sends_the_template_and_returns_the_message_id(whatsapp_server):
    wamid = whatsapp.send_template(to="+31612345678", parameters=["Inbraak", "https://x.example/p/1/"])

    [sent] = whatsapp_server.received
    assert wamid == sent["id"] and wamid.startswith("wamid.")
    assert sent["messaging_product"] == "whatsapp" and sent["to"] == "31612345678"
    assert sent["template"]["name"] == TEMPLATE and sent["template"]["language"] == {"code": "nl"}
    assert [p["text"] for p in sent["template"]["components"][0]["parameters"]] == ["Inbraak", "https://x.example/p/1/"]


def test_a_wrong_token_is_a_permanent_error(whatsapp_server, settings):
    settings.WHATSAPP_TOKEN = "wrong"
    with pytest.raises(whatsapp.WhatsAppError) as caught:
        whatsapp.send_template(to="+31612345678", parameters=["x", "y"])
    assert caught.value.status == 401 and not caught.value.transient and not caught.value.unknown
    assert "Invalid OAuth access token" in str(caught.value)
    assert whatsapp_server.received == []


def test_a_bad_body_is_a_permanent_error(whatsapp_server):
    with pytest.raises(whatsapp.WhatsAppError) as caught:
        whatsapp.send_template(to="not a number", parameters=["x"])
    assert caught.value.status == 400 and not caught.value.transient


def test_server_errors_and_429_are_transient(whatsapp_server):
    whatsapp_server.fail_next = [500, 429]
    for status in (500, 429):
        with pytest.raises(whatsapp.WhatsAppError) as caught:
            whatsapp.send_template(to="+31612345678", parameters=["x", "y"])
        assert caught.value.status == status and caught.value.transient
    assert whatsapp.send_template(to="+31612345678", parameters=["x", "y"]).startswith("wamid.")


def test_no_server_is_transient(settings):
    from tests.servers import free_port

    settings.WHATSAPP_API_URL = f"http://127.0.0.1:{free_port()}/v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID, settings.WHATSAPP_TOKEN, settings.WHATSAPP_TEMPLATE = "1", "t", "t"
    with pytest.raises(whatsapp.WhatsAppError) as caught:
        whatsapp.send_template(to="+31612345678", parameters=["x", "y"])
    assert caught.value.transient and not caught.value.unknown


def test_an_admin_with_a_confirmed_number_gets_the_event_on_whatsapp(whatsapp_server, group, sanne_on_whatsapp):
    event = make_event(group)

    outbound.deliveries_queue(
        event=event, user_ids=[sanne_on_whatsapp.pk], channels={"whatsapp": {sanne_on_whatsapp.pk}}
    )

    delivery = Delivery.objects.get(user=sanne_on_whatsapp, channel=Channel.WHATSAPP)
    [sent] = whatsapp_server.received
    assert delivery.status == DeliveryStatus.SENT and delivery.external_id == sent["id"]
    assert sent["to"] == "31612345678"
    short, link = (p["text"] for p in sent["template"]["components"][0]["parameters"])
    assert short.startswith("Inbraak: Buurtpreventie Molenhoek: 21:04")
    assert link.endswith("/groepen/buurtpreventie-molenhoek/meldingen/12/")
    # Accepted by the Cloud API is not yet on the phone: the receipt waits for the 'delivered' callback.
    assert EventRecipient.objects.get(event=event, user=sanne_on_whatsapp).delivered_at is None


def test_no_whatsapp_without_a_confirmed_number_or_without_configuration(whatsapp_server, group, sanne, settings):
    WhatsAppNumber.objects.create(user=sanne, phone="+31612345678")  # not confirmed
    outbound.deliveries_queue(event=make_event(group), user_ids=[sanne.pk], channels={"whatsapp": {sanne.pk}})
    assert not Delivery.objects.filter(channel=Channel.WHATSAPP).exists()

    WhatsAppNumber.objects.filter(user=sanne).update(confirmed_at=timezone.now())
    settings.WHATSAPP_TOKEN = ""
    outbound.deliveries_queue(event=make_event(group), user_ids=[sanne.pk], channels={"whatsapp": {sanne.pk}})
    assert not Delivery.objects.filter(channel=Channel.WHATSAPP).exists()
    assert whatsapp_server.received == []


def test_a_server_error_is_retried_and_sent_once(whatsapp_server, group, sanne_on_whatsapp):
    whatsapp_server.fail_next = [503]
    event = make_event(group)
    outbound.deliveries_queue(
        event=event, user_ids=[sanne_on_whatsapp.pk], channels={"whatsapp": {sanne_on_whatsapp.pk}}
    )

    delivery = Delivery.objects.get(channel=Channel.WHATSAPP)
    assert delivery.status == DeliveryStatus.QUEUED and delivery.external_id == "" and "503" in delivery.error
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    from buurtwacht.delivery.tasks import deliveries_send

    deliveries_send.call_local([delivery.pk])
    deliveries_send.call_local([delivery.pk])  # a second task for the same row sends nothing
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert len(whatsapp_server.received) == 1 and delivery.external_id == whatsapp_server.received[0]["id"]


def test_a_wrong_token_fails_the_delivery(whatsapp_server, group, sanne_on_whatsapp, settings):
    settings.WHATSAPP_TOKEN = "expired"
    outbound.deliveries_queue(
        event=make_event(group), user_ids=[sanne_on_whatsapp.pk], channels={"whatsapp": {sanne_on_whatsapp.pk}}
    )
    delivery = Delivery.objects.get(channel=Channel.WHATSAPP)
    assert delivery.status == DeliveryStatus.FAILED and "401" in delivery.error


def test_a_send_whose_outcome_was_not_saved_is_not_sent_again(whatsapp_server, group, sanne_on_whatsapp, settings):
    """A worker that died between the request and saving its answer leaves the row 'pending': the next claim fails
    it rather than sending the police message a second time."""
    event = make_event(group)
    delivery = Delivery.objects.create(
        event=event, user=sanne_on_whatsapp, channel=Channel.WHATSAPP, status=DeliveryStatus.SENDING, attempts=1,
        claimed_at=timezone.now() - timezone.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS + 5),
        external_id=whatsapp.PENDING,
    )  # fmt: skip
    from buurtwacht.delivery.tasks import deliveries_send

    deliveries_send.call_local([delivery.pk])

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and "outcome unknown" in delivery.error
    assert whatsapp_server.received == []
