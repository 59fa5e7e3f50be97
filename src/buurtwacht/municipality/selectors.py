"""Reads for the municipality: its groups with their admins' contacts, per wijk and per woonplaats.

Only admins are read here, never other members, join requests or anything said in a group: the municipality keeps
the admins' names and contacts and is not responsible for what happens inside a group. Police of the gemeente read
the same overview without the admins' private contacts (no e-mail address or phone number, first names only):
`group_rows_for` decides that once for the page, the CSV and the API.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import shapely
from django.utils.translation import gettext as _

from buurtwacht.accounts.models import RoleKind, User
from buurtwacht.accounts.permissions import can_review_groups_of, police_gemeenten, staff_gemeenten
from buurtwacht.geo.models import Buurt, Gemeente, Wijk
from buurtwacht.geo.shapes import to_geometry
from buurtwacht.groups.models import Group, GroupStatus, MemberRole, Membership
from buurtwacht.municipality.models import GemeenteSettings, WijkContact

# Statuses the overview lists; rejected registrations are history, not groups.
LISTED = [GroupStatus.PENDING, GroupStatus.ACTIVE, GroupStatus.INACTIVE]
# A wijk hears of a new group when at least this share of the group's area lies in it (not a sliver on a border).
WIJK_OVERLAP_SHARE = 0.01


def staff_notification_addresses(gemeente: Gemeente) -> list[str]:
    """Where the gemeente's staff hear of something new to handle (a sticker or sign request): team Veiligheid's
    address, when the gemeente filled it in. Empty when nobody is set."""
    settings_row = GemeenteSettings.objects.filter(gemeente=gemeente).first()
    return [settings_row.veiligheid_email] if settings_row and settings_row.veiligheid_email else []


def gemeenten_of(user):
    """The gemeenten where the user is municipal staff or police (after the second factor)."""
    return Gemeente.objects.filter(pk__in=staff_gemeenten(user) | police_gemeenten(user)).order_by("name")


@dataclass(frozen=True)
class AdminContact:
    """An admin (or a pending group's registrant) as the viewer may see them: staff get the name, e-mail address
    and phone number; police the first name only."""

    name: str
    email: str = ""
    phone: str = ""


def admin_contact(user, *, full: bool) -> AdminContact:
    if full:
        return AdminContact(name=user.full_name or user.email, email=user.email, phone=user.phone)
    return AdminContact(name=user.first_name or _("beheerder"))


def registrant_contact(group: Group, *, full: bool) -> AdminContact | None:
    if not (group.contact_name or group.contact_email):
        return None
    if full:
        return AdminContact(name=group.contact_name, email=group.contact_email, phone=group.contact_phone)
    first = group.contact_name.split()[0] if group.contact_name.split() else _("aanmelder")
    return AdminContact(name=first)


@dataclass
class GroupRow:
    group: Group
    admins: list[AdminContact] = field(default_factory=list)
    registrant: AdminContact | None = None

    @property
    def admin_warning(self) -> str:
        if not self.admins:
            return _("geen beheerder")
        if len(self.admins) == 1:
            return _("één beheerder")
        return ""


@dataclass
class Bucket:
    name: str
    rows: list[GroupRow] = field(default_factory=list)
    known: bool = True


@dataclass
class Overview:
    gemeente: Gemeente
    rows: list[GroupRow]
    active_count: int
    pending_count: int
    members_total: int

    @property
    def pending(self) -> list[GroupRow]:
        return [row for row in self.rows if row.group.status == GroupStatus.PENDING]

    def per_wijk(self) -> list[Bucket]:
        return _buckets(
            self.rows, lambda g: g.wijk.display_name if g.wijk_id else "", _("Onbekende wijk"), sort_key=_wijk_key
        )

    def per_woonplaats(self) -> list[Bucket]:
        return _buckets(self.rows, lambda g: g.place, _("Onbekende woonplaats"))


def _wijk_key(row: GroupRow):
    return (row.group.wijk.code if row.group.wijk_id else "", row.group.name.lower())


def _buckets(rows, key, unknown: str, sort_key=None) -> list[Bucket]:
    by_name: dict[str, list[GroupRow]] = defaultdict(list)
    for row in sorted(rows, key=sort_key or (lambda r: r.group.name.lower())):
        by_name[key(row.group)].append(row)
    buckets = [Bucket(name=name, rows=grouped) for name, grouped in by_name.items() if name]
    if not sort_key:
        buckets.sort(key=lambda b: b.name.lower())
    if "" in by_name:
        buckets.append(Bucket(name=unknown, rows=by_name[""], known=False))
    return buckets


def admins_by_group(group_ids) -> dict[int, list]:
    """The admins (accounts) of each group, longest-serving first, in one query."""
    result: dict[int, list] = defaultdict(list)
    memberships = (
        Membership.objects.filter(group_id__in=list(group_ids), role=MemberRole.ADMIN)
        .select_related("user")
        .order_by("joined_at", "pk")
    )
    for membership in memberships:
        result[membership.group_id].append(membership.user)
    return result


def group_row(group: Group, *, full_contacts: bool, admins: list | None = None) -> GroupRow:
    if admins is None:
        admins = admins_by_group([group.pk]).get(group.pk, [])
    return GroupRow(
        group=group,
        admins=[admin_contact(user, full=full_contacts) for user in admins],
        registrant=registrant_contact(group, full=full_contacts),
    )


def group_rows(gemeente: Gemeente, *, full_contacts: bool) -> list[GroupRow]:
    groups = list(
        Group.objects.filter(gemeente=gemeente, status__in=LISTED).select_related("wijk").order_by("name", "pk")
    )
    admins = admins_by_group(g.pk for g in groups)
    return [group_row(g, full_contacts=full_contacts, admins=admins.get(g.pk, [])) for g in groups]


def full_contacts_for(user, gemeente: Gemeente) -> bool:
    """Municipal staff see admins' e-mail addresses and phone numbers; police of the gemeente do not need them."""
    return can_review_groups_of(user, gemeente)


def group_rows_for(user, gemeente: Gemeente) -> list[GroupRow]:
    """The gemeente's groups with their admins as this person may see them (staff: all contacts; police: first
    names). The overview, the groups page, the CSV and the API all read through here."""
    return group_rows(gemeente, full_contacts=full_contacts_for(user, gemeente))


def overview_for(user, gemeente: Gemeente) -> Overview:
    return overview(gemeente, full_contacts=full_contacts_for(user, gemeente))


def overview(gemeente: Gemeente, *, full_contacts: bool) -> Overview:
    rows = group_rows(gemeente, full_contacts=full_contacts)
    active = [row.group for row in rows if row.group.status == GroupStatus.ACTIVE]
    return Overview(
        gemeente=gemeente,
        rows=rows,
        active_count=len(active),
        pending_count=sum(1 for row in rows if row.group.status == GroupStatus.PENDING),
        members_total=sum(g.member_count for g in active),
    )


# --- Contacts ---------------------------------------------------------------------------------------------------


def gemeente_settings(gemeente: Gemeente) -> GemeenteSettings:
    return GemeenteSettings.objects.filter(gemeente=gemeente).first() or GemeenteSettings(gemeente=gemeente)


def wijk_contacts(gemeente: Gemeente) -> list[tuple[Wijk, WijkContact | None]]:
    wijken = list(Wijk.objects.filter(gemeente=gemeente).order_by("code"))
    contacts = {c.wijk_id: c for c in WijkContact.objects.filter(wijk__in=wijken).select_related("wijkagent")}
    return [(wijk, contacts.get(wijk.pk)) for wijk in wijken]


def wijken_of_group(group: Group) -> list[Wijk]:
    """The wijken of the group's own gemeente that its area lies in: its filed wijk, the wijken of its chosen
    buurten, and every wijk holding a real part of a drawn area (a shared border alone does not count)."""
    ids: set[int] = set()
    if group.wijk_id:
        ids.add(group.wijk_id)
    ids.update(group.buurten.exclude(wijk=None).values_list("wijk_id", flat=True))
    geometry = to_geometry(group.area)
    area = geometry.area
    if area > 0:
        candidates = Buurt.objects.filter(
            gemeente_id=group.gemeente_id,
            min_lon__lte=group.max_lon,
            max_lon__gte=group.min_lon,
            min_lat__lte=group.max_lat,
            max_lat__gte=group.min_lat,
        ).exclude(geometry=None)
        for wijk_id, buurt_geojson in candidates.values_list("wijk_id", "geometry"):
            if wijk_id in ids:
                continue
            overlap = shapely.intersection(to_geometry(buurt_geojson), geometry).area
            if overlap >= WIJK_OVERLAP_SHARE * area:
                ids.add(wijk_id)
    return list(Wijk.objects.filter(pk__in=ids, gemeente_id=group.gemeente_id).order_by("code"))


def wijkagent_candidates(gemeente: Gemeente):
    """Accounts holding the wijkagent role for this gemeente."""
    return (
        User.objects.filter(roles__kind=RoleKind.WIJKAGENT, roles__gemeente=gemeente, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
