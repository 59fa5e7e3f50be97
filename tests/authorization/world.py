"""The world the authorization matrix asks in: one gemeente with two groups, a second gemeente, and a person for
every role. Everyone who holds a role has passed the second factor."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from buurtwacht.accounts.models import RoleKind
from buurtwacht.delivery.models import PushSubscription
from buurtwacht.groups.models import AdminInvite, JoinRequest, Membership
from buurtwacht.groups.rules import house_rules_current
from tests.factories import (
    AddressFactory,
    GroupFactory,
    UserFactory,
    cell,
    login_with_second_factor,
    make_member,
    make_role,
    make_town,
)

# The personas the issue names, plus the platform administrator (/beheer/).
PERSONAS = (
    "anonymous",
    "resident",
    "member",
    "admin",
    "other_admin",
    "staff",
    "other_staff",
    "police",
    "platform",
)
SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}


@dataclass
class World:
    town: object
    group: object  # active; `admin` runs it, `member` is in it
    other_group: object  # active, same gemeente; `other_admin` runs it
    pending: object  # waiting for approval in the same gemeente
    join_request: object  # an open request to `group` from the resident
    removable: object  # a membership of `group` an admin may end
    invite: object  # an open co-admin invitation for `group`
    alert: object  # an open alert in `group`, posted by `member`, with one photo
    foreign_push_endpoint: str  # a push subscription of someone who is none of the personas
    dispatch: object  # a police dispatch by `police` to the admins of `group` (and `other_group`), with a photo,
    #                   which `admin` passed into `group`
    area_alert: object  # a police area alert that reached `resident` (opted in for their home address)
    users: dict = field(default_factory=dict)


def build_world() -> World:
    town = make_town()
    other_town = make_town(code="9902", name="Anderdorp")
    group = GroupFactory(name="Buurtpreventie Molenhoek", gemeente=town.gemeente, wijk=town.wijken[0])
    other_group = GroupFactory(name="Buurtpreventie Overkant", geometry=cell(1, 1), gemeente=town.gemeente)
    pending = GroupFactory(name="Buurtpreventie Nieuw", geometry=cell(1, 0), gemeente=town.gemeente, pending=True)
    home = AddressFactory(street="Molenweg", number=3)
    users = {
        "resident": UserFactory(first_name="Rita", address=home),
        "member": make_member(group, UserFactory(first_name="Merel", address=home)),
        "admin": make_member(group, UserFactory(first_name="Anton"), admin=True),
        "other_admin": make_member(other_group, UserFactory(first_name="Otto"), admin=True),
        "staff": UserFactory(first_name="Gerda"),
        "other_staff": UserFactory(first_name="Olga"),
        "police": UserFactory(first_name="Piet"),
        "platform": UserFactory(first_name="Paula", is_staff=True, is_superuser=True),
    }
    frits = make_member(pending, UserFactory(first_name="Frits"), admin=True)
    _give_photo(pending)
    foreign = PushSubscription.objects.create(
        user=frits, endpoint="https://fcm.googleapis.com/fcm/send/frits", p256dh="B" * 87, auth="A" * 22
    )
    make_role(users["staff"], RoleKind.MUNICIPAL, town.gemeente)
    make_role(users["other_staff"], RoleKind.MUNICIPAL, other_town.gemeente)
    make_role(users["police"], RoleKind.WIJKAGENT, town.gemeente)
    rules = house_rules_current(group)
    join_request = JoinRequest.objects.create(
        group=group, user=users["resident"], address=home, declared_min_age=True, rules=rules
    )
    removable_user = make_member(group, UserFactory(first_name="Ruud"))
    invite = AdminInvite.objects.create(
        group=group,
        email="nieuwe.beheerder@example.org",
        invited_by=users["admin"],
        expires_at=timezone.now() + timezone.timedelta(days=14),
    )
    dispatch, area_alert = _police_messages(town, users, group)
    return World(
        town=town,
        group=group,
        other_group=other_group,
        pending=pending,
        join_request=join_request,
        removable=Membership.objects.get(group=group, user=removable_user),
        invite=invite,
        alert=_alert(group, users["member"]),
        foreign_push_endpoint=foreign.endpoint,
        dispatch=dispatch,
        area_alert=area_alert,
        users=users,
    )


def _police_messages(town, users, group):
    from buurtwacht.alerts.rules import Place
    from buurtwacht.police import services
    from buurtwacht.police.permissions import Sender
    from buurtwacht.police.rules import MessageInput

    home = users["resident"].address
    services.optin_save(
        user=users["resident"],
        postcode=home.postcode,
        house_number=home.house_number,
        is_home=True,
        push=True,
        email=True,
    )
    sender = Sender(name="Piet", gemeente_ids=frozenset({town.gemeente.pk}), user=users["police"])
    sent = {}
    for kind in ("dispatch", "area_alert"):
        data = MessageInput(
            kind=kind,
            incident="woninginbraak",
            place=Place(lon=5.005, lat=52.005),
            radius_m=1000,
            description="Man met een rode jas vlucht op een fiets richting het park.",
        )
        sent[kind] = services.message_send(sender=sender, data=data)
    services.message_forward(message=sent["dispatch"], group=group, user=users["admin"], channel="groep")
    sent["dispatch"].photo.save("matrix-politie.jpg", _jpeg_file())
    return sent["dispatch"], sent["area_alert"]


def _jpeg_file():
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue())


def _give_photo(group) -> None:
    """A re-encoded photo as groups.photos leaves it: private, until the group is approved."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    group.photo.save("matrix-foto.jpg", ContentFile(buffer.getvalue()))


def _alert(group, author):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from buurtwacht.alerts.models import Alert, AlertPhoto

    alert = Alert.objects.create(
        group=group,
        author=author,
        kind="verdacht",
        lon=5.005,
        lat=52.005,
        happened_at=timezone.now(),
        police_call="112",
        description="Iemand voelt aan deurklinken.",
    )
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    jpeg = buffer.getvalue()
    AlertPhoto.objects.create(
        alert=alert, image=ContentFile(jpeg, name="a.jpg"), thumbnail=ContentFile(jpeg, name="t.jpg")
    )
    return alert


def sign_in(client, world: World, persona: str) -> None:
    if persona == "anonymous":
        return
    user = world.users[persona]
    if user.needs_second_factor:
        login_with_second_factor(client, user)
    else:
        client.force_login(user)
