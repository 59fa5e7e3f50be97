"""Writes of the police app: send a message (dispatch or area alert), add an update, close it (by hand or by
itself), pass it on into a group, members' marks on it, residents' tips, and residents' opt-in for area alerts.

Every rule is enforced here (police.rules, police.permissions), so the console, the JSON API and CAP get the same
answer: ValidationError per field (Dutch) for what the sender can put right, PermissionDenied for what their role
or token does not allow. Each write is one transaction that records its events with their audience: a dispatch
for the admins of the groups in the area, an area alert for the residents who opted in there, a group post for
the group's members. Photos are decoded before the transaction, never inside it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwacht.alerts.photos import photo_check, process_photo
from buurtwacht.alerts.rules import Refusals, address_of, check_free_text
from buurtwacht.delivery.audiences import Audience
from buurtwacht.delivery.models import EventRecipient
from buurtwacht.delivery.outbound import deliveries_mark_seen
from buurtwacht.delivery.services import event_publish
from buurtwacht.geo.shapes import to_geometry
from buurtwacht.groups.membership.audiences import admins_of, members_of
from buurtwacht.groups.models import Group, GroupStatus, MemberRole, Membership
from buurtwacht.groups.permissions import is_member
from buurtwacht.police import events, text
from buurtwacht.police.audiences import residents
from buurtwacht.police.models import (
    AreaAlertOptIn,
    Forward,
    ForwardChannel,
    MarkKind,
    MemberMark,
    MessageGroup,
    MessageKind,
    MessageStatus,
    PoliceMessage,
    PoliceOutcome,
    PoliceUpdate,
    Tip,
)
from buurtwacht.police.permissions import Sender, require_buurten, require_gemeente, require_message
from buurtwacht.police.reach import Reach, reach_of
from buurtwacht.police.rules import MessageInput, close_check, message_check, update_check

TIP_MAX_LENGTH = 1000
TIP_MAX_PER_WINDOW = 5  # tips per person per message in TIP_WINDOW: a flood is no help to the control room
TIP_WINDOW = dt.timedelta(minutes=10)


def _closes_at(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(minutes=settings.POLICE_AUTO_CLOSE_MINUTES)


def message_send(*, sender: Sender, data: MessageInput, photo=None) -> PoliceMessage:
    """Send a dispatch to the admins of the groups in the area, or an area alert to the residents who opted in
    there; on every channel at once. Returns the message with `reach` (the counts) filled in."""
    checked = message_check(data, photo=photo)
    require_gemeente(sender, checked.gemeente_id)
    require_buurten(sender, checked.buurten)
    processed = process_photo(photo) if photo is not None else None
    reach = reach_of(kind=data.kind, area=checked.area.geometry, bounds=checked.area.bounds, with_channels=False)
    now = timezone.now()
    min_lon, min_lat, max_lon, max_lat = checked.area.bounds
    with transaction.atomic():
        message = PoliceMessage.objects.create(
            kind=data.kind,
            incident=data.incident,
            gemeente_id=checked.gemeente_id,
            sender=sender.user,
            token=sender.token,
            sender_name=sender.name,
            lat=checked.lat,
            lon=checked.lon,
            location_text=checked.location_text,
            radius_m=checked.radius_m,
            area=checked.area.geojson,
            min_lon=min_lon,
            min_lat=min_lat,
            max_lon=max_lon,
            max_lat=max_lat,
            description=checked.description,
            person=checked.person,
            vehicle=checked.vehicle,
            family_consent=bool(processed and data.family_consent),
            closes_at=_closes_at(now),
            reach=reach.counts(),
        )
        if checked.buurten:
            message.buurten.set(checked.buurten)
        if processed is not None:
            message.photo.save(processed.image.name, processed.image, save=False)
        if message.kind == MessageKind.DISPATCH:  # the groups whose admins it was sent to
            MessageGroup.objects.bulk_create(
                [
                    MessageGroup(message=message, group=g.group, admin_count=len(g.admin_ids))
                    for g in reach.receiving_groups
                ]
            )
        audience = _first_audience(message, reach)
        message.event = event_publish(
            kind=events.MESSAGE,
            audience=audience,
            payload=events.recipient_payload(message, kind=events.MESSAGE),
            topic=message.topic,
            notify=audience.user_ids,
            channels=_channels(message, reach, audience),
        )
        message.save(update_fields=["event", "photo"])
    return message


def _first_audience(message: PoliceMessage, reach: Reach) -> Audience:
    if message.kind == MessageKind.DISPATCH:
        return admins_of([g.group for g in reach.receiving_groups])
    return residents(message, reach.resident_ids)


def _channels(message: PoliceMessage, reach: Reach, audience: Audience) -> dict:
    """A dispatch goes to admins on every channel they have; an area alert on the channels each resident chose."""
    if message.kind == MessageKind.DISPATCH:
        return {"push": audience.user_ids, "email": audience.user_ids, "whatsapp": audience.user_ids}
    return {"push": reach.push_ids, "email": reach.email_ids}


def _locked(message: PoliceMessage) -> PoliceMessage:
    return PoliceMessage.objects.select_for_update().get(pk=message.pk)


def _not_open() -> ValidationError:
    return ValidationError(_("Dit bericht is al beëindigd."), code="closed")


def _tell_everyone(message: PoliceMessage, kind: str, extra: str) -> None:
    """An update or the end reaches the same people as the message, and the members of every group it was passed
    into (inside the caller's transaction)."""
    first = message.event
    if first is not None:
        ids = EventRecipient.objects.filter(event=first).values_list("user_id", flat=True)
        audience = Audience(name=first.audience, user_ids=frozenset(ids))
        event_publish(
            kind=kind,
            audience=audience,
            payload=events.recipient_payload(message, kind=kind, extra=extra),
            topic=message.topic,
            notify=audience.user_ids,
            channels=None if message.kind == MessageKind.DISPATCH else _resident_channels(audience.user_ids),
        )
    forwards = Forward.objects.filter(message=message, channel=ForwardChannel.GROUP).select_related("group", "message")
    for forward in forwards:
        audience = members_of(forward.group)
        event_publish(
            kind=kind,
            audience=audience,
            payload=events.post_payload(forward, kind=kind, extra=extra),
            topic=forward.topic,
            notify=audience.user_ids,
        )


def _resident_channels(user_ids) -> dict:
    rows = AreaAlertOptIn.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "push", "email")
    return {"push": {pk for pk, push, _email in rows if push}, "email": {pk for pk, _push, email in rows if email}}


