"""The sticker API (session sign-in, CSRF on writes):

POST /api/v1/groups/{id}/sticker-requests                          an admin requests stickers for the group
GET  /api/v1/gemeenten/{code}/sticker-requests                     the gemeente's requests (staff and police)
POST /api/v1/gemeenten/{code}/sticker-requests/{id}/sent|ready     handed out, from the stock (staff)
POST /api/v1/gemeenten/{code}/sticker-requests/{id}/picked-up      the group picked up what lay ready (staff)
POST /api/v1/gemeenten/{code}/sticker-requests/{id}/refuse         refused with a reason (staff)
GET  /api/v1/gemeenten/{code}/stickers/stock                       the stock and settings (staff)
POST /api/v1/gemeenten/{code}/stickers/stock                       count the stock (staff)
POST /api/v1/gemeenten/{code}/stickers/stock/delivery              add a delivery from the printer (staff)
"""

from __future__ import annotations

from typing import Annotated, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from buurtwacht.accounts.permissions import can_review_groups_of, can_see_admins_of, require
from buurtwacht.geo.api_params import GemeenteCode, gemeente_or_404
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import require_admin
from buurtwacht.kit.api_errors import errors
from buurtwacht.municipality.stickers import selectors, services
from buurtwacht.municipality.stickers.models import RequestStatus, StickerRequest
from buurtwacht.municipality.stickers.schemas import (
    DeliveryIn,
    RefuseIn,
    StickerRequestIn,
    StickerRequestOut,
    StockIn,
    StockOut,
    request_out,
    stock_out,
)

router = Router(auth=django_auth, tags=["stickers"])


def _request(gemeente: Gemeente, request_id: int) -> StickerRequest:
    found = StickerRequest.objects.filter(pk=request_id, gemeente=gemeente).select_related("group").first()
    if found is None:
        raise HttpError(404, _("Deze gemeente heeft geen stickeraanvraag met dit nummer."))
    return found


@router.post("/groups/{int:group_id}/sticker-requests",
             response={201: StickerRequestOut, **errors(400, 401, 403, 404)},
             url_name="stickers_request", summary="Request front-door stickers for a group (its admins)")
def request_create(request: HttpRequest, group_id: int, body: StickerRequestIn):
    group = get_object_or_404(Group.objects.select_related("gemeente"), pk=group_id)
    require_admin(request.user, group)
    created = services.sticker_request_create(
        group=group, admin=request.user, number=body.number, delivery=body.delivery, address=body.address,
        note=body.note,
    )
    return Status(201, request_out(created, with_address=True))


StatusFilter = Literal["open", "sent", "ready", "picked_up", "refused"]


@router.get("/gemeenten/{code}/sticker-requests", response={200: list[StickerRequestOut], **errors(401, 403, 404)},
            url_name="stickers_list", summary="A gemeente's sticker requests (staff and police of the gemeente)")
def request_list(
    request: HttpRequest,
    code: GemeenteCode,
    status: Annotated[StatusFilter | None, Query(description="Only this status")] = None,
):
    gemeente = gemeente_or_404(code)
    require(can_see_admins_of(request.user, gemeente))
    staff = can_review_groups_of(request.user, gemeente)
    return [request_out(row, with_address=staff) for row in selectors.requests_of(gemeente, status=status)]


def _hand_out(request, code: str, request_id: int, status: str) -> dict:
    gemeente = gemeente_or_404(code)
    require(can_review_groups_of(request.user, gemeente))
    done = services.sticker_request_hand_out(
        sticker_request=_request(gemeente, request_id), by=request.user, status=status
    )
    return request_out(done, with_address=True)


@router.post("/gemeenten/{code}/sticker-requests/{int:request_id}/sent",
             response={200: StickerRequestOut, **errors(400, 401, 403, 404)},
             url_name="stickers_sent", summary="Mark a request sent; its stickers come off the stock (staff)")
def request_sent(request: HttpRequest, code: GemeenteCode, request_id: int):
    return _hand_out(request, code, request_id, RequestStatus.SENT)


@router.post("/gemeenten/{code}/sticker-requests/{int:request_id}/ready",
             response={200: StickerRequestOut, **errors(400, 401, 403, 404)},
             url_name="stickers_ready", summary="Mark a request ready for pick-up; off the stock (staff)")
def request_ready(request: HttpRequest, code: GemeenteCode, request_id: int):
    return _hand_out(request, code, request_id, RequestStatus.READY)


@router.post("/gemeenten/{code}/sticker-requests/{int:request_id}/picked-up",
             response={200: StickerRequestOut, **errors(400, 401, 403, 404)},
             url_name="stickers_picked_up", summary="Note that the group picked up the stickers laid ready (staff)")
def request_picked_up(request: HttpRequest, code: GemeenteCode, request_id: int):
    gemeente = gemeente_or_404(code)
    require(can_review_groups_of(request.user, gemeente))
    done = services.sticker_request_picked_up(sticker_request=_request(gemeente, request_id), by=request.user)
    return request_out(done, with_address=True)


@router.post("/gemeenten/{code}/sticker-requests/{int:request_id}/refuse",
             response={200: StickerRequestOut, **errors(400, 401, 403, 404)},
             url_name="stickers_refuse", summary="Refuse a request with a reason (staff)")
def request_refuse(request: HttpRequest, code: GemeenteCode, request_id: int, body: RefuseIn):
    gemeente = gemeente_or_404(code)
    require(can_review_groups_of(request.user, gemeente))
    done = services.sticker_request_refuse(
        sticker_request=_request(gemeente, request_id), by=request.user, reason=body.reason
    )
    return request_out(done, with_address=True)


@router.get("/gemeenten/{code}/stickers/stock", response={200: StockOut, **errors(401, 403, 404)},
            url_name="stickers_stock", summary="The gemeente's sticker stock and settings (staff)")
def stock_get(request: HttpRequest, code: GemeenteCode):
    gemeente = gemeente_or_404(code)
    require(can_review_groups_of(request.user, gemeente))
    return stock_out(selectors.settings_of(gemeente))


@router.post("/gemeenten/{code}/stickers/stock", response={200: StockOut, **errors(400, 401, 403, 404)},
             url_name="stickers_stock_set", summary="Set the number of stickers in stock (staff)")
def stock_set(request: HttpRequest, code: GemeenteCode, body: StockIn):
    gemeente = gemeente_or_404(code)
    require(can_review_groups_of(request.user, gemeente))
    return stock_out(services.sticker_stock_set(gemeente=gemeente, stock=body.stock))


@router.post("/gemeenten/{code}/stickers/stock/delivery", response={200: StockOut, **errors(400, 401, 403, 404)},
             url_name="stickers_stock_delivery", summary="Add a delivery from the printer to the stock (staff)")
def stock_delivery(request: HttpRequest, code: GemeenteCode, body: DeliveryIn):
    gemeente = gemeente_or_404(code)
    require(can_review_groups_of(request.user, gemeente))
    return stock_out(services.sticker_stock_receive(gemeente=gemeente, number=body.number))
