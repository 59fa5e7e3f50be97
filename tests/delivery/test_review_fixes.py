"""What a review of the delivery path found, each shown by a test: the audience of a join request is its group's
admins (asked again when sent), service mail outlasts a long mail-server outage, and a reactor's deleted account
leaves an alert's receipts alone."""

from __future__ import annotations

import pytest
from django.test import TestCase
from django.utils import timezone

from buurtwacht.accounts.services import account_erase
from buurtwacht.alerts import selectors
from buurtwacht.alerts.models import ReactionKind
from buurtwacht.alerts.services import reaction_add
from buurtwacht.delivery import outbound
from buurtwacht.delivery.inbox import unread_count
from buurtwacht.delivery.mail import mail_send
from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus, Event
from buurtwacht.groups.membership.admins import admin_step_down
from buurtwacht.groups.membership.services import join_request_create
from buurtwacht.groups.rules import house_rules_current
from tests.alerts.neighbours import make_neighbours, post_alert
from tests.factories import AddressFactory, GroupFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db


def test_an_admin_who_steps_down_before_the_join_request_mail_goes_is_not_sent_it(town):
    group = GroupFactory(name="Buurtpreventie Molenhoek")
    anna = make_member(group, UserFactory(first_name="Anna", email="anna@example.org"), admin=True)
    kees = make_member(group, UserFactory(first_name="Kees", email="kees@example.org"), admin=True)
    bram = UserFactory(first_name="Bram", address=AddressFactory())
    join_request_create(
        group=group, user=bram, address=bram.address, declared_min_age=True,
        rules_version=house_rules_current(group).version,
    )  # fmt: skip  (its mail is queued; the commit that would send it has not come)
    admin_step_down(group=group, user=anna)

    mail = Delivery.objects.filter(channel=Channel.EMAIL, event__kind="mail")
    claimed = outbound.deliveries_claim(ids=mail.values_list("pk", flat=True))
    assert {claim.user_id for claim in claimed} == {kees.pk}
    assert mail.get(user=anna).error == "no longer in the audience"


def test_service_mail_is_retried_past_the_attempts_an_alert_gets(town, settings):
    settings.DELIVERY_MAX_ATTEMPTS = 8
    anna = UserFactory(email="anna@example.org")
    event = mail_send("account_deleted", {}, [anna])
    mail = Delivery.objects.get(event=event)
    Delivery.objects.filter(pk=mail.pk).update(attempts=8)
    [claim] = outbound.deliveries_claim(ids=[mail.pk])
    outbound.deliveries_retry(deliveries=[claim], error="SMTPServerDisconnected: the server is down")
    mail.refresh_from_db()
    assert mail.status == DeliveryStatus.QUEUED and mail.attempts == 9

    alert_event = Event.objects.create(kind="alert", audience="people", payload={})
    push = Delivery.objects.create(event=alert_event, user=anna, channel=Channel.PUSH, attempts=8)
    [claim] = outbound.deliveries_claim(ids=[push.pk])
    outbound.deliveries_retry(deliveries=[claim], error="503")
    push.refresh_from_db()
    assert push.status == DeliveryStatus.FAILED


def test_service_mail_is_still_sent_a_day_later_but_an_alert_is_not(town):
    anna = UserFactory(email="anna@example.org")
    mail = Delivery.objects.get(event=mail_send("account_deleted", {}, [anna]))
    alert_event = Event.objects.create(kind="alert", audience="people", payload={})
    push = Delivery.objects.create(event=alert_event, user=anna, channel=Channel.PUSH)
    a_day_ago = timezone.now() - timezone.timedelta(hours=24)
    Delivery.objects.update(created_at=a_day_ago, next_attempt_at=a_day_ago)
    outbound.deliveries_recover()
    assert Delivery.objects.get(pk=push.pk).status == DeliveryStatus.FAILED
    assert Delivery.objects.get(pk=mail.pk).status != DeliveryStatus.FAILED


def test_a_reactor_who_deletes_their_account_leaves_the_alerts_receipts(town):
    hood = make_neighbours()
    with TestCase.captureOnCommitCallbacks(execute=True):
        alert = post_alert(hood.group, hood.bram)
        reaction_add(alert=alert, author=hood.carla, kind=ReactionKind.SEE_TOO)
    before = selectors.alert_receipts(alert)
    assert before["recipients"] > 0

    account_erase(user=hood.carla)

    assert selectors.alert_receipts(alert)["recipients"] == before["recipients"] - 1  # only Carla's own row went
    assert not Event.objects.filter(topic=f"alert:{alert.pk}", kind="reaction").exists()  # it named her


def test_join_request_messages_are_settled_for_the_admins_audience(town):
    group = GroupFactory()
    anna = make_member(group, UserFactory(first_name="Anna"), admin=True)
    bram = UserFactory(first_name="Bram", address=AddressFactory())
    join_request_create(
        group=group, user=bram, address=bram.address, declared_min_age=True,
        rules_version=house_rules_current(group).version,
    )  # fmt: skip
    assert unread_count(anna) == 1
    assert Event.objects.get(kind="join_request").audience == f"group-admins:{group.pk}"