def message_update(*, sender: Sender, message: PoliceMessage, text_: str) -> PoliceUpdate:
    """Add news (the direction of flight, a better description): it reaches everyone the message reached."""
    require_message(sender, message)
    clean = update_check(text_)
    with transaction.atomic():
        message = _locked(message)
        if not message.is_open:
            raise ValidationError({"text": _not_open()})
        update = PoliceUpdate.objects.create(message=message, text=clean, author_name=sender.name)
        _tell_everyone(message, events.UPDATE, clean)
    return update


def message_close(*, sender: Sender | None, message: PoliceMessage, outcome: str, text_: str = "") -> PoliceMessage:
    """End the message with its outcome (`sender` None: it closed by itself). Everyone it reached hears how it
    ended; a missing person's photo is deleted."""
    if sender is not None:
        require_message(sender, message)
    outcome, clean = close_check(outcome, text_, incident=message.incident)
    with transaction.atomic():
        message = _locked(message)
        if not message.is_open:
            raise ValidationError({"outcome": _not_open()})
        message.status = MessageStatus.CLOSED
        message.outcome, message.outcome_text = outcome, clean
        message.closed_at = timezone.now()
        message.closed_by_name = sender.name if sender else _("automatisch")
        photo = message.photo.name
        message.photo = ""
        message.save(update_fields=["status", "outcome", "outcome_text", "closed_at", "closed_by_name", "photo"])
        _tell_everyone(message, events.CLOSED, text.outcome_line(message))
        if photo:
            storage = message.photo.storage
            transaction.on_commit(lambda: storage.delete(photo))
    return message


