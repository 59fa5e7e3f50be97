"""The demo's imported WhatsApp histories: a fictional export per group run through the parser, counts only, shown
on the figures page beside the alerts."""

import datetime as dt
import random
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.chat_history import GROUPS, NAMES, fictional_export
from buurtwacht.demo.people import STAFF
from buurtwacht.municipality.chathistory.chat_export import read_export
from buurtwacht.municipality.chathistory.models import ChatMonth
from tests.factories import login_with_second_factor

pytestmark = pytest.mark.django_db


def test_the_fictional_export_parses_without_its_system_lines():
    data = fictional_export(rng=random.Random(1), today=dt.date(2026, 12, 2), group_name="Buurtpreventie Test")
    messages = read_export(data)
    assert len(messages) == data.decode().count(" - ") - 2  # every line with a header, less the two system lines
    assert {m.author for m in messages} <= set(NAMES)


def test_the_demo_groups_have_an_imported_history_on_the_figures_page(client):
    call_command("demo", stdout=StringIO())
    rows = ChatMonth.objects.filter(group__gemeente__code=GEMEENTE_CODE)
    assert rows.values("group").distinct().count() == GROUPS
    assert all(row.messages >= 4 and row.participants >= 1 for row in rows)
    stored = repr(list(rows.values()))
    assert not any(name in stored for name in NAMES)
    call_command("demo", stdout=StringIO())
    assert ChatMonth.objects.filter(group__gemeente__code=GEMEENTE_CODE).count() == rows.count()

    login_with_second_factor(client, get_user_model().objects.get(email=STAFF.email))
    page = client.get(reverse("figures:gemeente", kwargs={"code": GEMEENTE_CODE})).content.decode()
    assert "Berichten in WhatsApp-groepen" in page and "WhatsApp-berichten over 112/politie" in page
