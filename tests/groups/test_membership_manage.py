"""The admins' pages: requests, members, the CSV export, house rules, co-admins, and accepting an invitation.
The whole flow runs through the pages, with mail on a real SMTP server."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from buurtwacht.groups.membership import services
from buurtwacht.groups.models import AdminInvite, HouseRules, JoinRequest, JoinStatus, MemberRole, Membership
from buurtwacht.groups.rules import house_rules_current
from tests.factories import (
    CELL,
    ORIGIN_LAT,
    ORIGIN_LON,
    AddressFactory,
    GroupFactory,
    UserFactory,
    inbox_texts,
    make_member,
)

pytestmark = pytest.mark.django_db


def url(name, group, **kwargs):
    return reverse(f"groups:{name}", kwargs={"slug": group.slug, **kwargs})


def ask(group, user, **overrides):
    kwargs = {"group": group, "user": user, "address": user.address, "declared_min_age": True, "rules_version": 1}
    return services.join_request_create(**(kwargs | overrides))


JOIN = {
    "first_name": "Bram",
    "last_name": "Bakker",
    "phone": "0612345678",
    "postcode": "9901AB",
    "huisnummer": "12",
    "declared_min_age": "on",
    "accept_rules": "on",
    "rules_version": "1",
    "message": "Graag!",
}


# The whole flow


def test_request_approve_and_membership_through_the_pages(
    client, group, admin, resident, smtp, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("join", group), JOIN).status_code == 302
    [to_admin] = smtp.to("anna@example.org")
    assert "Bram Bakker wil deelnemer worden" in smtp.text(to_admin)
    link = re.search(r"http://\S+/beheer/", smtp.text(to_admin)).group(0)
    assert link.endswith(url("manage", group))

    client.force_login(admin)
    html = client.get(url("manage", group)).content.decode()
    assert "Aanvragen (1)" in html and "Bram Bakker" in html and "Molenweg 12, 9901 AB Proefdorp" in html
    assert "in het gebied" in html and "versie 1 geaccepteerd" in html and "Graag!" in html
    request_obj = JoinRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("request_decide", group, pk=request_obj.pk), {"decision": "approve"})
    assert response.status_code == 302 and response.url == url("manage", group)
    assert "Bram is toegelaten als deelnemer." in client.get(response.url).content.decode()
    assert Membership.objects.filter(group=group, user=resident, role=MemberRole.MEMBER).exists()
    group.refresh_from_db()
    assert group.member_count == 2
    [to_resident] = smtp.to("bram@example.org")
    assert to_resident["Subject"] == "U bent toegelaten tot Buurtpreventie Molenhoek"
    assert "U bent toegelaten tot Buurtpreventie Molenhoek." in inbox_texts(resident)

    client.force_login(resident)
    assert "U bent deelnemer van Buurtpreventie Molenhoek." in client.get(group.get_absolute_url()).content.decode()


def test_the_manage_page_marks_an_address_outside_the_area(client, group, admin):
    outsider = UserFactory(address=AddressFactory(lon=ORIGIN_LON + 1.5 * CELL, lat=ORIGIN_LAT + CELL / 2))
    request_obj = ask(group, outsider)
    client.force_login(admin)
    html = client.get(url("manage", group)).content.decode()
    assert f"buiten het gebied, {round(request_obj.distance_m)} m" in html


def test_a_refusal_without_reason_is_not_taken(
    client, group, admin, resident, smtp, django_capture_on_commit_callbacks
):
    request_obj = ask(group, resident)
    client.force_login(admin)
    response = client.post(url("request_decide", group, pk=request_obj.pk), {"decision": "refuse", "reason": ""})
    assert "Geef een reden voor de weigering" in client.get(response.url).content.decode()
    request_obj.refresh_from_db()
    assert request_obj.status == JoinStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("request_decide", group, pk=request_obj.pk), {"decision": "refuse", "reason": "Buiten de wijk."}
        )
    request_obj.refresh_from_db()
    assert request_obj.status == JoinStatus.REFUSED and request_obj.decided_by == admin
    assert "Reden: Buiten de wijk." in smtp.text(smtp.to("bram@example.org")[0])


def test_only_the_groups_admins_reach_its_management(client, group, admin, resident, town):
    request_obj = ask(group, resident)
    member = make_member(group)
    other_admin = make_member(GroupFactory(), admin=True)
    pages = [url(name, group) for name in ("manage", "members_csv", "rules_edit", "admins")]
    for page in pages:
        assert client.get(page).status_code == 302  # signed out: to the login page
    for person in (resident, member, other_admin):
        client.force_login(person)
        for page in pages:
            assert client.get(page).status_code == 403, (person, page)
        decide = client.post(url("request_decide", group, pk=request_obj.pk), {"decision": "approve"})
        assert decide.status_code == 403
        remove = client.post(url("member_remove", group, pk=Membership.objects.get(user=admin).pk))
        assert remove.status_code == 403
    request_obj.refresh_from_db()
    assert request_obj.status == JoinStatus.PENDING and Membership.objects.filter(user=admin).exists()


def test_the_manage_page_lists_members_in_full_and_advises_more_admins(client, group, admin, resident):
    make_member(group, resident)
    client.force_login(admin)
    html = client.get(url("manage", group)).content.decode()
    assert "Bram Bakker" in html and "Molenweg 12, 9901 AB Proefdorp" in html
    assert "0612345678" in html and "bram@example.org" in html and "Beheerder" in html
    assert "Benoem een tweede en derde beheerder, zodat de groep niet van één persoon afhangt" in html
    for name in ("rules_edit", "admins", "members_csv"):
        assert url(name, group) in html
    assert 'id="uitnodigen"' in html  # the recruiting part (invite link, QR code, flyer)

    services.admin_promote(membership=Membership.objects.get(user=resident), admin=admin)
    assert "Benoem een tweede" not in client.get(url("manage", group)).content.decode()


def test_an_admin_removes_a_member(client, group, admin, resident, smtp, django_capture_on_commit_callbacks):
    membership = Membership.objects.get(user=make_member(group, resident))
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("member_remove", group, pk=membership.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert smtp.to("bram@example.org")[0]["Subject"] == "U bent geen deelnemer meer van Buurtpreventie Molenhoek"
    assert client.get(url("member_remove", group, pk=membership.pk)).status_code == 405


# The CSV export


def test_the_member_list_exports_for_dutch_excel(client, group, admin, resident):
    make_member(group, resident)
    resident.first_name, resident.last_name, resident.phone = '=HYPERLINK("http://x")', "@SUM(A1)", "+31612345678"
    resident.save()
    client.force_login(admin)
    response = client.get(url("members_csv", group))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="deelnemers-{group.slug}.csv"'
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == [
        "voornaam",
        "achternaam",
        "straat",
        "huisnummer",
        "postcode",
        "woonplaats",
        "telefoon",
        "e-mail",
        "rol",
        "lid sinds",
    ]
    by_email = {row[7]: row for row in rows[1:]}
    assert by_email["anna@example.org"][:2] == ["Anna", "de Vries"] and by_email["anna@example.org"][8] == "beheerder"
    row = by_email["bram@example.org"]
    assert row[:7] == [
        '\'=HYPERLINK("http://x")',
        "'@SUM(A1)",
        "Molenweg",
        "12",
        "9901 AB",
        "Proefdorp",
        "'+31612345678",
    ]
    assert row[8] == "deelnemer" and row[9] == timezone.localdate().strftime("%d-%m-%Y")


# House rules


def test_an_admin_edits_the_rules_and_later_joiners_accept_version_2(client, group, admin, resident):
    client.force_login(admin)
    html = client.get(url("rules_edit", group)).content.decode()
    assert "Alarmeer: bel bij spoed eerst 112" in html and "Versie 1," in html
    response = client.post(url("rules_edit", group), {"text": "1. Eerst 112.\n2. Geen geklets.", "min_age": "21"})
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "De huisregels zijn opgeslagen als versie 2." in html
    assert "Versie 2," in html and "Anna de Vries" in html and "standaardtekst" in html
    group.refresh_from_db()
    assert group.min_age == 21 and house_rules_current(group).text == "1. Eerst 112.\n2. Geen geklets."

    client.force_login(resident)
    html = client.get(url("join", group)).content.decode()
    assert "Huisregels (versie 2)" in html and "Ik ben 21 jaar of ouder" in html
    html = client.get(url("rules", group)).content.decode()
    assert "Versie 2" in html and "Geen geklets." in html


def test_the_minimum_age_stays_within_bounds(client, group, admin):
    client.force_login(admin)
    for age in ("17", "100"):
        response = client.post(url("rules_edit", group), {"text": "Regels", "min_age": age})
        assert response.status_code == 200
    assert HouseRules.objects.filter(group=group).count() <= 1
    group.refresh_from_db()
    assert group.min_age == 18


# Co-admins


def test_a_co_admin_is_invited_by_mail_and_accepts(client, group, admin, smtp, django_capture_on_commit_callbacks):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("admins", group), {"action": "invite", "email": "carla@example.org"})
    assert response.status_code == 302
    assert "De uitnodiging is verstuurd naar carla@example.org." in client.get(response.url).content.decode()
    [mail] = smtp.to("carla@example.org")
    link = re.search(r"(https?://[^/\s]+)(/groepen/beheerder-worden/[^/\s]+/)", smtp.text(mail))
    assert link.group(0) in smtp.parts(mail)["text/html"]
    path = link.group(2)

    carla = UserFactory(first_name="Carla", email="carla@example.org")
    client.force_login(carla)
    html = client.get(path).content.decode()
    assert "Beheerder worden van Buurtpreventie Molenhoek" in html and "Anna de Vries nodigt u uit" in html
    assert "Huisregels (versie 1)" in html
    html = client.post(path, {"rules_version": "1"}).content.decode()  # the rules not accepted
    assert "Lees de huisregels en geef aan dat u ze accepteert." in html
    response = client.post(path, {"rules_version": "1", "accept_rules": "on"})
    assert response.status_code == 302 and response.url == url("manage", group)
    assert Membership.objects.get(user=carla).role == MemberRole.ADMIN
    assert "U bent nu beheerder van Buurtpreventie Molenhoek." in client.get(response.url).content.decode()

    html = client.get(path).content.decode()
    assert "Deze uitnodiging is al gebruikt." in html


def test_an_expired_or_unknown_invitation_says_so(client, group, admin):
    invite = services.admin_invite_create(group=group, admin=admin, email="carla@example.org")
    AdminInvite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    carla = UserFactory(email="carla@example.org")
    client.force_login(carla)
    path = reverse("groups:admin_invite_accept", args=[invite.token])
    html = client.get(path).content.decode()
    assert "Deze uitnodiging is verlopen. Vraag een beheerder van Buurtpreventie Molenhoek" in html
    client.post(path, {"rules_version": "1", "accept_rules": "on"})
    assert not Membership.objects.filter(user=carla).exists()
    assert client.get(reverse("groups:admin_invite_accept", args=["verzonnen"])).status_code == 404


def test_accepting_an_invitation_needs_an_account(client, group, admin):
    invite = services.admin_invite_create(group=group, admin=admin, email="carla@example.org")
    response = client.get(reverse("groups:admin_invite_accept", args=[invite.token]))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_fourth_admin_is_refused_on_the_page(client, group, admin):
    make_member(group, admin=True)
    client.force_login(admin)
    response = client.post(url("admins", group), {"action": "invite", "email": "derde@example.org"})
    assert response.status_code == 302
    make_member(group, admin=True)
    html = client.get(url("admins", group)).content.decode()
    assert "Deze groep heeft al 3 beheerders, het maximum." in html and 'value="invite"' not in html
    html = client.post(url("admins", group), {"action": "invite", "email": "vierde@example.org"}).content.decode()
    assert "Deze groep heeft al 3 beheerders." in html
    assert not AdminInvite.objects.filter(email="vierde@example.org").exists()


def test_an_admin_makes_a_member_admin_and_steps_down(client, group, admin, resident):
    membership = Membership.objects.get(user=make_member(group, resident))
    client.force_login(admin)
    html = client.get(url("admins", group)).content.decode()
    assert f'<option value="{membership.pk}">Bram Bakker, Molenweg</option>' in html
    assert "Stoppen als beheerder" not in html
    client.post(url("admins", group), {"action": "promote", "membership": str(membership.pk)})
    membership.refresh_from_db()
    assert membership.role == MemberRole.ADMIN
    response = client.post(url("admins", group), {"action": "promote", "membership": ""}, follow=True)
    assert "Kies eerst de deelnemer die beheerder wordt." in response.content.decode()

    response = client.post(url("admins", group), {"action": "step_down"})
    assert response.status_code == 302
    assert Membership.objects.get(user=admin).role == MemberRole.MEMBER
    assert client.get(url("admins", group)).status_code == 403
