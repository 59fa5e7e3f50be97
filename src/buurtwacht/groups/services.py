"""Writes: registering, reviewing and changing groups. Each function is one transaction."""

from __future__ import annotations

import datetime as dt
import io
import logging
import smtplib

import numpy as np
import shapely
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import BadHeaderError, EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps
from shapely.geometry.base import BaseGeometry

from buurtwacht.geo.index import BUURTEN, GROUPS, bump_version, layers
from buurtwacht.geo.models import Address, Buurt, Gemeente
from buurtwacht.geo.shapes import BBox, area_m2, to_geojson, validate_group_area
from buurtwacht.groups.models import ContactMessage, Group, GroupStatus

logger = logging.getLogger(__name__)


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


def gemeente_for_area(geometry: BaseGeometry) -> Gemeente:
    """The gemeente whose buurten hold the largest part of the area."""
    index = layers.get(BUURTEN)
    hits = index.tree.query(geometry, predicate="intersects")
    if not len(hits):
        raise ValidationError(
            _("Het gebied ligt niet in een bekende buurt. Controleer of u het gebied op de goede plek heeft getekend.")
        )
    overlap = shapely.area(shapely.intersection(index.geometries[hits], geometry))
    by_buurt = dict(zip(index.ids[hits].tolist(), overlap.tolist(), strict=True))
    totals: dict[int, float] = {}
    for buurt_id, gemeente_id in Buurt.objects.filter(pk__in=by_buurt).values_list("pk", "gemeente_id"):
        totals[gemeente_id] = totals.get(gemeente_id, 0.0) + by_buurt[buurt_id]
    if not totals:  # the index named buurten that are gone: it is about to be rebuilt
        raise ValidationError(_("Het gebied ligt niet in een bekende buurt. Probeer het over een minuut opnieuw."))
    return Gemeente.objects.get(pk=max(totals, key=totals.__getitem__))


def count_addresses(geometry: BaseGeometry) -> int:
    """The number of BAG addresses inside the area: a bbox query, then one vectorised containment test."""
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    points = np.array(
        Address.objects.filter(lon__gte=min_lon, lon__lte=max_lon, lat__gte=min_lat, lat__lte=max_lat).values_list(
            "lon", "lat"
        ),
        dtype=float,
    )
    if not len(points):
        return 0
    return int(shapely.contains_xy(geometry, points[:, 0], points[:, 1]).sum())


# Slugs that fixed routes under /groepen/ already use.
RESERVED_SLUGS = {"aanmelden", "aangemeld"}


def unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "groep"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Group.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


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
    group.area = to_geojson(geometry)
    for name, value in BBox.of(geometry).as_fields().items():
        setattr(group, name, value)
    group.area_m2 = round(area_m2(geometry), 1)
    group.address_count = count_addresses(geometry)


@transaction.atomic
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
) -> Group:
    """Register a group; it waits for the municipality's approval before it shows on the map."""
    name = " ".join(name.split())  # no line breaks or tabs: the name goes into e-mail subjects
    if not name:
        raise ValidationError(_("Geef de groep een naam."))
    geometry, buurten = resolve_area(area=area, buurt_codes=buurt_codes)
    group = Group(
        name=name,
        slug=unique_slug(name),
        description=description.strip(),
        gemeente=gemeente_for_area(geometry),
        status=GroupStatus.PENDING,
        founded_on=founded_on,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        contact_phone=contact_phone.strip(),
    )
    if photo:
        group.photo = photo_clean(photo)
    _apply_area(group, geometry)
    group.full_clean()
    group.save()
    group.buurten.set(buurten)
    return group


@transaction.atomic
def group_update_area(*, group: Group, area: BaseGeometry | None = None, buurt_codes: list[str] | None = None) -> Group:
    geometry, buurten = resolve_area(area=area, buurt_codes=buurt_codes)
    group.gemeente = gemeente_for_area(geometry)
    _apply_area(group, geometry)
    group.save()
    group.buurten.set(buurten)
    if group.status == GroupStatus.ACTIVE:
        bump_version(GROUPS)
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
    if notify and status in REVIEW_MAILS:
        subject, text = REVIEW_MAILS[status]
        context = {"group": group.name, "note": group.review_note or "-"}
        mail_on_commit(subject=str(subject) % context, body=str(text) % context, to=[group.contact_email])
    return group


REVIEW_MAILS = {
    GroupStatus.ACTIVE: (
        gettext_lazy("Uw buurtpreventiegroep %(group)s is goedgekeurd"),
        gettext_lazy(
            "De gemeente heeft %(group)s goedgekeurd. De groep staat nu op de kaart van Buurtwacht en bewoners "
            "vinden haar bij hun adres.\n\nToelichting van de gemeente: %(note)s"
        ),
    ),
    GroupStatus.REJECTED: (
        gettext_lazy("Uw aanmelding van %(group)s is afgewezen"),
        gettext_lazy(
            "De gemeente heeft de aanmelding van %(group)s afgewezen.\n\nReden: %(note)s\n\n"
            "Heeft u vragen? Neem contact op met de gemeente."
        ),
    ),
}


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
    """Store a contact-form message and e-mail it to the group's contact, who answers the sender directly."""
    if not group.is_public:
        raise ValidationError(_("Deze groep is niet actief en kan geen berichten ontvangen."))
    message = ContactMessage(group=group, sender_name=sender_name.strip(), sender_email=sender_email.strip(), body=body)
    message.full_clean()
    message.save()
    subject = _("Bericht via Buurtwacht voor %(group)s") % {"group": group.name}
    text = _("%(name)s (%(email)s) schreef via het contactformulier:\n\n%(body)s") % {
        "name": message.sender_name,
        "email": message.sender_email,
        "body": message.body,
    }
    mail_on_commit(subject=subject, body=text, to=[group.contact_email], reply_to=[message.sender_email])
    return message


def mail_on_commit(*, subject: str, body: str, to: list[str], reply_to: list[str] | None = None) -> None:
    """Send an e-mail once the transaction has committed. A mail server that is down must not turn a saved
    message or review into an error page: the failure is logged and the record stays in the back office."""
    email = EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, to, reply_to=reply_to)

    def send() -> None:
        try:
            email.send()
        except (OSError, smtplib.SMTPException, BadHeaderError):
            logger.exception("Could not send e-mail %r to %s", email.subject, to)

    transaction.on_commit(send)


def photo_clean(upload) -> ContentFile:
    """Re-encode an uploaded photo: JPEG or PNG only, at most 1600 px, and without its EXIF data, which can
    hold the GPS position of the admin's home."""
    try:
        with Image.open(upload) as original:
            image_format = original.format
            if image_format not in ("JPEG", "PNG"):
                raise ValidationError(_("Een foto moet een JPEG- of PNG-bestand zijn."))
            image = ImageOps.exif_transpose(original)
            image.thumbnail((1600, 1600))
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format=image_format, **({"quality": 85} if image_format == "JPEG" else {}))
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("Dit bestand is geen leesbare foto. Kies een JPEG- of PNG-bestand.")) from exc
    extension = "jpg" if image_format == "JPEG" else "png"
    return ContentFile(buffer.getvalue(), name=f"groep.{extension}")
