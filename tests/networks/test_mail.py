"""Passing on reaches the receiving admins by e-mail as they have it set (a real SMTP server on loopback), and
nobody else."""

from __future__ import annotations

import pytest

from buurtwacht.accounts.models import AlertMail
from buurtwacht.networks import services
from tests.networks.conftest import opt_in, post_alert

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_neighbours_admins_get_a_mail_saying_where_it_came_from_and_why(smtp, network, settings):
    settings.SITE_URL = "https://buurtwacht.example.nl"
    opt_in(network.noord, network.oost, network.verweg)
    alert = post_alert(network.noord, network.mila)
    smtp.messages.clear()  # the alert's own mails to Noord's members

    [pass_on] = services.alert_pass_on(alert=alert, by=network.anton).new

    assert sorted(m["To"] for m in smtp.messages) == ["ella@example.org", "ernst@example.org"]
    [mail] = smtp.to("ella@example.org")
    assert mail["Subject"] == "Van buurgroep Buurtpreventie Noord: inbraak"
    text = smtp.text(mail)
    assert "Een beheerder van Buurtpreventie Noord geeft deze melding door" in text
    assert "Man met koevoet bij de achterdeur" in text
    assert f"https://buurtwacht.example.nl/netwerk/doorgegeven/{pass_on.pk}/" in text
    assert "als beheerder van Buurtpreventie Oost" in text
    assert "Mila" not in text  # who wrote it stays inside Noord


def test_an_admin_who_wants_no_alert_mail_gets_none(smtp, network):
    network.ernst.alert_mail = AlertMail.NEVER
    network.ernst.save()
    opt_in(network.noord, network.oost)
    alert = post_alert(network.noord, network.mila)
    smtp.messages.clear()
    services.alert_pass_on(alert=alert, by=network.anton)
    assert [m["To"] for m in smtp.messages] == ["ella@example.org"]


def test_forwarding_mails_the_groups_members_as_any_alert(smtp, network):
    opt_in(network.noord, network.oost)
    alert = post_alert(network.noord, network.mila)
    [pass_on] = services.alert_pass_on(alert=alert, by=network.anton).new
    smtp.messages.clear()
    services.pass_on_forward(pass_on=pass_on, by=network.ella)
    assert sorted(m["To"] for m in smtp.messages) == ["ernst@example.org", "mart@example.org"]
    assert "Doorgegeven door buurgroep Buurtpreventie Noord." in smtp.text(smtp.to("mart@example.org")[0])
