"""VAPID keys, and web push to a real local push service that checks VAPID (RFC 8292) and decrypts (RFC 8291)."""

from __future__ import annotations

import base64
import json
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from buurtwacht.delivery import vapid, webpush
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus, PushSubscription
from buurtwacht.delivery.outbound import deliveries_queue
from tests.delivery.conftest import alert_payload, make_event, subscribe

pytestmark = pytest.mark.django_db


def push_deliveries(**filters):
    return Delivery.objects.filter(channel=Channel.PUSH, **filters)


# --- VAPID keys ---


def test_it_makes_a_key_pair_once_and_keeps_it_private(settings, tmp_path):
    settings.VAPID_PRIVATE_KEY = settings.VAPID_PUBLIC_KEY = None
    settings.DATA_DIR = tmp_path
    first = vapid.application_server_key()
    stored = tmp_path / "vapid.json"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert json.loads(stored.read_text())["public_key"] == first
    vapid._keys_cache.clear()
    assert vapid.application_server_key() == first


def test_the_public_key_is_an_uncompressed_p256_point_in_base64url(settings, tmp_path):
    settings.VAPID_PRIVATE_KEY = settings.VAPID_PUBLIC_KEY = None
    settings.DATA_DIR = tmp_path
    key = vapid.application_server_key()
    raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
    assert len(raw) == 65 and raw[0] == 4
    assert "=" not in key and "+" not in key and "/" not in key


def test_it_takes_the_key_pair_from_the_settings(vapid_keys):
    assert vapid.application_server_key() == vapid_keys[1]


def test_it_refuses_a_public_key_that_does_not_belong_to_the_private_key(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.VAPID_PUBLIC_KEY = vapid.public_key_of(vapid.vapid_from_text(vapid.b64url(b"\x01" * 32)))
    with pytest.raises(ImproperlyConfigured):
        vapid.application_server_key()


# --- sending ---


def test_a_member_gets_the_alert_in_dutch_with_ttl_urgency_and_topic(push_server, group, sanne):
    browser = subscribe(push_server, sanne)
    event = make_event(group)

    assert deliveries_queue(event=event, user_ids=[sanne.pk]) == 1

    [message] = push_server.acked(browser)
    assert message.payload == {
        "title": "Inbraak: Buurtpreventie Molenhoek",
        "body": "21:04 · Molenweg 12 · 112 gebeld om 21:05 door Sanne",
        "url": "/groepen/buurtpreventie-molenhoek/meldingen/12/",
        "tag": "alert-12",
    }
    assert message.headers == {"TTL": str(12 * 3600), "Urgency": "high", "Topic": "alert-12"}
    delivery = push_deliveries(user=sanne).get()
    assert delivery.status == DeliveryStatus.SENT and delivery.sent_at is not None and delivery.attempts == 1
    assert PushSubscription.objects.get(user=sanne).last_success_at is not None


def test_an_english_member_gets_english_and_falls_back_to_dutch(push_server, group, tom):
    browser = subscribe(push_server, tom)
    deliveries_queue(event=make_event(group), user_ids=[tom.pk])
    deliveries_queue(event=make_event(group, payload=alert_payload(13, languages=("nl",))), user_ids=[tom.pk])

    titles = [m.payload["title"] for m in push_server.acked(browser)]
    assert titles == ["Burglary: Buurtpreventie Molenhoek", "Inbraak: Buurtpreventie Molenhoek"]


def test_a_notice_is_not_urgent(push_server, group, sanne):
    browser = subscribe(push_server, sanne)
    deliveries_queue(event=make_event(group, kind="notice"), user_ids=[sanne.pk])
    assert push_server.acked(browser)[0].headers["Urgency"] == "normal"


def test_every_browser_of_a_member_gets_it(push_server, group, sanne):
    phone, laptop = subscribe(push_server, sanne), subscribe(push_server, sanne)
    deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    assert len(push_server.acked(phone)) == len(push_server.acked(laptop)) == 1


def test_a_batch_goes_out_concurrently_to_many_members(push_server, group):
    from tests.factories import UserFactory, make_member

    members = [make_member(group, UserFactory()) for _ in range(60)]
    browsers = [subscribe(push_server, member) for member in members]
    assert deliveries_queue(event=make_event(group), user_ids=[m.pk for m in members]) == 60
    assert all(len(push_server.acked(b)) == 1 for b in browsers)
    assert push_deliveries(status=DeliveryStatus.SENT).count() == 60


def test_a_gone_subscription_is_deleted_and_the_member_gets_mail_instead(
    push_server, group, sanne, mailoutbox, django_capture_on_commit_callbacks
):
    browser = subscribe(push_server, sanne)
    push_server.unsubscribe(browser)  # the browser dropped it: 410 Gone

    with django_capture_on_commit_callbacks(execute=True):
        deliveries_queue(event=make_event(group), user_ids=[sanne.pk])

    assert not PushSubscription.objects.filter(user=sanne).exists()
    assert push_deliveries(user=sanne).get().status == DeliveryStatus.FAILED
    mail = Delivery.objects.get(user=sanne, channel=Channel.EMAIL)
    assert mail.status == DeliveryStatus.SENT
    assert [m.to for m in mailoutbox] == [["sanne@example.org"]]


def test_not_found_also_deletes_the_subscription(push_server, group, sanne):
    browser = subscribe(push_server, sanne)
    push_server.answer(browser, 404)
    deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    assert not PushSubscription.objects.filter(user=sanne).exists()


def test_a_refused_message_fails_without_retry(push_server, group, sanne):
    browser = subscribe(push_server, sanne)
    push_server.answer(browser, 400)
    deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    delivery = push_deliveries(user=sanne).get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.error.startswith("400")
    assert PushSubscription.objects.filter(user=sanne).exists()


def test_a_redirect_is_not_followed(push_server, group, sanne):
    browser = subscribe(push_server, sanne)
    elsewhere = push_server.subscribe()  # stands for an address inside our own network
    push_server.answer(browser, 307)
    push_server.redirect_to = elsewhere.endpoint
    deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    delivery = push_deliveries(user=sanne).get()
    assert delivery.status != DeliveryStatus.SENT and delivery.error.startswith("307")
    assert len(push_server.messages()) == 1 and not push_server.messages(elsewhere)


def test_a_key_the_push_service_does_not_know_is_refused(push_server, group, sanne, settings):
    """A subscription made with another applicationServerKey takes no messages signed with ours (403)."""
    other = vapid.public_key_of(vapid.vapid_from_text(vapid.b64url(b"\x02" * 32)))
    subscribe(push_server, sanne, public_key=other)
    deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    assert push_deliveries(user=sanne).get().status == DeliveryStatus.FAILED
    assert push_server.messages()[0].status == 403


def test_too_many_requests_waits_at_least_retry_after(push_server, group, sanne):
    browser = subscribe(push_server, sanne)
    push_server.answer(browser, 429)
    push_server.retry_after = "120"
    deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    delivery = push_deliveries(user=sanne).get()
    assert delivery.status == DeliveryStatus.QUEUED
    assert (delivery.next_attempt_at - delivery.claimed_at).total_seconds() >= 120


def test_a_retry_goes_only_to_the_browser_that_did_not_take_it(push_server, group, sanne):
    from buurtwacht.delivery.tasks import deliveries_send

    phone, laptop = subscribe(push_server, sanne), subscribe(push_server, sanne)
    push_server.answer(laptop, 503)
    deliveries_queue(event=make_event(group), user_ids=[sanne.pk])
    delivery = push_deliveries(user=sanne).get()
    assert delivery.status == DeliveryStatus.QUEUED
    assert len(push_server.acked(phone)) == 1 and push_server.acked(laptop) == []

    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=delivery.claimed_at)  # the back-off has passed
    laptop_id = PushSubscription.objects.get(endpoint=laptop.endpoint).pk
    deliveries_send.call_local([delivery.pk], {delivery.pk: [laptop_id]})

    assert len(push_server.acked(phone)) == 1 and len(push_server.acked(laptop)) == 1
    assert push_deliveries(user=sanne).get().status == DeliveryStatus.SENT


