"""The demo's people: generated members and admins for every group, and personas to sign in as (dev mode only).

Generated people cannot sign in (no usable password). The personas share the password "demo"; those whose role
needs a second factor get a TOTP device named "demo", whose current code the sign-in page shows in dev mode only.
Every demo account has an address under DEMO_DOMAIN, so that the next run finds and removes them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import shapely
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from buurtwacht.accounts.models import RoleKind, User
from buurtwacht.accounts.services import role_grant
from buurtwacht.geo.models import Address, Gemeente
from buurtwacht.geo.selectors import buurt_id_at
from buurtwacht.geo.shapes import to_geometry
from buurtwacht.groups.models import Group, GroupStatus, JoinRequest, MemberRole, Membership
from buurtwacht.groups.rules import house_rules_current
from buurtwacht.groups.services import member_count_refresh
from buurtwacht.municipality.models import GemeenteSettings, WijkContact

DEMO_DOMAIN = "demo.invalid"
DEMO_PASSWORD = "demo"  # noqa: S105 - a known password is the point of a local demo; never created outside dev mode

# fmt: off
FIRST_NAMES = (
    "Anne", "Bram", "Carmen", "Daan", "Emma", "Fatima", "Gijs", "Hanna", "Ilse", "Jeroen", "Kim", "Lars", "Maaike",
    "Nadia", "Olaf", "Priya", "Quinten", "Rosa", "Sem", "Tessa", "Umut", "Vera", "Wouter", "Yara", "Zeynep", "Joost",
    "Marieke", "Ahmed", "Linda", "Pieter", "Sophie", "Thijs", "Noor", "Ruben", "Eva", "Kofi", "Lieke", "Tom",
)
LAST_NAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit",
    "Dijkstra", "Kaya", "El Amrani", "Nguyen", "Pinas", "Koster", "Prins", "Huisman", "Kuipers", "Verbeek", "Postma",
)
# fmt: on


@dataclass(frozen=True)
class Persona:
    email: str
    first_name: str
    last_name: str
    description: str  # Dutch: who this is, for the summary and the README


GROUP = "Buurtpreventie Merelbuurt"  # the group the personas live in: the first example address's group
RESIDENT = Persona(
    f"bewoner@{DEMO_DOMAIN}",
    "Bas",
    "Bewoner",
    f"woont in het gebied van {GROUP}, nog geen lid; buurtalerts politie aan",
)
MEMBER = Persona(f"lid@{DEMO_DOMAIN}", "Lotte", "Lid", f"deelnemer van {GROUP}")
ADMIN = Persona(
    f"beheerder@{DEMO_DOMAIN}",
    "Bea",
    "Beheerder",
    f"enige beheerder van {GROUP}; er wacht een aanvraag; ontvangt berichten van de politie",
)
STAFF = Persona(f"gemeente@{DEMO_DOMAIN}", "Gerda", "Gemeente", "team Veiligheid van de demogemeente")
POLICE = Persona(
    f"politie@{DEMO_DOMAIN}", "Wim", "Wijkagent", "wijkagent van de demogemeente; politieberichten op /politie/"
)
PLATFORM = Persona(f"admin@{DEMO_DOMAIN}", "Ad", "Admin", "platformbeheerder (/beheer/)")
PERSONAS = (RESIDENT, MEMBER, ADMIN, STAFF, POLICE, PLATFORM)


def demo_people_remove() -> None:
    User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()


def _addresses_in(group: Group) -> list[Address]:
    area = to_geometry(group.area)
    candidates = list(
        Address.objects.filter(
            lon__gte=group.min_lon, lon__lte=group.max_lon, lat__gte=group.min_lat, lat__lte=group.max_lat
        ).order_by("pk")
    )
    inside = shapely.contains_xy(area, [a.lon for a in candidates], [a.lat for a in candidates])
    return [a for a, hit in zip(candidates, inside.tolist(), strict=True) if hit]


def _person(rng: random.Random, address: Address, serial: int) -> User:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    local = f"{first}.{last}".lower().replace(" ", "")
    user = User(
        email=f"{local}.{serial}@{DEMO_DOMAIN}",
        first_name=first,
        last_name=last,
        phone=f"06{rng.randrange(10_000_000, 99_999_999)}",
        address=address,
        buurt_id=buurt_id_at(address.lon, address.lat),
        email_verified_at=timezone.now(),
    )
    user.set_unusable_password()
    return user


def demo_members_create(*, groups: list[Group], member_counts: dict[int, int], rng: random.Random) -> None:
    """Members living in each group's area; two admins per active group (one for a pending or a tiny group)."""
    serial = 0
    for group in groups:
        addresses = _addresses_in(group)
        wanted = min(member_counts[group.pk], len(addresses))
        people = []
        for address in rng.sample(addresses, wanted):
            serial += 1
            people.append(_person(rng, address, serial))
        User.objects.bulk_create(people)
        rules = house_rules_current(group)
        admins = 1 if group.status == GroupStatus.PENDING or wanted < 10 else 2
        Membership.objects.bulk_create(
            Membership(group=group, user=user, role=MemberRole.ADMIN if i < admins else MemberRole.MEMBER, rules=rules)
            for i, user in enumerate(people)
        )
        member_count_refresh(group)


