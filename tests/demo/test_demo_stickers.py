"""Stickers in the demo: settings with stock, a sent request of the personas' group and an open one of another."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.people import ADMIN, STAFF
from buurtwacht.municipality.stickers.models import RequestStatus, StickerRequest, StickerSettings
from tests.factories import login_with_second_factor

pytestmark = pytest.mark.django_db


def test_the_demo_gemeente_has_sticker_settings_a_sent_and_an_open_request(client):
    call_command("demo", stdout=StringIO())
    settings_row = StickerSettings.objects.get(gemeente__code=GEMEENTE_CODE)
    assert settings_row.pickup_text and "fictief" in settings_row.pickup_text
    sent = StickerRequest.objects.get(gemeente__code=GEMEENTE_CODE, status=RequestStatus.SENT)
    assert sent.requested_by.email == ADMIN.email and sent.decided_by.email == STAFF.email
    assert settings_row.stock == 60 - sent.number and settings_row.stock_low
    open_request = StickerRequest.objects.get(gemeente__code=GEMEENTE_CODE, status=RequestStatus.OPEN)
    assert open_request.group != sent.group and open_request.delivery == "pickup"

    from django.contrib.auth import get_user_model

    login_with_second_factor(client, get_user_model().objects.get(email=STAFF.email))
    page = client.get(reverse("municipality:overview", kwargs={"code": GEMEENTE_CODE})).content.decode()
    assert open_request.group.name in page and "voorraad laag" in page


def test_building_the_demo_twice_keeps_one_set():
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    assert StickerSettings.objects.filter(gemeente__code=GEMEENTE_CODE).count() == 1
    assert StickerRequest.objects.filter(gemeente__code=GEMEENTE_CODE).count() == 2
