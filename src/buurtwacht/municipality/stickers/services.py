"""Writes for stickers, the same for the pages and the API: an admin requests stickers for an active group (at most
the gemeente's number per connected address, counting what the group received or has open), municipal staff send
them or lay them ready for pick-up (taken from the stock, never more than it holds) and note when they were picked up,
or refuse with a reason; they set the gemeente's settings, count the stock or add a delivery from the printer. Every
step is mailed to the group's admins after the commit; a new request also to the gemeente's team Veiligheid."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buurtwacht.delivery.mail import mail_send
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.membership.audiences import admins_of
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.groups.selectors import group_admins
from buurtwacht.municipality.selectors import staff_notification_addresses
from buurtwacht.municipality.stickers.models import Delivery, RequestStatus, StickerRequest, StickerSettings
from buurtwacht.municipality.stickers.selectors import allowance, settings_of

MAX_PER_ADDRESS = 10
MAX_STOCK = 1_000_000


def _locked_settings(gemeente: Gemeente) -> StickerSettings:
    """The settings row, created when missing and locked, so that two decisions never take the same stock."""
    settings_row, _created = StickerSettings.objects.get_or_create(gemeente=gemeente)
    return StickerSettings.objects.select_for_update().get(pk=settings_row.pk)


def _mail_admins(sticker_request: StickerRequest, step: str) -> None:
    group = sticker_request.group
    admins = group_admins(group)
    context = {
        "group": group,
        "gemeente": sticker_request.gemeente,
        "request": sticker_request,
        "step": step,
        "pickup_text": settings_of(sticker_request.gemeente).pickup_text,
        "page_path": reverse("stickers:group", kwargs={"slug": group.slug}),
    }
    mail_send(f"stickers_{step}", context, admins, audience=admins_of([group]))


def _mail_staff(sticker_request: StickerRequest) -> None:
    """Team Veiligheid hears of a new request, with a link to the gemeente's sticker page."""
    gemeente = sticker_request.gemeente
    recipients = staff_notification_addresses(gemeente)
    if not recipients:
        return
    context = {
        "group": sticker_request.group,
        "gemeente": gemeente,
        "request": sticker_request,
        "page_path": reverse("stickers:gemeente", kwargs={"code": gemeente.code}),
    }
    mail_send("stickers_new_for_staff", context, recipients)


@transaction.atomic
def sticker_request_create(
    *, group: Group, admin, number: int, delivery: str, address: str = "", note: str = ""
) -> StickerRequest:
    """An admin asks the gemeente for `number` stickers for the group's front doors."""
    group = Group.objects.select_for_update(of=("self",)).select_related("gemeente").get(pk=group.pk)
    settings_row = _locked_settings(group.gemeente)
    address, note = " ".join(address.split()), note.strip()
    if group.status != GroupStatus.ACTIVE:
        raise ValidationError(_("Alleen een actieve groep kan stickers aanvragen."))
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": [_("Kies of de stickers opgestuurd worden of dat u ze ophaalt.")]})
    if delivery == Delivery.POST and not settings_row.allow_post:
        raise ValidationError({"delivery": [_("De gemeente stuurt geen stickers op; u kunt ze ophalen.")]})
    if delivery == Delivery.PICKUP and not settings_row.allow_pickup:
        raise ValidationError({"delivery": [_("Ophalen kan bij deze gemeente niet; de stickers worden opgestuurd.")]})
    if delivery == Delivery.POST and not address:
        raise ValidationError({"address": [_("Vul het adres in waar de stickers heen moeten.")]})
    if number < 1:
        raise ValidationError({"number": [_("Vraag minstens één sticker aan.")]})
    room = allowance(group, settings_row)
    if room.connected == 0:
        raise ValidationError(
            _("Uw groep heeft nog geen aangesloten adressen; stickers zijn er één per aangesloten adres.")
        )
    if number > room.remaining:
        raise ValidationError(
            {
                "number": [
                    _(
                        "U kunt nog %(remaining)s stickers aanvragen: %(per)s per aangesloten adres, %(connected)s "
                        "adressen, en %(used)s al ontvangen of aangevraagd."
                    )
                    % {
                        "remaining": room.remaining,
                        "per": room.per_address,
                        "connected": room.connected,
                        "used": room.used,
                    }
                ]
            }
        )
    sticker_request = StickerRequest.objects.create(
        group=group,
        gemeente=group.gemeente,
        requested_by=admin,
        number=number,
        delivery=delivery,
        address=address if delivery == Delivery.POST else "",
        note=note,
    )
    _mail_admins(sticker_request, "requested")
    _mail_staff(sticker_request)
    return sticker_request


def _decide(sticker_request: StickerRequest) -> tuple[StickerRequest, StickerSettings]:
    settings_row = _locked_settings(sticker_request.gemeente)
    locked = StickerRequest.objects.select_for_update(of=("self",)).select_related("group", "gemeente")
    sticker_request = locked.get(pk=sticker_request.pk)
    if sticker_request.status != RequestStatus.OPEN:
        raise ValidationError(
            _("Deze aanvraag is al afgehandeld (%(status)s).") % {"status": sticker_request.get_status_display()}
        )
    return sticker_request, settings_row