def _login(persona: Persona, address: Address | None = None, **fields) -> User:
    user = User.objects.create_user(
        persona.email,
        DEMO_PASSWORD,
        first_name=persona.first_name,
        last_name=persona.last_name,
        address=address,
        buurt_id=buurt_id_at(address.lon, address.lat) if address else None,
        email_verified_at=timezone.now(),
        **fields,
    )
    return user


def _second_factor(user: User) -> None:
    TOTPDevice.objects.create(user=user, name="demo", confirmed=True)


def demo_personas_create(*, group: Group, home: Address, gemeente: Gemeente, rng: random.Random) -> list[Persona]:
    """The personas around one group: a resident who may join, a member, its only admin (with a join request
    waiting), municipal staff, the wijkagent and a platform administrator."""
    in_area = [a for a in _addresses_in(group) if a.pk != home.pk]
    rules = house_rules_current(group)
    Membership.objects.filter(group=group, role=MemberRole.ADMIN).update(role=MemberRole.MEMBER)
    _login(RESIDENT, home)
    member = _login(MEMBER, rng.choice(in_area))
    admin = _login(ADMIN, rng.choice(in_area), phone="0612345678")
    Membership.objects.create(group=group, user=member, role=MemberRole.MEMBER, rules=rules)
    Membership.objects.create(group=group, user=admin, role=MemberRole.ADMIN, rules=rules)
    member_count_refresh(group)
    # Someone from the street is waiting to be admitted, so that the admin has something to decide.
    applicant = _person(rng, rng.choice(in_area), 0)
    applicant.save()
    JoinRequest.objects.create(
        group=group,
        user=applicant,
        address=applicant.address,
        declared_min_age=True,
        rules=rules,
        message="Ik woon hier sinds kort en wil graag meedoen.",
    )

    staff = _login(STAFF, phone="0101234567")
    role_grant(user=staff, kind=RoleKind.MUNICIPAL, gemeente=gemeente)
    police = _login(POLICE, phone="0900-8844")
    role_grant(user=police, kind=RoleKind.WIJKAGENT, gemeente=gemeente)
    platform = _login(PLATFORM, is_staff=True, is_superuser=True)
    for user in (staff, police, platform):
        _second_factor(user)

    GemeenteSettings.objects.update_or_create(
        gemeente=gemeente, defaults={"veiligheid_email": f"veiligheid@{DEMO_DOMAIN}"}
    )
    for number, wijk in enumerate(gemeente.wijken.order_by("code"), start=1):
        WijkContact.objects.update_or_create(
            wijk=wijk,
            defaults={
                "wijkagent": police,
                "wijkwethouder_name": f"Wethouder {LAST_NAMES[number]}",
                "wijkwethouder_email": f"wethouder.wijk{number}@{DEMO_DOMAIN}",
            },
        )
    return list(PERSONAS)
