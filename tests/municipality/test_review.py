"""Approving and rejecting registered groups, and the activation mail to the gemeente's contacts (over SMTP)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.accounts.models import RoleKind
from buurtwacht.delivery.inbox import messages_of
from buurtwacht.delivery.models import Delivery
from buurtwacht.groups import services
from buurtwacht.groups.models import GroupStatus
from buurtwacht.municipality.models import GemeenteSettings, WijkContact
from tests.factories import GroupFactory, UserFactory, cell, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(world):
    """Team Veiligheid; wijk 0: a wijkagent with an account (English) and a wijkwethouder; wijk 1: e-mail only."""
    w0, w1 = world.town.wijken
    world.police.email, world.police.language = "piet@politie.example", "en"
    world.police.save()
    GemeenteSettings.objects.create(gemeente=world.town.gemeente, veiligheid_email="veiligheid@proefdorp.nl")
    WijkContact.objects.create(
        wijk=w0, wijkagent=world.police, wijkwethouder_name="Jan de Wethouder", wijkwethouder_email="jan@proefdorp.nl"
    )
    WijkContact.objects.create(wijk=w1, wijkagent_email="agent.oost@politie.example",
                               wijkwethouder_email="oost@proefdorp.nl")
    return world


@pytest.fixture
def waiting(contacts):
    """A registered group in cell (0, 0), wijk 0 (it only touches wijk 1 along a border), with two admins."""
    group = GroupFactory(name="Buurtpreventie Kerkpad", gemeente=contacts.town.gemeente, wijk=contacts.town.wijken[0],
                         place="Proefdorp", address_count=57, pending=True, contact_email="kerkpad@example.org")
    make_member(group, UserFactory(first_name="Hanna", last_name="Hoofd", email="hanna@example.org",
                                   phone="06-12345678"), admin=True)
    make_member(group, UserFactory(first_name="Ivo", last_name="Inval", email="ivo@example.org"), admin=True)
    make_member(group, UserFactory(first_name="Zebulon", last_name="Quaxworth"))
    return group


def approve(client, group, **data):
    return client.post(reverse("municipality:approve", kwargs={"code": "GM9901", "pk": group.pk}), data)


def test_approval_mails_team_veiligheid_the_wijkagent_and_the_wijkwethouder(
    staff_client, waiting, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(staff_client, waiting, note="Welkom!")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == GroupStatus.ACTIVE and waiting.review_note == "Welkom!"

    recipients = {m["To"] for m in smtp.messages}
    contacts = {"veiligheid@proefdorp.nl", "piet@politie.example", "jan@proefdorp.nl"}
    assert contacts <= recipients
    # wijk 1 only shares a border with the group: its contacts hear nothing
    assert "agent.oost@politie.example" not in recipients and "oost@proefdorp.nl" not in recipients
    # the group's own people get the group's approval mail, not the municipality's
    assert {"hanna@example.org", "ivo@example.org", "kerkpad@example.org"} <= recipients

    dutch = smtp.to("veiligheid@proefdorp.nl")[0]
    assert dutch["Subject"] == "Nieuwe buurtpreventiegroep in Proefdorp: Buurtpreventie Kerkpad"
    for part in (smtp.text(dutch), smtp.parts(dutch)["text/html"]):
        for expected in ["Buurtpreventie Kerkpad", "Hanna Hoofd", "hanna@example.org", "06-12345678", "Ivo Inval",
                         "ivo@example.org", "Proefdorp wijk 0", "57", "Aangesloten adressen",
                         f"/groepen/{waiting.slug}/"]:
            assert expected in part, expected
        assert "Zebulon" not in part and "Quaxworth" not in part
    assert "Beste Jan de Wethouder," in smtp.text(smtp.to("jan@proefdorp.nl")[0])

    english = smtp.text(smtp.to("piet@politie.example")[0])
    assert "Connected addresses" in english and "Aangesloten adressen" not in english
    assert "hanna@example.org" in english


def test_the_wijkagent_with_an_account_also_gets_a_message_in_the_app(
    staff_client, contacts, waiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approve(staff_client, waiting)
    [note] = messages_of(contacts.police)
    assert "Buurtpreventie Kerkpad" in note.text
    assert note.url == reverse("municipality:overview", kwargs={"code": "GM9901"})


def test_a_group_across_two_wijken_reaches_both(contacts, smtp, django_capture_on_commit_callbacks):
    wide = GroupFactory(name="Buurtpreventie Breed", gemeente=contacts.town.gemeente, wijk=contacts.town.wijken[0],
                        geometry=cell(0, 0).union(cell(1, 0)), pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.group_approve(group=wide)
    recipients = {m["To"] for m in smtp.messages}
    assert {"veiligheid@proefdorp.nl", "piet@politie.example", "jan@proefdorp.nl", "agent.oost@politie.example",
            "oost@proefdorp.nl"} <= recipients
    assert "Proefdorp wijk 1" in smtp.text(smtp.to("veiligheid@proefdorp.nl")[0])


def test_a_wijkagent_who_lost_the_role_gets_nothing(contacts, waiting, smtp, django_capture_on_commit_callbacks):
    contacts.police.roles.filter(kind=RoleKind.WIJKAGENT).delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.group_approve(group=waiting)
    assert smtp.to("piet@politie.example") == []
    assert messages_of(contacts.police) == []
    assert smtp.to("veiligheid@proefdorp.nl")


def test_an_approval_without_notice_tells_nobody(contacts, waiting, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.group_approve(group=waiting, notify=False)
    assert smtp.messages == []
    assert not Delivery.objects.exists()


def test_a_gemeente_without_contacts_approves_without_error(world, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.group_approve(group=world.pending)
    assert {m["To"] for m in smtp.messages} == {"carla@example.org", world.pending.memberships.get().user.email}


# --- Rejecting ----------------------------------------------------------------------------------------------------


def reject_url(group):
    return reverse("municipality:reject", kwargs={"code": "GM9901", "pk": group.pk})


def test_rejecting_needs_a_reason(staff_client, waiting, smtp, django_capture_on_commit_callbacks):
    assert staff_client.get(reject_url(waiting)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reject_url(waiting), {"note": "  "})
    assert response.status_code == 200
    assert "Geef aan waarom de aanmelding wordt afgewezen" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == GroupStatus.PENDING
    assert smtp.messages == []


def test_a_rejection_reaches_the_group_with_its_reason(staff_client, waiting, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reject_url(waiting), {"note": "Het gebied valt samen met Molenhoek."})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == GroupStatus.REJECTED
    assert "Het gebied valt samen met Molenhoek." in smtp.text(smtp.to("kerkpad@example.org")[0])
    assert smtp.to("veiligheid@proefdorp.nl") == []  # only activation reaches the gemeente's contacts


def test_a_group_already_decided_is_not_decided_again(staff_client, world):
    active = world.group
    response = staff_client.get(reject_url(active))
    assert response.status_code == 302
    active.refresh_from_db()
    assert active.status == GroupStatus.ACTIVE
    page = staff_client.get(response["Location"]).content.decode()
    assert "wacht niet (meer) op goedkeuring" in page
