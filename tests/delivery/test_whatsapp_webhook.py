"""The WhatsApp webhook: the subscription challenge, the signature, and statuses into deliveries and receipts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus, EventRecipient
from tests.delivery.conftest import make_event
from tests.whatsapp_server import APP_SECRET, VERIFY_TOKEN, sign, status_body

pytestmark = pytest.mark.django_db
URL = "/webhooks/whatsapp"


@pytest.fixture
def configured(settings):
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN


@pytest.fixture
def sent_delivery(group, sanne):
    event = make_event(group)
    return Delivery.objects.create(
        event=event, user=sanne, channel=Channel.WHATSAPP, status=DeliveryStatus.SENT, sent_at=timezone.now(),
        external_id="wamid.ABC",
    )  # fmt: skip


def post(client, wamid: str, status: str, *, secret: str = APP_SECRET, timestamp: int | None = None):
    raw = status_body(wamid, status, timestamp=timestamp)
    return client.post(URL, raw, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(raw, secret))


def receipt(delivery):
    return EventRecipient.objects.get(event_id=delivery.event_id, user_id=delivery.user_id)


def test_the_route_is_the_documented_one():
    assert reverse("delivery:whatsapp_webhook") == URL


def test_the_subscription_challenge_is_answered_with_the_right_token(client, configured):
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    response = client.get(URL, params)
    assert response.status_code == 200 and response.content == b"1158201444"
    assert client.get(URL, params | {"hub.verify_token": "wrong"}).status_code == 403
    assert client.get(URL, params | {"hub.mode": "unsubscribe"}).status_code == 403


def test_without_configuration_everything_is_refused(client, sent_delivery):
    params = {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
    assert client.get(URL, params).status_code == 403
    assert post(client, "wamid.ABC", "delivered").status_code == 403


def test_a_bad_or_missing_signature_is_403_and_changes_nothing(client, configured, sent_delivery):
    assert post(client, "wamid.ABC", "read", secret="not-the-secret").status_code == 403
    raw = status_body("wamid.ABC", "read")
    assert client.post(URL, raw, content_type="application/json").status_code == 403
    tampered = raw.replace(b"read", b"sent")
    assert (
        client.post(URL, tampered, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(raw)).status_code
        == 403
    )
    sent_delivery.refresh_from_db()
    assert sent_delivery.status == DeliveryStatus.SENT and receipt(sent_delivery).seen_at is None


def test_delivered_then_read_move_the_receipt(client, configured, sent_delivery):
    assert post(client, "wamid.ABC", "sent").status_code == 200
    assert receipt(sent_delivery).delivered_at is None
    assert post(client, "wamid.ABC", "delivered").status_code == 200
    assert receipt(sent_delivery).delivered_at is not None and receipt(sent_delivery).seen_at is None
    assert post(client, "wamid.ABC", "read").status_code == 200
    sent_delivery.refresh_from_db()
    assert sent_delivery.status == DeliveryStatus.SEEN and sent_delivery.external_status == "read"
    assert receipt(sent_delivery).seen_at is not None


def test_out_of_order_and_repeated_callbacks_do_not_move_it_back(client, configured, sent_delivery):
    assert post(client, "wamid.ABC", "read").status_code == 200
    seen_at = receipt(sent_delivery).seen_at
    for late in ("delivered", "sent", "read", "failed", "delivered"):
        assert post(client, "wamid.ABC", late).status_code == 200
    sent_delivery.refresh_from_db()
    assert sent_delivery.status == DeliveryStatus.SEEN and sent_delivery.external_status == "read"
    assert sent_delivery.error == ""
    assert receipt(sent_delivery).seen_at == seen_at and receipt(sent_delivery).delivered_at is not None


def test_failed_before_delivery_fails_the_delivery(client, configured, sent_delivery):
    assert post(client, "wamid.ABC", "failed").status_code == 200
    assert post(client, "wamid.ABC", "failed").status_code == 200
    sent_delivery.refresh_from_db()
    assert sent_delivery.status == DeliveryStatus.FAILED and "Message undeliverable" in sent_delivery.error
    assert receipt(sent_delivery).delivered_at is None


def test_unknown_ids_and_other_channels_are_ignored_with_200(client, configured, sent_delivery):
    assert post(client, "wamid.UNKNOWN", "read").status_code == 200
    Delivery.objects.filter(pk=sent_delivery.pk).update(channel=Channel.EMAIL)
    assert post(client, "wamid.ABC", "read").status_code == 200
    sent_delivery.refresh_from_db()
    assert sent_delivery.status == DeliveryStatus.SENT and receipt(sent_delivery).seen_at is None


def test_a_body_that_is_not_json_is_400(client, configured):
    raw = b"not json"
    response = client.post(URL, raw, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(raw))
    assert response.status_code == 400


def test_only_get_and_post(client, configured):
    assert client.put(URL, b"").status_code == 405
