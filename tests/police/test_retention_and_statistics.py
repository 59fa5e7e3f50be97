"""Police messages after the fact: anonymised after ALERT_ANONYMISE_DAYS with their counts kept, and the
municipality's monthly counts (never content)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from buurtwacht.delivery.models import Event
from buurtwacht.police import services
from buurtwacht.police.models import PoliceMessage, PoliceUpdate, Tip
from buurtwacht.police.retention import messages_anonymise
from buurtwacht.police.statistics import months_of
from tests.factories import login_with_second_factor
from tests.police.conftest import message_input

pytestmark = pytest.mark.django_db(transaction=True)


def test_old_closed_messages_lose_their_content_and_keep_their_counts(police_world, settings):
    w = police_world
    alert = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    services.tip_send(message=alert, user=w.resident_in, text_="Hij ging de Kerkstraat in.")
    services.message_update(sender=w.sender, message=alert, text_="Rode fiets.")
    services.message_close(sender=w.sender, message=alert, outcome="niet_gevonden")
    fresh = services.message_send(sender=w.sender, data=message_input())
    old = timezone.now() - dt.timedelta(days=settings.ALERT_ANONYMISE_DAYS + 1)
    PoliceMessage.objects.filter(pk=alert.pk).update(created_at=old)

    assert messages_anonymise() == 1

    alert.refresh_from_db()
    assert alert.anonymised_at is not None
    assert (alert.description, alert.person, alert.location_text) == ("", {}, "")
    assert alert.reach["residents"] == 1 and alert.reach["receipts"]["recipients"] == 1
    assert alert.sender_name == "Wim Wijkagent"  # the audit trail: who sent it, when, the area
    assert alert.area
    assert not Event.objects.filter(topic=alert.topic).exists()
    assert PoliceUpdate.objects.get(message=alert).text == ""
    assert Tip.objects.get(message=alert).text == ""
    fresh.refresh_from_db()
    assert fresh.anonymised_at is None and fresh.description  # open and recent: untouched


def test_the_municipality_sees_counts_per_month_and_no_content(police_world, client):
    from buurtwacht.accounts.models import RoleKind
    from tests.factories import UserFactory, make_role

    w = police_world
    dispatch = services.message_send(sender=w.sender, data=message_input())
    services.message_forward(message=dispatch, group=w.near, user=w.near_admins[0], channel="groep")
    services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    [month] = months_of(w.town.gemeente)
    assert (month.dispatches, month.groups_reached, month.admins_reached) == (1, 1, 2)
    assert (month.area_alerts, month.residents_reached, month.forwarded_into_groups) == (1, 1, 1)

    staff = UserFactory()
    make_role(staff, RoleKind.MUNICIPAL, w.town.gemeente)
    login_with_second_factor(client, staff)
    page = client.get(f"/gemeente/{w.town.gemeente.code}/politieberichten/").content.decode()
    assert "Berichten aan beheerders" in page
    assert "Verdachte vlucht" not in page and "Molenhoek" not in page


def test_a_residents_police_data_is_in_their_export(police_world):
    from buurtwacht.accounts.selectors import personal_data

    w = police_world
    alert = services.message_send(sender=w.sender, data=message_input(kind="area_alert"))
    services.tip_send(message=alert, user=w.resident_in, text_="Hij ging de Kerkstraat in.")
    export = personal_data(w.resident_in)
    assert [tip["text"] for tip in export["information_sent_to_the_police"]] == ["Hij ging de Kerkstraat in."]
    assert len(export["area_alerts"]) == 1
