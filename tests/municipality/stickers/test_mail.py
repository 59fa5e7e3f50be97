"""Every step of a sticker request is mailed to the group's admins (never its members), after the commit, through
delivery (over SMTP here)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.delivery.models import Delivery
from buurtwacht.municipality.stickers.models import RequestStatus
from buurtwacht.municipality.stickers.services import (
    sticker_request_create,
    sticker_request_hand_out,
    sticker_request_refuse,
)

pytestmark = pytest.mark.django_db


def admins_emails(world) -> set[str]:
    return set(world.group.memberships.filter(role="admin").values_list("user__email", flat=True))


def step(world, capture, action):
    with capture(execute=True):
        return action()


def test_each_step_mails_the_admins(sticker_world, smtp, django_capture_on_commit_callbacks):
    world = sticker_world
    admins = admins_emails(world)
    assert len(admins) == 2
    request = step(world, django_capture_on_commit_callbacks, lambda: sticker_request_create(
        group=world.group, admin=world.admin, number=2, delivery="pickup", note="Voor de Molenweg"))
    assert {m["To"] for m in smtp.messages} == admins
    mail = smtp.messages[0]
    assert mail["Subject"] == "Stickeraanvraag ontvangen voor Buurtpreventie Molenhoek"
    text = smtp.text(mail)
    assert "2 stickers" in text and "Balie Burgerzaken" in text
    assert reverse("stickers:group", kwargs={"slug": world.group.slug}) in text

    step(world, django_capture_on_commit_callbacks, lambda: sticker_request_hand_out(
        sticker_request=request, by=world.staff, status=RequestStatus.READY))
    ready = [m for m in smtp.messages if "klaar" in m["Subject"]]
    assert {m["To"] for m in ready} == admins
    assert ready[0]["Subject"] == "Stickers voor Buurtpreventie Molenhoek liggen klaar"
    assert "Balie Burgerzaken" in smtp.text(ready[0]) and "Balie Burgerzaken" in smtp.parts(ready[0])["text/html"]

    posted = step(world, django_capture_on_commit_callbacks, lambda: sticker_request_create(
        group=world.group, admin=world.admin, number=1, delivery="post", address="Molenweg 3, Proefdorp"))
    step(world, django_capture_on_commit_callbacks, lambda: sticker_request_hand_out(
        sticker_request=posted, by=world.staff, status=RequestStatus.SENT))
    sent = [m for m in smtp.messages if "verzonden" in m["Subject"]]
    assert {m["To"] for m in sent} == admins
    assert "Molenweg 3, Proefdorp" in smtp.text(sent[0])

    world.settings.per_address = 2
    world.settings.save()
    refused = step(world, django_capture_on_commit_callbacks, lambda: sticker_request_create(
        group=world.group, admin=world.admin, number=1, delivery="pickup"))
    step(world, django_capture_on_commit_callbacks, lambda: sticker_request_refuse(
        sticker_request=refused, by=world.staff, reason="De stickers zijn op tot januari."))
    refusal = [m for m in smtp.messages if "niet toegekend" in m["Subject"]]
    assert {m["To"] for m in refusal} == admins
    assert "De stickers zijn op tot januari." in smtp.text(refusal[0])

    assert len(smtp.messages) == 6 * 2  # three requests, ready, sent, refused
    everyone = {m["To"] for m in smtp.messages}
    assert world.member.email not in everyone and world.staff.email not in everyone


def test_nothing_is_sent_before_the_commit(sticker_world, smtp, django_capture_on_commit_callbacks):
    world = sticker_world
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sticker_request_create(group=world.group, admin=world.admin, number=1, delivery="pickup")
    assert callbacks  # queued for after the commit
    assert smtp.messages == []
    assert Delivery.objects.filter(address__in=admins_emails(world)).count() == 2


def test_team_veiligheid_hears_of_a_new_request(sticker_world, smtp, django_capture_on_commit_callbacks):
    from buurtwacht.municipality.models import GemeenteSettings

    world = sticker_world
    GemeenteSettings.objects.create(gemeente=world.town.gemeente, veiligheid_email="veiligheid@proefdorp.nl")
    step(world, django_capture_on_commit_callbacks, lambda: sticker_request_create(
        group=world.group, admin=world.admin, number=2, delivery="pickup"))
    [mail] = [m for m in smtp.messages if m["To"] == "veiligheid@proefdorp.nl"]
    assert mail["Subject"] == "Nieuwe stickeraanvraag: 2 voor Buurtpreventie Molenhoek"
    assert reverse("stickers:gemeente", kwargs={"code": "GM9901"}) in smtp.text(mail)
    request = world.group.sticker_requests.get()
    step(world, django_capture_on_commit_callbacks, lambda: sticker_request_hand_out(
        sticker_request=request, by=world.staff, status=RequestStatus.READY))
    assert len([m for m in smtp.messages if m["To"] == "veiligheid@proefdorp.nl"]) == 1  # only the new request


def test_staff_notification_addresses(sticker_world):
    from buurtwacht.municipality.models import GemeenteSettings
    from buurtwacht.municipality.selectors import staff_notification_addresses

    gemeente = sticker_world.town.gemeente
    assert staff_notification_addresses(gemeente) == []
    GemeenteSettings.objects.create(gemeente=gemeente, veiligheid_email="veiligheid@proefdorp.nl")
    assert staff_notification_addresses(gemeente) == ["veiligheid@proefdorp.nl"]