def test_an_unreachable_push_service_is_retried(group, sanne):
    from tests.mailserver import free_port

    PushSubscription.objects.create(
        user=sanne,
        endpoint=f"http://127.0.0.1:{free_port()}/push/nobody-listens",
        p256dh=vapid.b64url(b"\x04" + b"\x00" * 64),
        auth=vapid.b64url(b"\x00" * 16),
    )
    # Valid keys are needed to encrypt; take a real browser's.
    from tests.delivery.pushserver import PushServer

    browser = PushServer().subscribe()
    PushSubscription.objects.filter(user=sanne).update(p256dh=browser.p256dh, auth=browser.auth)

    deliveries_queue(event=make_event(group), user_ids=[sanne.pk])

    delivery = push_deliveries(user=sanne).get()
    assert delivery.status == DeliveryStatus.QUEUED and delivery.next_attempt_at > delivery.claimed_at
    assert "Connect" in delivery.error or "connect" in delivery.error


def test_topic_is_cut_to_32_base64url_characters():
    assert webpush.topic_of("alert-12") == "alert-12"
    assert webpush.topic_of("notice 7/ä" + "x" * 40) == ("notice-7--" + "x" * 40)[:32]


def test_a_long_body_is_shortened_to_fit_a_push_message(group):
    payload = alert_payload()
    payload["message"]["nl"]["body"] = "lang " * 2000
    data = webpush.push_payload(make_event(group, payload=payload), "nl")
    assert len(data) <= webpush.MAX_PAYLOAD_BYTES
    assert json.loads(data)["body"].endswith("…")