def messages_autoclose(now: dt.datetime | None = None) -> int:
    """Close the messages left open past their time with "Actie beëindigd", so that nothing stays open."""
    now = now or timezone.now()
    closed = 0
    for message in PoliceMessage.objects.filter(status=MessageStatus.OPEN, closes_at__lte=now).order_by("pk"):
        try:
            message_close(sender=None, message=message, outcome=PoliceOutcome.ENDED)
            closed += 1
        except ValidationError:  # closed by hand meanwhile
            continue
    return closed


# --- admins pass it on -------------------------------------------------------------------------------------------


def groups_to_forward(*, message: PoliceMessage, user) -> list[Group]:
    """The groups this person may pass the message into: they are its admin, and the group's area meets the
    message's (a dispatch: the groups it was sent for; an area alert: any such group that takes police
    messages)."""
    if not user.is_authenticated or user.is_police:  # police are never members, so never admins
        return []
    admin_of = Membership.objects.filter(user=user, role=MemberRole.ADMIN, group__status=GroupStatus.ACTIVE)
    groups = Group.objects.filter(pk__in=admin_of.values("group_id"), police_messages=True)
    if message.kind == MessageKind.DISPATCH:
        return list(groups.filter(pk__in=message.reached_groups.values("group_id")).order_by("name"))
    area = to_geometry(message.area)
    meets = [(g, to_geometry(g.area)) for g in groups.order_by("name")]
    return [
        g for g, shape in meets if area.intersects(shape) and not area.touches(shape)
    ]  # a shared border is not enough


def is_recipient(*, message: PoliceMessage, user) -> bool:
    return message.event_id is not None and EventRecipient.objects.filter(event_id=message.event_id, user=user).exists()


def message_forward(*, message: PoliceMessage, group: Group, user, channel: str) -> Forward:
    """Record that an admin passed the message on. Into the group ("groep") it is posted once, however many of the
    group's admins tap; WhatsApp and copying are recorded each time (they happen outside Buurtwacht)."""
    if channel not in ForwardChannel.values:
        raise ValidationError({"channel": ValidationError(_("Kies hoe u het bericht doorstuurt."), code="channel")})
    if not is_recipient(message=message, user=user) or group not in groups_to_forward(message=message, user=user):
        raise PermissionDenied(_("U kunt dit bericht alleen doorsturen naar een groep waarvan u beheerder bent."))
    if channel != ForwardChannel.GROUP:
        return Forward.objects.create(message=message, group=group, user=user, channel=channel)
    existing = Forward.objects.filter(message=message, group=group, channel=ForwardChannel.GROUP).first()
    if existing is not None:
        return existing
    if not message.is_open:
        raise ValidationError({"channel": _not_open()})
    try:
        with transaction.atomic():
            forward = Forward.objects.create(message=message, group=group, user=user, channel=channel)
            audience = members_of(group)
            forward.event = event_publish(
                kind=events.POST,
                audience=audience,
                payload=events.post_payload(forward, kind=events.POST),
                topic=forward.topic,
                notify=audience.user_ids - {user.pk},
            )
            forward.save(update_fields=["event"])
    except IntegrityError:  # another admin of the group was a moment earlier: one post per group
        return Forward.objects.get(message=message, group=group, channel=ForwardChannel.GROUP)
    return forward


def message_seen(*, message: PoliceMessage, user) -> None:
    """The admin or resident opened the message: its events are seen (the receipt the console shows)."""
    deliveries_mark_seen(user=user, topic=message.topic)


