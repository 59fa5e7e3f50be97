"""Writes: registering, reviewing and changing groups. Each function is one transaction."""

from __future__ import annotations

import datetime as dt

import shapely
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from shapely.geometry.base import BaseGeometry

from buurtwacht.delivery.mail import mail_send
from buurtwacht.geo.index import BUURTEN, GROUPS, bump_version, layers
from buurtwacht.geo.models import Buurt
from buurtwacht.geo.selectors import addresses_inside
from buurtwacht.geo.shapes import BBox, area_m2, to_geojson, validate_group_area
from buurtwacht.groups import hooks
from buurtwacht.groups.models import ContactMessage, Group, GroupStatus, MemberRole, Membership
from buurtwacht.groups.photos import photo_accept, photo_discard
from buurtwacht.groups.selectors import group_admins
from buurtwacht.groups.tasks import group_photo_task


def area_from_buurten(codes: list[str]) -> tuple[BaseGeometry, list[Buurt]]:
    """The union of the chosen buurten's polygons."""
    codes = sorted({c.strip().upper() for c in codes if c.strip()})
    buurten = list(Buurt.objects.filter(code__in=codes).exclude(geometry=None))
    missing = sorted(set(codes) - {b.code for b in buurten})
    if missing:
        raise ValidationError(
            _("Onbekende buurtcode(s): %(codes)s. Kies buurten uit de lijst.") % {"codes": ", ".join(missing)}
        )
    if not buurten:
        raise ValidationError(_("Kies ten minste één buurt of teken een gebied."))
    union = shapely.union_all([shapely.geometry.shape(b.geometry) for b in buurten])
    # Neighbouring generalised buurten leave slivers between them; a tiny buffer closes them.
    union = union.buffer(0.00001, join_style="mitre").buffer(-0.00001, join_style="mitre")
    return union, buurten


def _largest_overlap(geometry: BaseGeometry) -> tuple[list[tuple[int, int, int | None]], dict[int, float]]:
    """(buurt id, gemeente id, wijk id) of the buurten the area overlaps, largest overlap first, and the overlap
    per buurt."""
    index = layers.get(BUURTEN)
    hits = index.tree.query(geometry, predicate="intersects")
    if not len(hits):
        raise ValidationError(
            _("Het gebied ligt niet in een bekende buurt. Controleer of u het gebied op de goede plek heeft getekend.")
        )
    overlap = shapely.area(shapely.intersection(index.geometries[hits], geometry))
    by_buurt = dict(zip(index.ids[hits].tolist(), overlap.tolist(), strict=True))
    rows = Buurt.objects.filter(pk__in=by_buurt).values_list("pk", "gemeente_id", "wijk_id")
    return sorted(rows, key=lambda row: by_buurt[row[0]], reverse=True), by_buurt


def _gemeente_and_wijk(geometry: BaseGeometry) -> tuple[int, int | None]:
    """The gemeente whose buurten hold the largest part of the area, and its wijk holding the largest part."""
    rows, by_buurt = _largest_overlap(geometry)
    if not rows:  # the index named buurten that are gone: it is about to be rebuilt
        raise ValidationError(_("Het gebied ligt niet in een bekende buurt. Probeer het over een minuut opnieuw."))
    gemeenten: dict[int, float] = {}
    wijken: dict[int, float] = {}
    for buurt_id, gemeente_id, _wijk in rows:
        gemeenten[gemeente_id] = gemeenten.get(gemeente_id, 0.0) + by_buurt[buurt_id]
    gemeente_id = max(gemeenten, key=gemeenten.__getitem__)
    for buurt_id, row_gemeente_id, wijk_id in rows:
        if row_gemeente_id == gemeente_id and wijk_id is not None:
            wijken[wijk_id] = wijken.get(wijk_id, 0.0) + by_buurt[buurt_id]
    return gemeente_id, (max(wijken, key=wijken.__getitem__) if wijken else None)


# Slugs that fixed routes under /groepen/ already use.
RESERVED_SLUGS = {"aanmelden", "aangemeld"}


def unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "groep"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Group.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save_with_free_slug(group: Group, attempts: int = 5) -> None:
    """Save a new group. Two registrations with the same name at the same moment both find the slug free; the
    database lets one have it, and the other takes the next free one."""
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                group.save()
            return
        except IntegrityError:
            if attempt == attempts - 1:
                raise
            group.slug = unique_slug(group.name)


def resolve_area(*, area: BaseGeometry | None, buurt_codes: list[str] | None) -> tuple[BaseGeometry, list[Buurt]]:
    """The group area from a drawn polygon or from chosen buurten (not both), validated."""
    if area is not None and buurt_codes:
        raise ValidationError(_("Teken een gebied óf kies buurten, niet allebei."))
    if area is None and not buurt_codes:
        raise ValidationError(_("Teken het gebied van de groep op de kaart of kies een of meer buurten."))
    buurten: list[Buurt] = []
    if buurt_codes:
        area, buurten = area_from_buurten(buurt_codes)
    return validate_group_area(area), buurten


def _apply_area(group: Group, geometry: BaseGeometry) -> None:
    """Set the area and what follows from it: bbox, size, gemeente, wijk, addresses and woonplaats."""
    group.area = to_geojson(geometry)
    for name, value in BBox.of(geometry).as_fields().items():
        setattr(group, name, value)
    group.area_m2 = round(area_m2(geometry), 1)
    group.gemeente_id, group.wijk_id = _gemeente_and_wijk(geometry)
    group.address_count, group.place = addresses_inside(geometry)


