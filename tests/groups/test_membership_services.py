"""Joining a group and running it, at the service level: requests, decisions, leaving, admins, house rules.
Mail goes through a real SMTP server on loopback (the `smtp` fixture)."""

import datetime as dt
import math

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext

from buurtwacht.delivery.inbox import messages_of, unread_count
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
    make_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident(town):
    """Lives in the middle of cell (0, 0), the group's area."""
    return UserFactory(first_name="Bram", last_name="Bakker", email="bram@example.org", address=AddressFactory())


def ask(group, user, **overrides):
    kwargs = {
        "group": group,
        "user": user,
        "address": user.address,
        "declared_min_age": True,
        "rules_version": house_rules_current(group).version,
        "message": "Ik woon hier sinds kort.",
    } | overrides
    return services.join_request_create(**kwargs)


def message_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


# Asking to join


def test_a_request_reaches_the_admins_by_mail_and_in_the_app(
    group, admin, resident, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request_obj = ask(group, resident)

    assert request_obj.status == JoinStatus.PENDING and request_obj.inside_area and request_obj.distance_m == 0
    assert request_obj.rules.version == 1 and request_obj.declared_min_age
    [mail] = smtp.to("anna@example.org")
    assert mail["Subject"] == "Aanvraag van Bram Bakker voor Buurtpreventie Molenhoek"
    parts = smtp.parts(mail)
    for body in (parts["text/plain"], parts["text/html"]):
        assert "Bram Bakker wil deelnemer worden van Buurtpreventie Molenhoek." in body
        assert "Het adres ligt in het gebied van de groep." in body
        assert "Ik woon hier sinds kort." in body
        assert f"/groepen/{group.slug}/beheer/" in body
    assert 'lang="nl"' in parts["text/html"]
    [note] = messages_of(admin)
    assert note.text == "Bram vraagt om deelnemer te worden van Buurtpreventie Molenhoek."
    assert note.url == f"/groepen/{group.slug}/beheer/#aanvraag-{request_obj.pk}"
    assert messages_of(resident) == []


def test_an_admin_who_reads_english_gets_the_mail_in_english(
    group, admin, resident, smtp, django_capture_on_commit_callbacks
):
    dutch_admin = make_member(group, UserFactory(email="piet@example.org"), admin=True)
    admin.language = "en"
    admin.save()
    with django_capture_on_commit_callbacks(execute=True):
        ask(group, resident)

    english, dutch = smtp.to("anna@example.org")[0], smtp.to(dutch_admin.email)[0]
    assert 'lang="en"' in smtp.parts(english)["text/html"]
    assert 'lang="nl"' in smtp.parts(dutch)["text/html"]
    with translation.override("en"):
        subject = gettext("Aanvraag van %(name)s voor %(group)s") % {"name": "Bram Bakker", "group": group.name}
    assert english["Subject"] == subject
    assert dutch["Subject"] == "Aanvraag van Bram Bakker voor Buurtpreventie Molenhoek"


def test_an_address_outside_the_area_is_flagged_with_its_distance(
    group, admin, smtp, django_capture_on_commit_callbacks
):
    # The middle of cell (1, 0): half a cell east of the group's area, cell (0, 0).
    lon, lat = ORIGIN_LON + 1.5 * CELL, ORIGIN_LAT + CELL / 2
    outsider = UserFactory(address=AddressFactory(lon=lon, lat=lat, street="Oostweg"))
    expected = round(math.radians(CELL / 2) * 6_371_008.8 * math.cos(math.radians(lat)))  # ~342 m
    with django_capture_on_commit_callbacks(execute=True):
        request_obj = ask(group, outsider)

    assert not request_obj.inside_area
    assert request_obj.distance_m == expected and 330 < expected < 360
    [mail] = smtp.to("anna@example.org")
    assert f"Let op: adres buiten het gebied ({expected} m)" in smtp.text(mail)
    assert f"adres buiten het gebied ({expected} m)" in smtp.parts(mail)["text/html"]


def test_a_group_without_admins_hears_through_its_contact(group, resident, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(group, resident)
    assert [m["To"] for m in smtp.messages] == ["anna@example.org"]  # the factory's contact address


def test_a_second_request_while_one_is_open_is_refused_with_its_date(group, admin, resident):
    first = ask(group, resident)
    with pytest.raises(ValidationError) as exc_info:
        ask(group, resident)
    day = timezone.localtime(first.created_at)
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    assert message_of(exc_info) == (
        f"U heeft al een aanvraag ingediend op {day.day} {months[day.month - 1]} {day.year}; "
        "de beheerders beslissen nog."
    )
    assert JoinRequest.objects.filter(user=resident).count() == 1


def test_a_member_cannot_ask_again(group, admin, resident):
    make_member(group, resident)
    with pytest.raises(ValidationError) as exc_info:
        ask(group, resident)
    assert message_of(exc_info) == "U bent al deelnemer van Buurtpreventie Molenhoek."


def test_without_the_age_declaration_the_request_is_refused(group, admin, resident):
    group.min_age = 21
    group.save()
    with pytest.raises(ValidationError) as exc_info:
        ask(group, resident, declared_min_age=False)
    assert exc_info.value.message_dict["declared_min_age"] == [
        "De minimumleeftijd van deze groep is 21 jaar. Alleen wie 21 jaar of ouder is, kan deelnemer worden."
    ]
    assert not JoinRequest.objects.exists()


def test_the_house_rules_must_be_accepted_in_their_current_version(group, admin, resident):
    with pytest.raises(ValidationError) as exc_info:
        ask(group, resident, rules_version=None)
    assert "Lees de huisregels en geef aan dat u ze accepteert." in message_of(exc_info)

    services.house_rules_update(group=group, admin=admin, text="Nieuwe regels: bel eerst 112.", min_age=18)
    with pytest.raises(ValidationError) as exc_info:
        ask(group, resident, rules_version=1)
    [error] = exc_info.value.error_dict["accept_rules"]
    assert error.code == "rules_outdated"
    assert "De huisregels zijn intussen gewijzigd (nu versie 2)." in error.messages[0]
    assert ask(group, resident, rules_version=2).rules.version == 2


def test_police_never_join(group, admin, resident):
    make_role(resident, "wijkagent", group.gemeente)
    with pytest.raises(ValidationError) as exc_info:
        ask(group, resident)
    assert message_of(exc_info).startswith("Politie is nooit lid of beheerder van een buurtpreventiegroep.")


def test_inactive_groups_take_no_requests_and_an_address_is_needed(town, resident):
    pending = GroupFactory(pending=True, name="Wachtgroep")
    with pytest.raises(ValidationError) as exc_info:
        ask(pending, resident)
    assert message_of(exc_info) == "Wachtgroep is niet actief en neemt geen nieuwe deelnemers aan."
    active = GroupFactory()
    with pytest.raises(ValidationError) as exc_info:
        ask(active, resident, address=None)
    assert message_of(exc_info).startswith("Uw woonadres ontbreekt.")


def test_an_unconfirmed_e_mail_address_must_be_confirmed_first(group, admin, resident):
    resident.email_verified_at = None
    resident.save()
    with pytest.raises(ValidationError) as exc_info:
        ask(group, resident)
    assert message_of(exc_info).startswith("Bevestig eerst uw e-mailadres")


def test_submitting_the_form_keeps_the_details_in_the_profile_and_nothing_when_refused(group, admin, town):
    user = UserFactory(first_name="Oud", phone="")
    home = AddressFactory()
    services.join_request_submit(
        group=group,
        user=user,
        first_name="Bram",
        last_name="Bakker",
        phone="06 12345678",
        postcode="9901 AB",
        number=str(home.number),
        declared_min_age=True,
        rules_version=1,
    )
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.phone, user.address) == ("Bram", "Bakker", "06 12345678", home)
    assert user.buurt.code == "BU99010000"

    other = UserFactory(first_name="Oud")
    with pytest.raises(ValidationError):
        services.join_request_submit(
            group=group,
            user=other,
            first_name="Nieuw",
            last_name="",
            phone="",
            postcode="9901AB",
            number=str(home.number),
            declared_min_age=False,
            rules_version=1,
        )
    other.refresh_from_db()
    assert other.first_name == "Oud" and other.address is None


# Deciding


def test_approval_makes_a_member_and_tells_the_applicant(
    group, admin, resident, smtp, django_capture_on_commit_callbacks
):
    request_obj = ask(group, resident)
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(request_obj=request_obj, admin=admin, approve=True)

    membership = Membership.objects.get(group=group, user=resident)
    assert membership.role == MemberRole.MEMBER and membership.rules.version == 1
    group.refresh_from_db()
    assert group.member_count == 2
    request_obj.refresh_from_db()
    assert request_obj.status == JoinStatus.APPROVED and request_obj.decided_by == admin
    [mail] = smtp.to("bram@example.org")
    assert mail["Subject"] == "U bent toegelaten tot Buurtpreventie Molenhoek"
    assert "hebben u toegelaten" in smtp.text(mail) and "hebben u toegelaten" in smtp.parts(mail)["text/html"]
    assert inbox_texts(resident) == ["U bent toegelaten tot Buurtpreventie Molenhoek."]


def test_a_refusal_needs_a_reason_which_the_applicant_reads(
    group, admin, resident, smtp, django_capture_on_commit_callbacks
):
    request_obj = ask(group, resident)
    with pytest.raises(ValidationError) as exc_info:
        services.join_request_decide(request_obj=request_obj, admin=admin, approve=False, reason="  ")
    assert "Geef een reden voor de weigering" in message_of(exc_info)

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(request_obj=request_obj, admin=admin, approve=False, reason="U woont in Oost.")
    request_obj.refresh_from_db()
    assert request_obj.status == JoinStatus.REFUSED and request_obj.reason == "U woont in Oost."
    assert not Membership.objects.filter(user=resident).exists()
    [mail] = smtp.to("bram@example.org")
    assert "Reden: U woont in Oost." in smtp.text(mail)
    assert "U woont in Oost." in smtp.parts(mail)["text/html"]
    # After a refusal one may ask again.
    assert ask(group, resident).status == JoinStatus.PENDING


def test_only_admins_of_the_group_decide_and_only_once(group, admin, resident, town):
    request_obj = ask(group, resident)
    member = make_member(group)
    other_admin = make_member(GroupFactory(), admin=True)
    for person in (member, other_admin):
        with pytest.raises(PermissionDenied):
            services.join_request_decide(request_obj=request_obj, admin=person, approve=True)
    services.join_request_decide(request_obj=request_obj, admin=admin, approve=True)
    with pytest.raises(ValidationError) as exc_info:
        services.join_request_decide(request_obj=request_obj, admin=admin, approve=False, reason="Toch niet")
    assert message_of(exc_info) == "Over deze aanvraag is al beslist (toegelaten)."


def test_an_applicant_can_withdraw_an_open_request(group, admin, resident):
    request_obj = ask(group, resident)
    with pytest.raises(PermissionDenied):
        services.join_request_withdraw(request_obj=request_obj, user=admin)
    services.join_request_withdraw(request_obj=request_obj, user=resident)
    request_obj.refresh_from_db()
    assert request_obj.status == JoinStatus.WITHDRAWN
    assert ask(group, resident).status == JoinStatus.PENDING


def test_a_withdrawn_request_no_longer_counts_as_new_in_the_admins_messages(group, admin, resident):
    second_admin = make_member(group, admin=True)
    request_obj = ask(group, resident)
    assert unread_count(admin) == unread_count(second_admin) == 1
    services.join_request_withdraw(request_obj=request_obj, user=resident)
    assert unread_count(admin) == unread_count(second_admin) == 0
    assert "Bram vraagt om deelnemer te worden" in messages_of(admin)[0].text  # still there to read back


def test_a_decided_request_no_longer_counts_as_new_for_any_admin(group, admin, resident):
    second_admin = make_member(group, admin=True)
    request_obj = ask(group, resident)
    other_request = ask(group, UserFactory(address=resident.address))
    services.join_request_decide(request_obj=request_obj, admin=admin, approve=True)
    unread = messages_of(admin, unread=True) + messages_of(second_admin, unread=True)
    assert {n.url for n in unread} == {f"/groepen/{group.slug}/beheer/#aanvraag-{other_request.pk}"}


# Leaving and removal


def test_a_member_leaves(group, admin, resident):
    make_member(group, resident)
    services.membership_leave(group=group, user=resident)
    group.refresh_from_db()
    assert group.member_count == 1 and not Membership.objects.filter(user=resident).exists()
    with pytest.raises(ValidationError):
        services.membership_leave(group=group, user=resident)


def test_the_last_admin_cannot_leave_a_group_with_members(group, admin, resident):
    make_member(group, resident)
    with pytest.raises(ValidationError) as exc_info:
        services.membership_leave(group=group, user=admin)
    assert message_of(exc_info).startswith("U bent de enige beheerder van Buurtpreventie Molenhoek.")
    assert Membership.objects.filter(user=admin, role=MemberRole.ADMIN).exists()
    # Once another admin is appointed, the first may go; the last member leaving leaves an empty group.
    services.admin_promote(membership=Membership.objects.get(user=resident), admin=admin)
    services.membership_leave(group=group, user=admin)
    services.membership_leave(group=group, user=resident)
    group.refresh_from_db()
    assert group.member_count == 0


def test_an_admin_removes_a_member_who_is_told(group, admin, resident, smtp, django_capture_on_commit_callbacks):
    membership = Membership.objects.get(user=make_member(group, resident))
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=membership, admin=make_member(group))
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_remove(membership=membership, admin=admin)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    [mail] = smtp.to("bram@example.org")
    assert mail["Subject"] == "U bent geen deelnemer meer van Buurtpreventie Molenhoek"
    assert inbox_texts(resident) == ["U bent verwijderd uit Buurtpreventie Molenhoek."]


