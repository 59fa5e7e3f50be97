"""The world of bench/police_dispatch.py: 150 groups inside a 1,000 m circle with two admins each, every admin
with a session, and a reference group of the same 300 people (plus its alerts' author) far from the circle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

GROUP_COLUMNS, GROUP_ROWS = 15, 10  # 150 groups
ADMINS_PER_GROUP = 2
STEP_M, SIDE_M = 90.0, 50.0  # the groups: 50 m squares, 90 m apart (1,350 x 900 m: inside the circle)
CENTRE = (5.0295, 52.0295)  # in the middle of the town's 6 x 6 buurten (5.00-5.06E, 52.00-52.06N)
RADIUS_M = 1000
REFERENCE_AT = (5.0550, 52.0550)  # ~3.4 km from the centre: outside the circle


@dataclass
class World:
    town: object
    sender: object  # police.permissions.Sender
    reference: object  # the reference group
    author: object
    author_session: str
    admin_sessions: list[str]

    def dispatch_input(self, n: int):
        from buurtwacht.alerts.rules import Place
        from buurtwacht.police.rules import MessageInput

        return MessageInput(
            kind="dispatch",
            incident="woninginbraak",
            place=Place(lon=CENTRE[0], lat=CENTRE[1]),
            radius_m=RADIUS_M,
            description=f"Inbraak gaande, verdachte vlucht te voet richting het park (bench {n}).",
            person={"sex": "man", "age": "18_30", "clothing": "donkerblauwe jas, witte sneakers"},
        )

    def alert_input(self, n: int):
        from buurtwacht.alerts.models import AlertKind, PoliceCall
        from buurtwacht.alerts.rules import AlertInput, Place

        return AlertInput(
            kind=AlertKind.SUSPICIOUS,
            police_call=PoliceCall.CALLED_112,
            place=Place(lon=REFERENCE_AT[0] + 0.002, lat=REFERENCE_AT[1] + 0.002),
            description=f"Twee personen schijnen met een zaklamp in de tuinen (bench {n}).",
        )


def _square(lon: float, lat: float, side_m: float):
    import shapely

    from buurtwacht.geo.shapes import metres_per_degree

    kx, ky = metres_per_degree(lat)
    return shapely.box(lon, lat, lon + side_m / kx, lat + side_m / ky)


def _sessions(users) -> list[str]:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = SessionStore()
    expires = timezone.now() + dt.timedelta(days=1)
    rows = []
    for user in users:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=get_random_string(32), session_data=store.encode(data), expire_date=expires))
    Session.objects.bulk_create(rows)
    return [row.session_key for row in rows]


def make_world() -> World:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from shapely.geometry import mapping

    from buurtwacht.accounts.models import User
    from buurtwacht.geo.index import GROUPS, bump_version
    from buurtwacht.geo.shapes import BBox, metres_per_degree
    from buurtwacht.groups.models import Group, GroupStatus, MemberRole, Membership
    from buurtwacht.police.permissions import Sender
    from tests.factories import make_town

    kx, ky = metres_per_degree(CENTRE[1])
    unusable = make_password(None)
    with transaction.atomic():
        town = make_town(code="9902", name="Benchdorp", columns=6, rows=6)
        admins = User.objects.bulk_create(
            User(
                email=f"beheerder{n}@bench.invalid",
                first_name=f"Beheerder{n}",
                password=unusable,
                email_verified_at=timezone.now(),
            )  # fmt: skip
            for n in range(GROUP_COLUMNS * GROUP_ROWS * ADMINS_PER_GROUP)
        )
        author = User.objects.create(email="auteur@bench.invalid", first_name="Auteur", password=unusable)
        groups = []
        for i in range(GROUP_COLUMNS):
            for j in range(GROUP_ROWS):
                lon = CENTRE[0] + (i - (GROUP_COLUMNS - 1) / 2) * STEP_M / kx
                lat = CENTRE[1] + (j - (GROUP_ROWS - 1) / 2) * STEP_M / ky
                square = _square(lon, lat, SIDE_M)
                groups.append(
                    Group(
                        name=f"Buurtpreventie Bench {i}-{j}",
                        slug=f"bench-{i}-{j}",
                        gemeente=town.gemeente,
                        area=mapping(square),
                        status=GroupStatus.ACTIVE,
                        contact_name="Bench",
                        contact_email="bench@example.org",
                        member_count=ADMINS_PER_GROUP,
                        **BBox.of(square).as_fields(),
                    )  # fmt: skip
                )
        groups = Group.objects.bulk_create(groups)
        Membership.objects.bulk_create(
            Membership(group=group, user=admins[n * ADMINS_PER_GROUP + k], role=MemberRole.ADMIN)
            for n, group in enumerate(groups)
            for k in range(ADMINS_PER_GROUP)
        )
        square = _square(*REFERENCE_AT, 600)
        reference = Group.objects.create(
            name="Buurtpreventie Referentie", slug="bench-referentie", gemeente=town.gemeente, area=mapping(square),
            status=GroupStatus.ACTIVE, contact_name="Bench", contact_email="bench@example.org",
            member_count=len(admins) + 1, **BBox.of(square).as_fields(),
        )  # fmt: skip
        Membership.objects.bulk_create(
            [Membership(group=reference, user=user) for user in admins]
            + [Membership(group=reference, user=author, role=MemberRole.ADMIN)]
        )
        bump_version(GROUPS)
        sessions = _sessions([*admins, author])
    sender = Sender(name="Meldkamer Bench", gemeente_ids=frozenset({town.gemeente.pk}))
    return World(town, sender, reference, author, sessions[-1], sessions[:-1])