@transaction.atomic
def sticker_request_hand_out(*, sticker_request: StickerRequest, by, status: str) -> StickerRequest:
    """Staff sent the stickers, or laid them ready at the town hall: they come off the stock."""
    if status not in (RequestStatus.SENT, RequestStatus.READY):
        raise ValidationError(_("Kies verzonden of klaar om op te halen."))
    sticker_request, settings_row = _decide(sticker_request)
    if sticker_request.number > settings_row.stock:
        raise ValidationError(
            _(
                "Er zijn nog %(stock)s stickers op voorraad; deze aanvraag vraagt er %(number)s. "
                "Vul eerst de voorraad aan."
            )
            % {"stock": settings_row.stock, "number": sticker_request.number}
        )
    settings_row.stock -= sticker_request.number
    settings_row.save(update_fields=["stock", "updated_at"])
    sticker_request.status = status
    sticker_request.decided_at, sticker_request.decided_by = timezone.now(), by
    sticker_request.save(update_fields=["status", "decided_at", "decided_by"])
    _mail_admins(sticker_request, status)
    return sticker_request


@transaction.atomic
def sticker_request_picked_up(*, sticker_request: StickerRequest, by) -> StickerRequest:
    """Staff note that the group picked up the stickers that lay ready: the request is done."""
    locked = StickerRequest.objects.select_for_update(of=("self",)).select_related("group", "gemeente")
    sticker_request = locked.get(pk=sticker_request.pk)
    if sticker_request.status != RequestStatus.READY:
        raise ValidationError(
            _("Alleen stickers die klaarliggen kunnen als opgehaald worden genoteerd (deze aanvraag: %(status)s).")
            % {"status": sticker_request.get_status_display()}
        )
    sticker_request.status, sticker_request.picked_up_at = RequestStatus.PICKED_UP, timezone.now()
    sticker_request.decided_by = by
    sticker_request.save(update_fields=["status", "picked_up_at", "decided_by"])
    _mail_admins(sticker_request, "picked_up")
    return sticker_request


@transaction.atomic
def sticker_request_refuse(*, sticker_request: StickerRequest, by, reason: str) -> StickerRequest:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Geef een reden; de beheerders krijgen die te lezen.")]})
    sticker_request, _settings = _decide(sticker_request)
    sticker_request.status, sticker_request.reason = RequestStatus.REFUSED, reason
    sticker_request.decided_at, sticker_request.decided_by = timezone.now(), by
    sticker_request.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    _mail_admins(sticker_request, "refused")
    return sticker_request


@transaction.atomic
def sticker_settings_save(
    *,
    gemeente: Gemeente,
    per_address: int,
    stock: int,
    low_threshold: int,
    allow_post: bool,
    allow_pickup: bool,
    pickup_text: str = "",
) -> StickerSettings:
    """Store the gemeente's sticker rules and stock. Nothing is saved when any of it is wrong."""
    errors: dict[str, list[str]] = {}
    if not 1 <= per_address <= MAX_PER_ADDRESS:
        errors["per_address"] = [
            _("Kies tussen 1 en %(max)s stickers per aangesloten adres.") % {"max": MAX_PER_ADDRESS}
        ]
    if not 0 <= stock <= MAX_STOCK:
        errors["stock"] = [_("De voorraad is een aantal van 0 of meer.")]
    if not 0 <= low_threshold <= MAX_STOCK:
        errors["low_threshold"] = [_("De waarschuwingsgrens is een aantal van 0 of meer.")]
    if not (allow_post or allow_pickup):
        errors["allow_post"] = [_("Kies ten minste één manier: opsturen of ophalen.")]
    pickup_text = pickup_text.strip()
    if allow_pickup and not pickup_text:
        errors["pickup_text"] = [_("Schrijf waar en wanneer de stickers op te halen zijn.")]
    if errors:
        raise ValidationError(errors)
    settings_row = _locked_settings(gemeente)
    settings_row.per_address, settings_row.stock, settings_row.low_threshold = per_address, stock, low_threshold
    settings_row.allow_post, settings_row.allow_pickup, settings_row.pickup_text = allow_post, allow_pickup, pickup_text
    settings_row.save()
    return settings_row


@transaction.atomic
def sticker_stock_set(*, gemeente: Gemeente, stock: int) -> StickerSettings:
    """Staff count the stickers on the shelf (or add a delivery from the printer)."""
    if not 0 <= stock <= MAX_STOCK:
        raise ValidationError({"stock": [_("De voorraad is een aantal van 0 of meer.")]})
    settings_row = _locked_settings(gemeente)
    settings_row.stock = stock
    settings_row.save(update_fields=["stock", "updated_at"])
    return settings_row


@transaction.atomic
def sticker_stock_receive(*, gemeente: Gemeente, number: int) -> StickerSettings:
    """A delivery from the printer came in: `number` stickers are added to the stock."""
    if number < 1:
        raise ValidationError({"number": [_("Vul in hoeveel stickers er binnengekomen zijn (1 of meer).")]})
    settings_row = _locked_settings(gemeente)
    if settings_row.stock + number > MAX_STOCK:
        raise ValidationError({"number": [_("Zoveel stickers past niet in de voorraad.")]})
    settings_row.stock += number
    settings_row.save(update_fields=["stock", "updated_at"])
    return settings_row