def group_register(
    *,
    name: str,
    contact_name: str,
    contact_email: str,
    description: str = "",
    area: BaseGeometry | None = None,
    buurt_codes: list[str] | None = None,
    contact_phone: str = "",
    founded_on: dt.date | None = None,
    photo=None,
    founder=None,
) -> Group:
    """Register a group; it waits for the municipality's approval before it shows on the map. The person who
    registers it (`founder`, signed in) becomes its first admin. A photo is checked from its header here and
    re-encoded by a task after the registration commits (groups.photos); until then the group shows none."""
    upload_name = photo_accept(photo) if photo else ""
    try:
        group = _group_register(
            name=name,
            contact_name=contact_name,
            contact_email=contact_email,
            description=description,
            area=area,
            buurt_codes=buurt_codes,
            contact_phone=contact_phone,
            founded_on=founded_on,
            photo_upload=upload_name,
            founder=founder,
        )
    except BaseException:
        photo_discard(upload_name)
        raise
    return group


@transaction.atomic
def _group_register(*, name, contact_name, contact_email, description, area, buurt_codes, contact_phone,
                    founded_on, photo_upload, founder) -> Group:
    name = " ".join(name.split())  # no line breaks or tabs: the name goes into e-mail subjects
    if not name:
        raise ValidationError(_("Geef de groep een naam."))
    if founder is not None and founder.is_police:
        raise ValidationError(_("Politie is nooit lid of beheerder van een buurtpreventiegroep."))
    geometry, buurten = resolve_area(area=area, buurt_codes=buurt_codes)
    group = Group(
        name=name,
        slug=unique_slug(name),
        description=description.strip(),
        status=GroupStatus.PENDING,
        founded_on=founded_on,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
        photo_upload=photo_upload,
    )
    _apply_area(group, geometry)
    group.full_clean(exclude=["slug"])
    _save_with_free_slug(group)
    group.buurten.set(buurten)
    if founder is not None:
        Membership.objects.create(group=group, user=founder, role=MemberRole.ADMIN)
        member_count_refresh(group)
        group.refresh_from_db(fields=["member_count"])
    if photo_upload:
        transaction.on_commit(lambda: group_photo_task(group.pk))
    return group


@transaction.atomic
def group_update_area(*, group: Group, area: BaseGeometry | None = None, buurt_codes: list[str] | None = None) -> Group:
    geometry, buurten = resolve_area(area=area, buurt_codes=buurt_codes)
    _apply_area(group, geometry)
    group.save()
    group.buurten.set(buurten)
    if group.status == GroupStatus.ACTIVE:
        bump_version(GROUPS)
        _changed(group)
    return group


def _review(group: Group, status: GroupStatus, note: str, notify: bool = True) -> Group:
    was_active = group.status == GroupStatus.ACTIVE
    group.status = status
    group.reviewed_at = timezone.now()
    group.review_note = note.strip()
    if status == GroupStatus.ACTIVE and group.founded_on is None:
        group.founded_on = timezone.localdate()
    group.save(update_fields=["status", "reviewed_at", "review_note", "founded_on"])
    if was_active or status == GroupStatus.ACTIVE:
        bump_version(GROUPS)
        _changed(group)
    if notify and status in (GroupStatus.ACTIVE, GroupStatus.REJECTED):
        mail_send(f"group_{status}", {"group": group}, group_contacts(group))
    if notify and status == GroupStatus.ACTIVE:
        for hook in hooks.group_activated:  # the municipality tells its contacts
            hook(group)
    return group


def member_count_refresh(group: Group) -> None:
    """Keep the stored member count (shown on cards and the map) equal to the memberships. The group's row is
    locked first, so that a count taken next sees every membership change committed before it."""
    list(Group.objects.select_for_update().filter(pk=group.pk).values_list("pk", flat=True))
    Group.objects.filter(pk=group.pk).update(member_count=Membership.objects.filter(group=group).count())
    if group.status == GroupStatus.ACTIVE:
        _changed(group)


def _changed(group: Group) -> None:
    for hook in hooks.group_changed:  # the municipality marks its coverage figures for recomputing
        hook(group)


def group_contacts(group: Group) -> list:
    """Who hears about the group: its admins (each in their own language) and the contact it registered with."""
    return [*group_admins(group), group.contact_email]


@transaction.atomic
def group_approve(*, group: Group, note: str = "", notify: bool = True) -> Group:
    """The municipality approves: the group appears on the map and in address lookups, and its contact hears
    of it (unless `notify` is off, as for the generated demo)."""
    if group.status == GroupStatus.ACTIVE:
        return group
    return _review(group, GroupStatus.ACTIVE, note, notify)


@transaction.atomic
def group_reject(*, group: Group, note: str) -> Group:
    if group.status != GroupStatus.PENDING:
        raise ValidationError(_("Alleen een aangemelde groep die nog wacht op goedkeuring kan worden afgewezen."))
    if not note.strip():
        raise ValidationError(_("Geef aan waarom de aanmelding wordt afgewezen; de aanmelder krijgt dit te lezen."))
    return _review(group, GroupStatus.REJECTED, note)


@transaction.atomic
def group_deactivate(*, group: Group, note: str = "") -> Group:
    return _review(group, GroupStatus.INACTIVE, note)


@transaction.atomic
def contact_message_send(*, group: Group, sender_name: str, sender_email: str, body: str) -> ContactMessage:
    """Store a contact-form message and e-mail it to the group's admins and contact, who answer the sender."""
    if not group.is_public:
        raise ValidationError(_("Deze groep is niet actief en kan geen berichten ontvangen."))
    message = ContactMessage(group=group, sender_name=sender_name.strip(), sender_email=sender_email.strip(), body=body)
    message.full_clean()
    message.save()
    mail_send("contact_message", {"group": group, "message": message}, group_contacts(group),
                   reply_to=[message.sender_email])
    return message