def post_seen(*, forward: Forward, user) -> None:
    """A member opened the police post in their group: its events are seen by them (the members' receipts)."""
    deliveries_mark_seen(user=user, topic=forward.topic)


def member_mark(*, forward: Forward, user, kind: str) -> MemberMark:
    """A member says they saw the police post, or called 112. Nothing else can be said on it."""
    if kind not in MarkKind.values:
        raise ValidationError({"kind": ValidationError(_("Kies: gezien, of ik heb 112 gebeld."), code="kind")})
    if not is_member(user, forward.group):
        raise PermissionDenied(_("Alleen deelnemers van de groep kunnen hierop reageren."))
    deliveries_mark_seen(user=user, topic=forward.topic)
    mark, _created = MemberMark.objects.get_or_create(forward=forward, user=user, kind=kind)
    return mark


# --- residents -------------------------------------------------------------------------------------------------


def tip_send(*, message: PoliceMessage, user, text_: str, photo=None) -> Tip:
    """ "Ik heb informatie": a resident the area alert reached tells the police (and only them)."""
    if message.kind != MessageKind.AREA_ALERT or not is_recipient(message=message, user=user):
        raise PermissionDenied(
            _("Alleen bewoners die dit buurtalert kregen, kunnen de politie hierover informatie geven.")
        )
    if message.anonymised_at is not None:
        raise ValidationError(
            {"text": ValidationError(_("Dit bericht is te oud om nog informatie bij te geven."), code="old")}
        )
    since = timezone.now() - TIP_WINDOW
    if Tip.objects.filter(message=message, user=user, created_at__gte=since).count() >= TIP_MAX_PER_WINDOW:
        raise ValidationError(
            {
                "text": ValidationError(
                    _(
                        "U heeft de politie over dit bericht al %(n)s keer iets gestuurd in de afgelopen tien minuten. "
                        "Is het dringend? Bel 112."
                    )
                    % {"n": TIP_MAX_PER_WINDOW},
                    code="rate",
                )
            }
        )
    refusals = Refusals()
    clean = ""
    with refusals.on("text"):
        clean = check_free_text(text_, max_length=TIP_MAX_LENGTH, label=_("informatie"))
        if not clean:
            raise ValidationError(_("Schrijf wat u weet."), code="required")
    if photo is not None:
        with refusals.on("photo"):
            photo_check(photo)
    refusals.raise_any()
    processed = process_photo(photo) if photo is not None else None
    with transaction.atomic():
        tip = Tip(message=message, user=user, text=clean)
        if processed is not None:
            tip.photo.save(processed.image.name, processed.image, save=False)
        tip.save()
    return tip


def optin_save(*, user, postcode: str, house_number: str, is_home: bool, push: bool, email: bool) -> AreaAlertOptIn:
    """Switch area alerts on (or change the channels) for an address: the home address, and at most one more."""
    address = address_of(postcode=postcode, house_number=house_number)
    if not (push or email):
        raise ValidationError(
            {
                "push": ValidationError(
                    _("Kies hoe u buurtalerts wilt krijgen: pushbericht, e-mail of allebei."), code="channels"
                )
            }
        )
    with transaction.atomic():
        mine = AreaAlertOptIn.objects.select_for_update().filter(user=user)
        current = list(mine)
        existing = next((o for o in current if o.address_id == address.pk), None)
        same_kind = next((o for o in current if o.is_home == is_home and o.address_id != address.pk), None)
        if same_kind is not None:
            same_kind.delete()  # one home address and one other: a new one replaces the old
        if existing is None:
            existing = AreaAlertOptIn(user=user, address=address)
        existing.is_home, existing.push, existing.email = is_home, push, email
        existing.lat, existing.lon = address.lat, address.lon
        existing.save()
    return existing


def optin_delete(*, user, pk: int) -> int:
    """Switch area alerts off for one address (of this person only)."""
    deleted, _by_model = AreaAlertOptIn.objects.filter(user=user, pk=pk).delete()
    return deleted
