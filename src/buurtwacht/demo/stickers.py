"""Stickers in the demo: the demo gemeente's sticker settings (one per connected address, sent or picked up at the
fictional town hall), a request of the personas' group already sent, and an open request of another group waiting
for the staff persona. The stock is left just under the warning level, so that the dashboard shows the warning.

Made through the services, as the pages make them, so the allowance, the stock and the admins' mails are real (to
addresses under demo.invalid; in dev mode mail is printed)."""

from __future__ import annotations

from buurtwacht.accounts.models import User
from buurtwacht.demo.people import ADMIN, STAFF
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.groups.selectors import group_admins
from buurtwacht.municipality.stickers.models import Delivery, RequestStatus
from buurtwacht.municipality.stickers.selectors import allowance
from buurtwacht.municipality.stickers.services import (
    sticker_request_create,
    sticker_request_hand_out,
    sticker_settings_save,
)

STOCK = 60
LOW_THRESHOLD = 50
SENT = 12
OPEN = 8
PICKUP_TEXT = (
    "Balie Burgerzaken van het gemeentehuis (fictief), maandag tot en met vrijdag van 9.00 tot 17.00 uur. "
    "Noem de naam van uw groep."
)


def demo_stickers_create(*, gemeente: Gemeente, group: Group) -> None:
    sticker_settings_save(
        gemeente=gemeente,
        per_address=1,
        stock=STOCK,
        low_threshold=LOW_THRESHOLD,
        allow_post=True,
        allow_pickup=True,
        pickup_text=PICKUP_TEXT,
    )
    admin = User.objects.get(email=ADMIN.email)
    staff = User.objects.get(email=STAFF.email)
    number = min(SENT, allowance(group).remaining)
    if number:
        sent = sticker_request_create(
            group=group,
            admin=admin,
            number=number,
            delivery=Delivery.POST,
            address=str(admin.address) if admin.address else "",
        )
        sticker_request_hand_out(sticker_request=sent, by=staff, status=RequestStatus.SENT)
    others = Group.objects.filter(gemeente=gemeente, status=GroupStatus.ACTIVE).exclude(pk=group.pk).order_by("name")
    for other in others:
        admins = group_admins(other)
        remaining = allowance(other).remaining
        if admins and remaining:
            sticker_request_create(
                group=other,
                admin=admins[0],
                number=min(OPEN, remaining),
                delivery=Delivery.PICKUP,
                note="Voor de nieuwe deelnemers in de straat.",
            )
            return
