"""Factories for tests: a fictional town laid out as a grid of square buurten, addresses and groups.

The town lies at lon 5.0-5.04, lat 52.0-52.02 (open land in Utrecht province, about 2.7 x 2.2 km).
Buurt (i, j) is the square cell in column i, row j; wijk i holds column i.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import factory
import shapely
from django.utils import timezone
from shapely.geometry import mapping

from buurtwacht.geo.index import BUURTEN, bump_version
from buurtwacht.geo.models import Address, Buurt, Gemeente, Wijk
from buurtwacht.geo.shapes import BBox
from buurtwacht.groups.models import Group, GroupStatus

ORIGIN_LON, ORIGIN_LAT = 5.0, 52.0
CELL = 0.01  # degrees, ~690 m east-west and ~1.1 km north-south here
PASSWORD = "geheim-wachtwoord-1"  # noqa: S105 - the test accounts' password


def cell(i: int, j: int) -> shapely.Polygon:
    x, y = ORIGIN_LON + i * CELL, ORIGIN_LAT + j * CELL
    return shapely.box(x, y, x + CELL, y + CELL)


def area_fields(geometry) -> dict:
    return {"geometry": mapping(geometry), **BBox.of(geometry).as_fields()}


@dataclass
class Town:
    gemeente: Gemeente
    wijken: list[Wijk] = field(default_factory=list)
    buurten: dict[tuple[int, int], Buurt] = field(default_factory=dict)


def make_town(code: str = "9901", name: str = "Proefdorp", columns: int = 2, rows: int = 2) -> Town:
    outline = shapely.box(ORIGIN_LON, ORIGIN_LAT, ORIGIN_LON + columns * CELL, ORIGIN_LAT + rows * CELL)
    gemeente = Gemeente.objects.create(
        code=f"GM{code}", name=name, inhabitants=4000, households=1800, **area_fields(outline)
    )
    town = Town(gemeente=gemeente)
    for i in range(columns):
        column = shapely.union_all([cell(i, j) for j in range(rows)])
        wijk = Wijk.objects.create(
            code=f"WK{code}{i:02d}", name=f"{name} wijk {i}", gemeente=gemeente, **area_fields(column)
        )
        town.wijken.append(wijk)
        for j in range(rows):
            town.buurten[(i, j)] = Buurt.objects.create(
                code=f"BU{code}{i:02d}{j:02d}",
                name=f"{name} buurt {i}-{j}",
                wijk=wijk,
                gemeente=gemeente,
                inhabitants=1000,
                households=450,
                **area_fields(cell(i, j)),
            )
    bump_version(BUURTEN)
    return town


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    street = "Proefstraat"
    number = factory.Sequence(lambda n: n + 1000)  # clear of the house numbers tests choose (Molenweg 12)
    postcode = "9901AB"
    place = "Proefdorp"
    lat = ORIGIN_LAT + CELL / 2
    lon = ORIGIN_LON + CELL / 2


class GroupFactory(factory.django.DjangoModelFactory):
    """A group; pass `geometry=` (a shapely polygon) for its area, default the cell (0, 0)."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    class Params:
        geometry = factory.LazyFunction(lambda: cell(0, 0))
        pending = factory.Trait(status=GroupStatus.PENDING)
        inactive = factory.Trait(status=GroupStatus.INACTIVE)

    name = factory.Sequence(lambda n: f"Buurtpreventie Proef {n}")
    slug = factory.Sequence(lambda n: f"buurtpreventie-proef-{n}")
    gemeente = factory.LazyFunction(lambda: Gemeente.objects.order_by("pk").first())
    status = GroupStatus.ACTIVE
    contact_name = "Anna de Vries"
    contact_email = "anna@example.org"
    area = factory.LazyAttribute(lambda o: mapping(o.geometry))
    min_lon = factory.LazyAttribute(lambda o: o.geometry.bounds[0])
    min_lat = factory.LazyAttribute(lambda o: o.geometry.bounds[1])
    max_lon = factory.LazyAttribute(lambda o: o.geometry.bounds[2])
    max_lat = factory.LazyAttribute(lambda o: o.geometry.bounds[3])

    @factory.post_generation
    def stamp(obj, create, extracted, **kwargs):
        if create:
            from buurtwacht.geo.index import GROUPS

            bump_version(GROUPS)


class UserFactory(factory.django.DjangoModelFactory):
    """An account with a verified e-mail address and the password "geheim-wachtwoord-1"."""

    class Meta:
        model = "accounts.User"
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Persoon{n}")
    last_name = "Jansen"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)


def make_role(user, kind: str, gemeente) -> None:
    from buurtwacht.accounts.services import role_grant

    role_grant(user=user, kind=kind, gemeente=gemeente)  # as the back office does: police end their memberships


def make_member(group, user=None, *, admin: bool = False):
    """Add `user` (a new one if None) to `group` as member or admin; keeps member_count right."""
    from buurtwacht.groups.models import MemberRole, Membership

    user = user or UserFactory()
    Membership.objects.create(group=group, user=user, role=MemberRole.ADMIN if admin else MemberRole.MEMBER)
    group.member_count = group.memberships.count()
    group.save(update_fields=["member_count"])
    return user


def login_with_second_factor(client, user):
    """Sign `user` in on the test client as if they had given their TOTP code (staff, police, administrators)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def group_event(group, *, kind: str = "alert", payload: dict | None = None, topic: str = ""):
    """An Event for the group's current members, as the alert services record it (with their recipient rows),
    but without publishing it."""
    from buurtwacht.delivery.models import Event, EventRecipient
    from buurtwacht.groups.membership.audiences import members_of

    audience = members_of(group)
    payload = {"group": group.pk, "group_name": group.name, **(payload or {})}
    event = Event.objects.create(kind=kind, topic=topic, audience=audience.name, payload=payload)
    EventRecipient.objects.bulk_create([EventRecipient(event=event, user_id=pk) for pk in audience.user_ids])
    return event


def inbox_texts(user) -> list[str]:
    """The texts of `user`'s in-app messages, newest first."""
    from buurtwacht.delivery.inbox import messages_of

    return [message.text for message in messages_of(user)]


def leave_message(user, text: str, url: str = ""):
    """An in-app message for `user`, as services leave one (delivery.inbox.notify)."""
    from buurtwacht.delivery.inbox import notify

    return notify([user], lambda: text, url)
