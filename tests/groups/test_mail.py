"""E-mail to a group's contact goes through a real SMTP server on loopback (aiosmtpd)."""

import pytest

from buurtwacht.groups import services
from buurtwacht.groups.models import ContactMessage
from tests.factories import GroupFactory
from tests.mailserver import free_port

pytestmark = pytest.mark.django_db


def test_a_contact_message_reaches_the_group_over_smtp(town, smtp, django_capture_on_commit_callbacks):
    group = GroupFactory(name="Buurtpreventie Noordhoek", contact_email="beheer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_message_send(
            group=group, sender_name="Bram", sender_email="bram@example.org", body="Ik zag iets."
        )
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "beheer@example.org"
    assert message["Reply-To"] == "bram@example.org"
    assert message["Subject"] == "Bericht via Buurtwacht voor Buurtpreventie Noordhoek"


def test_a_mail_server_that_is_down_does_not_lose_the_message(town, settings, django_capture_on_commit_callbacks):
    closed_port = free_port()  # nobody listens there
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    group = GroupFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_message_send(group=group, sender_name="Bram", sender_email="bram@example.org", body="Hoi")
    assert ContactMessage.objects.filter(group=group, body="Hoi").exists()


def test_approval_and_rejection_are_mailed_to_the_contact(town, smtp, django_capture_on_commit_callbacks):
    approved = GroupFactory(pending=True, name="Goedgekeurd", contact_email="a@example.org")
    rejected = GroupFactory(pending=True, name="Afgewezen", contact_email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.group_approve(group=approved)
        services.group_reject(group=rejected, note="Het gebied overlapt met Noordhoek.")
    by_recipient = {m["To"]: m for m in smtp.messages}
    assert "goedgekeurd" in by_recipient["a@example.org"]["Subject"]
    assert "Het gebied overlapt met Noordhoek." in smtp.text(by_recipient["b@example.org"])
    assert "Het gebied overlapt met Noordhoek." in smtp.parts(by_recipient["b@example.org"])["text/html"]


def test_an_approval_without_notice_sends_nothing(town, smtp, django_capture_on_commit_callbacks):
    group = GroupFactory(pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.group_approve(group=group, notify=False)
    assert smtp.messages == []
