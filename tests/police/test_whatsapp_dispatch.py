"""A police dispatch over WhatsApp, end to end: the police send, the local Cloud API receives the template for the
admin who opted in, and its signed status callbacks move the receipts the console shows."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus, WhatsAppNumber
from buurtwacht.police import services
from tests.factories import login_with_second_factor
from tests.police.conftest import message_input
from tests.whatsapp_server import sign, status_body

pytestmark = pytest.mark.django_db


def callback(client, wamid: str, status: str):
    raw = status_body(wamid, status)
    response = client.post(
        "/webhooks/whatsapp", raw, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=sign(raw)
    )
    assert response.status_code == 200


def test_a_dispatch_reaches_the_opted_in_admin_on_whatsapp_and_the_callbacks_move_the_receipts(
    whatsapp_server, police_world, client, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://buurtwacht.example.nl"
    admin, other_admin = police_world.near_admins
    for person in (admin, other_admin):  # no e-mail and no push: WhatsApp is the only channel that can reach them
        person.email_verified_at = None
        person.save(update_fields=["email_verified_at"])
    WhatsAppNumber.objects.create(user=admin, phone="+31612345678", confirmed_at=timezone.now())
    WhatsAppNumber.objects.create(user=other_admin, phone="+31687654321")  # never confirmed: no WhatsApp

    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send(sender=police_world.sender, data=message_input())

    [sent] = whatsapp_server.received
    assert sent["to"] == "31612345678" and sent["template"]["language"] == {"code": "nl"}
    short, link = (p["text"] for p in sent["template"]["components"][0]["parameters"])
    assert "inbraak" in short.lower()
    assert link == "https://buurtwacht.example.nl" + reverse("police:received", args=[message.pk])
    delivery = Delivery.objects.get(channel=Channel.WHATSAPP)
    assert delivery.user == admin and delivery.external_id == sent["id"]

    login_with_second_factor(client, police_world.officer)

    def receipts():
        return client.get(reverse("console:receipts", args=[message.pk])).json()

    before = receipts()
    assert before["recipients"] == 2 and before["delivered"] == 0 and before["seen"] == 0

    callback(client, sent["id"], "sent")
    callback(client, sent["id"], "delivered")
    assert receipts()["delivered"] == 1 and receipts()["seen"] == 0
    callback(client, sent["id"], "read")
    callback(client, sent["id"], "delivered")  # late and repeated: nothing moves back
    after = receipts()
    assert after["delivered"] == 1 and after["seen"] == 1
    (group,) = after["groups"]
    assert group["delivered"] == 1 and group["seen"] == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SEEN