def test_an_admin_cannot_remove_themselves(group, admin):
    with pytest.raises(ValidationError):
        services.membership_remove(membership=Membership.objects.get(user=admin), admin=admin)
    assert Membership.objects.filter(user=admin).exists()


# Admins


def test_a_co_admin_invitation_is_mailed_and_accepted(group, admin, smtp, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite = services.admin_invite_create(group=group, admin=admin, email=" Carla@Example.org ")
    assert invite.email == "carla@example.org"
    assert invite.expires_at - timezone.now() > dt.timedelta(days=13, hours=23)
    [mail] = smtp.to("carla@example.org")
    assert mail["Subject"] == "Uitnodiging: word beheerder van Buurtpreventie Molenhoek"
    assert f"/groepen/beheerder-worden/{invite.token}/" in smtp.text(mail)

    carla = UserFactory(email="carla@example.org")
    membership = services.admin_invite_accept(token=invite.token, user=carla, rules_version=1)
    assert membership.role == MemberRole.ADMIN and membership.rules.version == 1
    group.refresh_from_db()
    assert group.member_count == 2
    with pytest.raises(ValidationError) as exc_info:
        services.admin_invite_accept(token=invite.token, user=carla, rules_version=1)
    assert "al gebruikt" in message_of(exc_info)


def test_an_expired_or_misdirected_invitation_does_nothing(group, admin):
    invite = services.admin_invite_create(group=group, admin=admin, email="carla@example.org")
    stranger = UserFactory(email="someone@example.org")
    with pytest.raises(ValidationError) as exc_info:
        services.admin_invite_accept(token=invite.token, user=stranger, rules_version=1)
    assert "verstuurd aan carla@example.org" in message_of(exc_info)

    AdminInvite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    carla = UserFactory(email="carla@example.org")
    with pytest.raises(ValidationError) as exc_info:
        services.admin_invite_accept(token=invite.token, user=carla, rules_version=1)
    assert message_of(exc_info).startswith("Deze uitnodiging is verlopen.")
    assert not Membership.objects.filter(user=carla).exists()


def test_a_fourth_admin_is_refused(group, admin):
    services.admin_invite_create(group=group, admin=admin, email="tweede@example.org")
    make_member(group, admin=True)
    invite = services.admin_invite_create(group=group, admin=admin, email="derde@example.org")
    make_member(group, admin=True)  # the third
    with pytest.raises(ValidationError) as exc_info:
        services.admin_invite_create(group=group, admin=admin, email="vierde@example.org")
    assert message_of(exc_info).startswith("Deze groep heeft al 3 beheerders.")
    with pytest.raises(ValidationError):
        services.admin_invite_accept(token=invite.token, user=UserFactory(email="derde@example.org"), rules_version=1)
    with pytest.raises(ValidationError):
        services.admin_promote(membership=Membership.objects.get(user=make_member(group)), admin=admin)


def test_police_cannot_be_invited_or_accept(group, admin):
    officer = UserFactory(email="agent@example.org")
    invite = services.admin_invite_create(group=group, admin=admin, email="agent@example.org")
    make_role(officer, "meldkamer", group.gemeente)
    with pytest.raises(ValidationError) as exc_info:
        services.admin_invite_accept(token=invite.token, user=officer, rules_version=1)
    assert message_of(exc_info).startswith("Politie is nooit lid")
    with pytest.raises(ValidationError) as exc_info:
        services.admin_invite_create(group=group, admin=admin, email="agent@example.org")
    assert "Politie kan geen beheerder" in message_of(exc_info)


def test_an_admin_steps_down_only_if_another_remains(group, admin, resident):
    with pytest.raises(ValidationError):
        services.admin_step_down(group=group, user=admin)
    services.admin_promote(membership=Membership.objects.get(user=make_member(group, resident)), admin=admin)
    services.admin_step_down(group=group, user=admin)
    assert Membership.objects.get(user=admin).role == MemberRole.MEMBER


# House rules


def test_editing_the_rules_makes_a_new_version_and_members_keep_theirs(group, admin, resident):
    v1 = house_rules_current(group)
    make_member(group, resident)
    Membership.objects.filter(user=resident).update(rules=v1)

    same = services.house_rules_update(group=group, admin=admin, text=v1.text + "\n\n", min_age=18)
    assert same == v1  # nothing changed: no new version

    v2 = services.house_rules_update(
        group=group, admin=admin, text="1. Bel eerst 112.\r\n2. Blijf vriendelijk.", min_age=18
    )
    assert v2.version == 2 and v2.text == "1. Bel eerst 112.\n2. Blijf vriendelijk." and v2.created_by == admin
    assert house_rules_current(group) == v2
    assert Membership.objects.get(user=resident).rules == v1

    with pytest.raises(PermissionDenied):
        services.house_rules_update(group=group, admin=resident, text="Anders", min_age=18)
    for age in (17, 100):
        with pytest.raises(ValidationError):
            services.house_rules_update(group=group, admin=admin, text="Anders", min_age=age)
    assert HouseRules.objects.filter(group=group).count() == 2


def test_default_rules_follow_a_new_minimum_age(group, admin):
    v1 = house_rules_current(group)
    assert "minstens 18 jaar" in v1.text
    v2 = services.house_rules_update(group=group, admin=admin, text=v1.text, min_age=21)
    group.refresh_from_db()
    assert group.min_age == 21 and v2.version == 2 and "minstens 21 jaar" in v2.text
