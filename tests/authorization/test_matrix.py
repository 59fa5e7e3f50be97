"""The authorization matrix: every page and API endpoint, asked as every persona, allowed or refused.

A route without a row fails `test_every_route_has_a_row`, so a new endpoint cannot slip in unreviewed.
"Refused" means 401, 403 or 404, or a redirect to sign in (or to the second factor). "Allowed" means anything
else below 500: a page, a download, a redirect after a form, or a Dutch validation message (400).
The Django admin (/beheer/) is asked through its index and every registered model's list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from buurtwacht.api import api
from tests.authorization.world import PERSONAS, SIGNED_IN, World, build_world, sign_in

pytestmark = pytest.mark.django_db

EVERYONE = frozenset(PERSONAS)
ADMIN = frozenset({"admin"})
MEMBERS = frozenset({"member", "admin"})
STAFF = frozenset({"staff"})
STAFF_AND_POLICE = frozenset({"staff", "police"})
ANY_ROLE = frozenset({"staff", "other_staff", "police"})
POLICE = frozenset({"police"})


@dataclass(frozen=True)
class Row:
    key: str  # a URL name ("groups:manage"), or "METHOD /api/v1/path" for an API operation
    url: Callable[[World], str]
    allowed: frozenset[str]
    method: str = "get"
    data: Callable[[World], dict] | None = None
    statuses: tuple[tuple[str, int], ...] = ()  # exact statuses expected for some personas


def page(name: str, allowed, method="get", data=None, **kwargs: Callable[[World], object]) -> Row:
    def url(world: World) -> str:
        return reverse(name, kwargs={key: make(world) for key, make in kwargs.items()})

    return Row(name, url, frozenset(allowed), method, data)


def endpoint(method: str, path: str, allowed, url: Callable[[World], str], data=None, statuses=()) -> Row:
    return Row(f"{method} /api/v1{path}", url, frozenset(allowed), method.lower(), data, tuple(statuses))


def slug(w):
    return w.group.slug


def code(w):
    return w.town.gemeente.code


def alert_pk(w):
    return w.alert.pk


def sticker_request(w):
    """An open sticker request of `group` (Merel's home is its connected address), with stock to hand it out."""
    from buurtwacht.municipality.stickers.models import StickerRequest, StickerSettings

    StickerSettings.objects.get_or_create(gemeente=w.town.gemeente, defaults={"stock": 100})
    return StickerRequest.objects.filter(group=w.group, status="open").first() or StickerRequest.objects.create(
        group=w.group, gemeente=w.town.gemeente, requested_by=w.users["admin"], number=1, delivery="pickup"
    )


def dispatch_pk(w):
    return w.dispatch.pk


def _jpeg():
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="matrix.jpg")


def console_photo_url(w) -> str:
    """The console's photo of a message: the world's dispatch gets one first."""
    w.dispatch.photo.save("matrix.jpg", _jpeg())
    return reverse("console:photo", args=[w.dispatch.pk])


def console_tip_photo_url(w) -> str:
    """A resident's tip with a photo on the world's area alert, as the police console serves it."""
    from buurtwacht.police.models import Tip

    tip = Tip(message=w.area_alert, user=w.users["resident"], text="Ik zag hem bij de bakker.")
    tip.photo.save("tip.jpg", _jpeg())
    return reverse("console:tip_photo", args=[w.area_alert.pk, tip.pk])


# issue 11: street signs. The requests and signs are made when a row asks for them (the world has none).
SIGN_POINT = {"lat": 52.005, "lon": 5.005}
SIGN_SPOT = {"spot-0-lat": "52.005", "spot-0-lon": "5.005"}


def today() -> str:
    return dt.date.today().isoformat()


def sign_request(w):
    """An open request of the other group (so that the group's admin may still ask for signs)."""
    from buurtwacht.municipality.signs.services import SpotInput, sign_request_create

    return sign_request_create(
        group=w.other_group, user=w.users["other_admin"], reason="Graag.", spots=[SpotInput(lat=52.015, lon=5.015)]
    )


def approved_sign(w):
    from buurtwacht.municipality.signs.services import SpotInput, sign_request_approve

    (sign,) = sign_request_approve(request=sign_request(w), user=w.users["staff"], spots=[SpotInput(**SIGN_POINT)])
    return sign


def placed_sign(w):
    from buurtwacht.municipality.signs.services import sign_place

    return sign_place(sign=approved_sign(w), user=w.users["staff"], on=dt.date.today())


ROWS: list[Row] = [
    # Public pages
    page("core:home", EVERYONE),
    page("core:map", EVERYONE),
    page("groups:detail", EVERYONE, slug=slug),
    page("groups:rules", EVERYONE, slug=slug),
    page("groups:invite", EVERYONE, slug=slug, token=lambda w: w.group.invite_token),
    page("groups:registered", EVERYONE),
    page("delivery:service_worker", EVERYONE),
    page("delivery:manifest", EVERYONE),
    page("set_language", EVERYONE, method="post", data=lambda w: {"language": "en", "next": "/"}),
    page("accounts:signup", EVERYONE),
    page("accounts:signup_done", EVERYONE),
    page("accounts:login", EVERYONE),
    page("accounts:verify", EVERYONE, token=lambda w: "niet-geldig"),
    page("accounts:verify_resend", EVERYONE, method="post", data=lambda w: {"email": "iemand@example.org"}),
    page("accounts:password_reset", EVERYONE),
    page("accounts:password_reset_done", EVERYONE),
    page("accounts:password_reset_complete", EVERYONE),
    page("accounts:password_reset_confirm", EVERYONE, uidb64=lambda w: "MQ", token=lambda w: "set-password"),
    Row("media", lambda w: reverse("media", kwargs={"path": "groups/matrix.png"}), EVERYONE),
    # A group's photo is public once the group is approved; before that only its reviewers see it.
    page(
        "groups:photo",
        {"staff", "platform"},
        slug=lambda w: w.pending.slug,
        filename=lambda w: w.pending.photo.name.rsplit("/", 1)[-1],
    ),
    # Police messages as the people they reached see them (police-recipients): the admins of the groups in the area
    # (a dispatch), the residents who opted in there (an area alert), and the members of a group an admin passed it
    # into. The photo also to the police of its gemeente. Police accounts are never the audience: no list, no
    # area alerts of their own.
    page("police:received", {"admin", "other_admin"}, pk=lambda w: w.dispatch.pk),
    Row("police:received", lambda w: reverse("police:received", args=[w.area_alert.pk]), frozenset({"resident"})),
    page("police:received_list", SIGNED_IN - {"police"}),
    page("police:photo", {"admin", "other_admin", "member", "police"}, pk=lambda w: w.dispatch.pk),
    page("police:tip", {"resident"}, pk=lambda w: w.area_alert.pk),
    # `other_admin` received the dispatch too, but may pass it into their own group only
    page(
        "police:forward",
        ADMIN,
        method="post",
        data=lambda w: {"group": w.group.pk, "channel": "groep"},
        pk=lambda w: w.dispatch.pk,
    ),
    page("police:whatsapp", ADMIN, pk=lambda w: w.dispatch.pk, group_pk=lambda w: w.group.pk),
    page("police:post", MEMBERS, pk=lambda w: w.dispatch.pk, slug=slug),
    # The municipality's counts of police messages (no content): its staff and its police.
    page("police_statistics:per_month", STAFF_AND_POLICE, code=code),
    page(
        "police:mark", MEMBERS, method="post", data=lambda w: {"kind": "gezien"}, pk=lambda w: w.dispatch.pk, slug=slug
    ),
    page("police:optins", SIGNED_IN - {"police"}),
    page(
        "police:optin_off",
        {"resident"},
        method="post",
        pk=lambda w: w.users["resident"].area_alert_optins.get().pk,
    ),
    # Signed in: one's own account
    page("accounts:home", SIGNED_IN),
    page("accounts:profile", SIGNED_IN),
    page("accounts:password_change", SIGNED_IN),
    page("accounts:notifications", SIGNED_IN),
    page("accounts:data_export", SIGNED_IN),
    page("accounts:delete", SIGNED_IN),
    page("delivery:settings", SIGNED_IN),
    page("accounts:logout", EVERYONE, method="post"),  # signing out when signed out is harmless
    page("accounts:otp_setup", SIGNED_IN),
    page("accounts:otp_verify", SIGNED_IN),
    page("groups:register", SIGNED_IN),
    page("groups:join", SIGNED_IN, slug=slug),
    page("groups:join_withdraw", SIGNED_IN, method="post", slug=slug),
    page("groups:admin_invite_accept", SIGNED_IN, token=lambda w: w.invite.token),
    # Members of the group
    page("groups:members", MEMBERS, slug=slug),
    page("groups:leave", MEMBERS, slug=slug),
    # Admins of the group, and nobody else
    page("groups:manage", ADMIN, slug=slug),
    page(
        "groups:request_decide",
        ADMIN,
        method="post",
        data=lambda w: {"decision": "refuse", "reason": "Woont te ver weg."},
        slug=slug,
        pk=lambda w: w.join_request.pk,
    ),
    page("groups:member_remove", ADMIN, method="post", slug=slug, pk=lambda w: w.removable.pk),
    page("groups:members_csv", ADMIN, slug=slug),
    page("groups:rules_edit", ADMIN, slug=slug),
    page("groups:admins", ADMIN, slug=slug),
    page("groups:invite_qr", ADMIN, slug=slug),
    page("groups:invite_qr_png", ADMIN, slug=slug),
    page("groups:flyer", ADMIN, slug=slug),
    page("groups:invite_rotate", ADMIN, method="post", slug=slug),
    page("groups:settings", ADMIN, method="post", data=lambda w: {"police_messages": "on"}, slug=slug),
    # Alerts: members read, post and react; the author (`member`) or an admin closes; admins post notices
    page("alerts:home", SIGNED_IN),
    page("alerts:list", MEMBERS, slug=slug),
    page("alerts:compose", MEMBERS, slug=slug),
    Row("alerts:nearby", lambda w: reverse("alerts:nearby", args=[w.group.slug]) + "?lat=52.005&lon=5.005", MEMBERS),
    page("alerts:detail", MEMBERS, slug=slug, pk=alert_pk),
    page("alerts:react", MEMBERS, method="post", data=lambda w: {"kind": "kijk_uit"}, slug=slug, pk=alert_pk),
    page("alerts:close", MEMBERS, slug=slug, pk=alert_pk),
    page(
        "alerts:photo",
        MEMBERS,
        slug=slug,
        pk=alert_pk,
        photo_pk=lambda w: w.alert.photos.get().pk,
        size=lambda w: "klein",
    ),
    page("alerts:notice", ADMIN, method="post", data=lambda w: {"text": "Bijeenkomst dinsdag."}, slug=slug),
    # The municipality (and the police, read-only), of their own gemeente
    page("municipality:home", ANY_ROLE),
    page("municipality:overview", STAFF_AND_POLICE, code=code),
    page("municipality:overview_csv", STAFF_AND_POLICE, code=code),
    page("municipality:contacts", STAFF, code=code),
    page("municipality:approve", STAFF, method="post", code=code, pk=lambda w: w.pending.pk),
    page("municipality:reject", STAFF, code=code, pk=lambda w: w.pending.pk),
    # The police console (/politie/): wijkagent and meldkamer of the gemeente, after the second factor; nobody else
    page("console:home", POLICE),
    page("console:compose", POLICE),
    Row("console:reach", lambda w: reverse("console:reach") + "?lat=52.005&lon=5.005&kind=dispatch", POLICE),
    page("console:message", POLICE, pk=dispatch_pk),
    page("console:receipts", POLICE, pk=dispatch_pk),
    page(
        "console:update", POLICE, method="post", data=lambda w: {"text": "Vlucht richting het station."}, pk=dispatch_pk
    ),
    page("console:close", POLICE, method="post", data=lambda w: {"close-outcome": "aangehouden"}, pk=dispatch_pk),
    page("console:tips", POLICE, pk=lambda w: w.area_alert.pk),
    Row("console:photo", lambda w: console_photo_url(w), POLICE),
    Row("console:tip_photo", lambda w: console_tip_photo_url(w), POLICE),
    # The API: public registry
    page("api-v1:openapi-json", EVERYONE),
    page("api-v1:openapi-view", EVERYONE),
    page("api-v1:api-root", frozenset()),  # django-ninja's root exists for reverse() only: 404 for everyone
    endpoint("GET", "/lookup", EVERYONE, lambda w: "/api/v1/lookup?lat=52.005&lon=5.005"),
    endpoint("GET", "/groups", EVERYONE, lambda w: "/api/v1/groups"),
    endpoint("GET", "/groups/{int:group_id}", EVERYONE, lambda w: f"/api/v1/groups/{w.group.pk}"),
    endpoint("GET", "/groups/{int:group_id}/rules", EVERYONE, lambda w: f"/api/v1/groups/{w.group.pk}/rules"),
    # The API: one's own account
    endpoint("GET", "/account/me", SIGNED_IN, lambda w: "/api/v1/account/me", statuses=[("anonymous", 401)]),
    endpoint("GET", "/account/me/data", SIGNED_IN, lambda w: "/api/v1/account/me/data"),
    endpoint("DELETE", "/account/me", SIGNED_IN, lambda w: "/api/v1/account/me", data=lambda w: {"password": "x"}),
    # The API: joining, members, admins
    endpoint(
        "POST",
        "/groups/{int:group_id}/join-requests",
        SIGNED_IN,
        lambda w: f"/api/v1/groups/{w.group.pk}/join-requests",
        data=lambda w: {"declared_min_age": True, "rules_version": 1},
        statuses=[("anonymous", 401), ("police", 400), ("member", 400)],
    ),
    endpoint(
        "GET", "/groups/{int:group_id}/join-requests", ADMIN, lambda w: f"/api/v1/groups/{w.group.pk}/join-requests"
    ),
    endpoint(
        "POST",
        "/join-requests/{int:request_id}/decision",
        ADMIN,
        lambda w: f"/api/v1/join-requests/{w.join_request.pk}/decision",
        data=lambda w: {"approve": False, "reason": "Woont te ver weg."},
    ),
    endpoint("GET", "/groups/{int:group_id}/members", MEMBERS, lambda w: f"/api/v1/groups/{w.group.pk}/members"),
    endpoint(
        "DELETE", "/groups/{int:group_id}/membership", MEMBERS, lambda w: f"/api/v1/groups/{w.group.pk}/membership"
    ),
    endpoint(
        "DELETE",
        "/groups/{int:group_id}/members/{int:membership_id}",
        ADMIN,
        lambda w: f"/api/v1/groups/{w.group.pk}/members/{w.removable.pk}",
    ),
    # The API: alerts
    endpoint("GET", "/groups/{int:group_id}/alerts", MEMBERS, lambda w: f"/api/v1/groups/{w.group.pk}/alerts"),
    endpoint(
        "POST",
        "/groups/{int:group_id}/alerts",
        MEMBERS,
        lambda w: f"/api/v1/groups/{w.group.pk}/alerts",
        data=lambda w: {
            "kind": "vandalisme",
            "lat": 52.005,
            "lon": 5.005,
            "police_call": "niet_nodig",
            "description": "Bushokje vernield.",
        },
        statuses=[("anonymous", 401), ("member", 201)],
    ),
    endpoint(
        "GET",
        "/groups/{int:group_id}/alerts/nearby",
        MEMBERS,
        lambda w: f"/api/v1/groups/{w.group.pk}/alerts/nearby?lat=52.005&lon=5.005",
    ),
    endpoint("GET", "/alerts/{int:alert_id}", MEMBERS, lambda w: f"/api/v1/alerts/{w.alert.pk}"),
    endpoint(
        "POST",
        "/alerts/{int:alert_id}/reactions",
        MEMBERS,
        lambda w: f"/api/v1/alerts/{w.alert.pk}/reactions",
        data=lambda w: {"kind": "kijk_uit"},
    ),
    endpoint(
        "POST",
        "/alerts/{int:alert_id}/close",
        MEMBERS,
        lambda w: f"/api/v1/alerts/{w.alert.pk}/close",
        data=lambda w: {"outcome": "opgelost"},
    ),
    # the world's alert is the member's own; other members are refused (tests/alerts/test_receipts.py)
    endpoint("GET", "/alerts/{int:alert_id}/receipts", MEMBERS, lambda w: f"/api/v1/alerts/{w.alert.pk}/receipts"),
    # Receiving alerts: the installable app and one's own push subscriptions
    endpoint("GET", "/push/key", SIGNED_IN, lambda w: "/api/v1/push/key", statuses=[("anonymous", 401)]),
    endpoint(
        "POST",
        "/push/subscriptions",
        SIGNED_IN,
        lambda w: "/api/v1/push/subscriptions",
        data=lambda w: {
            "endpoint": "https://fcm.googleapis.com/fcm/send/matrix",
            "keys": {
                "p256dh": "BDvSOIEdgSwzx7g__xVAt-GMHIAU7PFtP0Tz1yr3VLDALSbqcgIGhpeWM6s-x0QTZrxpMZcJfMGadh2qrGazhVc",
                "auth": "7KFg3mk56OngxxA8bYOxkg",
            },
        },
        statuses=[("anonymous", 401), ("member", 201)],
    ),
    # Nobody removes a subscription that is not theirs (this one belongs to someone outside the personas)
    endpoint(
        "DELETE",
        "/push/subscriptions",
        frozenset(),
        lambda w: "/api/v1/push/subscriptions",
        data=lambda w: {"endpoint": w.foreign_push_endpoint},
        statuses=[("anonymous", 401), ("member", 404)],
    ),
    # The API: the municipality
    endpoint(
        "GET",
        "/gemeenten/{code}/groups",
        STAFF_AND_POLICE,
        lambda w: f"/api/v1/gemeenten/{w.town.gemeente.code}/groups",
    ),
    endpoint(
        "POST",
        "/gemeenten/{code}/groups/{int:group_id}/approve",
        STAFF,
        lambda w: f"/api/v1/gemeenten/{w.town.gemeente.code}/groups/{w.pending.pk}/approve",
        data=lambda w: {"note": ""},
    ),
    endpoint(
        "POST",
        "/gemeenten/{code}/groups/{int:group_id}/reject",
        STAFF,
        lambda w: f"/api/v1/gemeenten/{w.town.gemeente.code}/groups/{w.pending.pk}/reject",
        data=lambda w: {"note": "Overlapt met een andere groep."},
    ),
    # issue 11: effect figures
    page("figures:gemeente", STAFF_AND_POLICE, code=code),
    page("figures:csv", STAFF_AND_POLICE, code=code),
    page("figures:buurt", STAFF_AND_POLICE, code=code, buurt=lambda w: w.town.buurten[(0, 0)].code),
    endpoint(
        "GET",
        "/gemeenten/{code}/figures",
        STAFF_AND_POLICE,
        lambda w: f"/api/v1/gemeenten/{w.town.gemeente.code}/figures",
    ),
    # issue 11: networks of groups. `group` and `other_group` touch at a corner: neighbours. A passed-on alert
    # (from `group` to `other_group`) is for `other_admin` only; passing on and the network are for `admin`.
    page("networks:group", ADMIN, slug=slug),
    page("networks:optin", ADMIN, method="post", data=lambda w: {"opted_in": "1"}, slug=slug),
    page("networks:pass_on_alert", ADMIN, method="post", slug=slug, pk=alert_pk),
    page("networks:pass_on", {"other_admin"}, pk=lambda w: network_pass_on(w).pk),
    page("networks:forward", {"other_admin"}, method="post", pk=lambda w: network_pass_on(w).pk),
    page("networks:gemeente", STAFF_AND_POLICE, code=code),
    endpoint("GET", "/groups/{int:group_id}/network", ADMIN, lambda w: f"/api/v1/groups/{w.group.pk}/network"),
    endpoint(
        "POST", "/groups/{int:group_id}/network/opt-in", ADMIN, lambda w: f"/api/v1/groups/{w.group.pk}/network/opt-in"
    ),
    endpoint(
        "DELETE",
        "/groups/{int:group_id}/network/opt-in",
        ADMIN,
        lambda w: f"/api/v1/groups/{w.group.pk}/network/opt-in",
    ),
    endpoint("POST", "/alerts/{int:alert_id}/pass-on", ADMIN, lambda w: f"/api/v1/alerts/{w.alert.pk}/pass-on"),
    endpoint(
        "GET", "/network/pass-ons", SIGNED_IN, lambda w: "/api/v1/network/pass-ons", statuses=[("anonymous", 401)]
    ),
    endpoint(
        "POST",
        "/network/pass-ons/{int:pass_on_id}/forward",
        {"other_admin"},
        lambda w: f"/api/v1/network/pass-ons/{network_pass_on(w).pk}/forward",
    ),
    endpoint(
        "GET",
        "/gemeenten/{code}/network",
        STAFF_AND_POLICE,
        lambda w: f"/api/v1/gemeenten/{w.town.gemeente.code}/network",
    ),
    # issue 11: stickers and the municipal dashboard
    page("municipality:groups", STAFF_AND_POLICE, code=code),
    page("stickers:group", ADMIN, slug=slug),
    page("stickers:gemeente", STAFF_AND_POLICE, code=code),
    page("stickers:settings", STAFF, code=code),
    page("stickers:sent", STAFF, method="post", code=code, pk=lambda w: sticker_request(w).pk),
    page("stickers:ready", STAFF, method="post", code=code, pk=lambda w: sticker_request(w).pk),
    page("stickers:refuse", STAFF, code=code, pk=lambda w: sticker_request(w).pk),
    endpoint(
        "POST",
        "/groups/{int:group_id}/sticker-requests",
        ADMIN,
        lambda w: f"/api/v1/groups/{w.group.pk}/sticker-requests",
        data=lambda w: {"number": 1, "delivery": "pickup"},
        statuses=[("anonymous", 401), ("admin", 201)],
    ),
    endpoint(
        "GET",
        "/gemeenten/{code}/sticker-requests",
        STAFF_AND_POLICE,
        lambda w: f"/api/v1/gemeenten/{w.town.gemeente.code}/sticker-requests",
    ),
    *[
        endpoint(
            "POST",
            f"/gemeenten/{{code}}/sticker-requests/{{int:request_id}}/{action}",
            STAFF,
            lambda w, action=action: (
                f"/api/v1/gemeenten/{w.town.gemeente.code}/sticker-requests/{sticker_request(w).pk}/{action}"
            ),
            data=lambda w: {"reason": "De stickers zijn op."},
            statuses=[("staff", 200)],
        )
        for action in ("sent", "ready", "refuse")
    ],
    endpoint(
        "GET",
        "/gemeenten/{code}/stickers/stock",
        STAFF,
        lambda w: f"/api/v1/gemeenten/{w.town.gemeente.code}/stickers/stock",
    ),
    endpoint(
        "POST",
        "/gemeenten/{code}/stickers/stock",
        STAFF,
        lambda w: f"/api/v1/gemeenten/{w.town.gemeente.code}/stickers/stock",
        data=lambda w: {"stock": 40},
    ),
    # issue 11: street signs (the admin asks; the municipality's staff decide and keep the inventory; its police read)
    page("signs:group", ADMIN, slug=slug),
    page("signs:request_new", ADMIN, slug=slug),
    page("signs:requests", STAFF_AND_POLICE, code=code),
    page("signs:inventory", STAFF_AND_POLICE, code=code),
    page("signs:rules", STAFF, code=code),
    page("signs:request_detail", STAFF_AND_POLICE, code=code, pk=lambda w: sign_request(w).pk),
    page("signs:request_approve", STAFF, method="post", data=lambda w: SIGN_SPOT, code=code,
         pk=lambda w: sign_request(w).pk),
    page("signs:request_refuse", STAFF, method="post", data=lambda w: {"note": "Er staat er al een."}, code=code,
         pk=lambda w: sign_request(w).pk),
    page("signs:sign_detail", STAFF_AND_POLICE, code=code, pk=lambda w: approved_sign(w).pk),
    page("signs:sign_placed", STAFF, method="post", data=lambda w: {"place-on": today()}, code=code,
         pk=lambda w: approved_sign(w).pk),
    page("signs:sign_moved", STAFF, method="post", code=code, pk=lambda w: placed_sign(w).pk,
         data=lambda w: {"move-on": today(), "move-lat": "52.006", "move-lon": "5.006"}),
    page("signs:sign_removed", STAFF, method="post", data=lambda w: {"remove-on": today(), "remove-reason": "Weg."},
         code=code, pk=lambda w: approved_sign(w).pk),
    endpoint("GET", "/signs.geojson", EVERYONE, lambda w: "/api/v1/signs.geojson?bbox=4.9,51.9,5.1,52.1"),
    endpoint("GET", "/gemeenten/{code}/sign-rules", STAFF_AND_POLICE,
             lambda w: f"/api/v1/gemeenten/{code(w)}/sign-rules"),
    endpoint("PUT", "/gemeenten/{code}/sign-rules", STAFF, lambda w: f"/api/v1/gemeenten/{code(w)}/sign-rules",
             data=lambda w: {"max_per_wijk": 1}),
    endpoint("GET", "/groups/{int:group_id}/sign-checks", ADMIN,
             lambda w: f"/api/v1/groups/{w.group.pk}/sign-checks?spots=1"),
    endpoint("POST", "/groups/{int:group_id}/sign-requests", ADMIN,
             lambda w: f"/api/v1/groups/{w.group.pk}/sign-requests",
             data=lambda w: {"reason": "Inbrekers via de Molenweg.", "spots": [SIGN_POINT]},
             statuses=[("anonymous", 401), ("admin", 201)]),
    endpoint("GET", "/gemeenten/{code}/sign-requests", STAFF_AND_POLICE,
             lambda w: f"/api/v1/gemeenten/{code(w)}/sign-requests"),
    endpoint("GET", "/gemeenten/{code}/signs", STAFF_AND_POLICE, lambda w: f"/api/v1/gemeenten/{code(w)}/signs"),
    endpoint("POST", "/gemeenten/{code}/sign-requests/{int:request_id}/approve", STAFF,
             lambda w: f"/api/v1/gemeenten/{code(w)}/sign-requests/{sign_request(w).pk}/approve",
             data=lambda w: {"spots": [SIGN_POINT]}),
    endpoint("POST", "/gemeenten/{code}/sign-requests/{int:request_id}/refuse", STAFF,
             lambda w: f"/api/v1/gemeenten/{code(w)}/sign-requests/{sign_request(w).pk}/refuse",
             data=lambda w: {"note": "Er staat er al een."}),
    endpoint("POST", "/gemeenten/{code}/signs/{int:sign_id}/placed", STAFF,
             lambda w: f"/api/v1/gemeenten/{code(w)}/signs/{approved_sign(w).pk}/placed",
             data=lambda w: {"on": today()}),
    endpoint("POST", "/gemeenten/{code}/signs/{int:sign_id}/moved", STAFF,
             lambda w: f"/api/v1/gemeenten/{code(w)}/signs/{placed_sign(w).pk}/moved",
             data=lambda w: {"on": today(), **SIGN_POINT}),
    endpoint("POST", "/gemeenten/{code}/signs/{int:sign_id}/removed", STAFF,
             lambda w: f"/api/v1/gemeenten/{code(w)}/signs/{approved_sign(w).pk}/removed",
             data=lambda w: {"on": today(), "reason": "Weg."}),
]


def network_pass_on(w):
    """The world's alert, passed on by `admin` to `other_group` (both groups take part in the network)."""
    from buurtwacht.networks.models import NetworkOptIn, PassOn
    from buurtwacht.networks.services import alert_pass_on

    for group in (w.group, w.other_group):
        NetworkOptIn.objects.get_or_create(group=group)
    existing = PassOn.objects.filter(alert=w.alert, target_group=w.other_group).first()
    return existing or alert_pass_on(alert=w.alert, by=w.users["admin"]).new[0]

# --- The police API for control-room systems (issue 10, item 6; police-api) ----------------------------------------
# A key per police unit, never a session: every persona is refused with 401, the police officer's session too.
# tests/authorization/test_police_keys.py asks the same rows with keys: of the gemeente, of another, revoked.
POLICE_BODY = {"kind": "woninginbraak", "lat": 52.005, "lon": 5.005, "radius_m": 1000, "text": "Man met rode jas."}


def police_api(method: str, path: str, url: Callable[[World], str], data=None) -> Row:
    return endpoint(method, f"/police{path}", frozenset(), url, data, [(persona, 401) for persona in PERSONAS])


POLICE_API_ROWS = [
    police_api("POST", "/dispatches", lambda w: "/api/v1/police/dispatches", lambda w: POLICE_BODY),
    police_api("POST", "/area-alerts", lambda w: "/api/v1/police/area-alerts", lambda w: POLICE_BODY),
    police_api("GET", "/dispatches/{int:message_id}", lambda w: f"/api/v1/police/dispatches/{w.dispatch.pk}"),
    police_api("GET", "/area-alerts/{int:message_id}", lambda w: f"/api/v1/police/area-alerts/{w.area_alert.pk}"),
    police_api(
        "POST",
        "/dispatches/{int:message_id}/updates",
        lambda w: f"/api/v1/police/dispatches/{w.dispatch.pk}/updates",
        lambda w: {"text": "Vluchtrichting: het park."},
    ),
    police_api(
        "POST",
        "/area-alerts/{int:message_id}/updates",
        lambda w: f"/api/v1/police/area-alerts/{w.area_alert.pk}/updates",
        lambda w: {"text": "Vluchtrichting: het park."},
    ),
    police_api(
        "POST",
        "/dispatches/{int:message_id}/close",
        lambda w: f"/api/v1/police/dispatches/{w.dispatch.pk}/close",
        lambda w: {"outcome": "aangehouden"},
    ),
    police_api(
        "POST",
        "/area-alerts/{int:message_id}/close",
        lambda w: f"/api/v1/police/area-alerts/{w.area_alert.pk}/close",
        lambda w: {"outcome": "aangehouden"},
    ),
]
ROWS += POLICE_API_ROWS
# --- end of the police API -------------------------------------------------------------------------------------------

# issue 11: coverage and open data (the coverage pages and API: staff and police of the gemeente; open data: everyone)
ROWS += [
    page("coverage:map", STAFF_AND_POLICE, code=code),
    page("coverage:csv", STAFF_AND_POLICE, code=code),
    page("coverage:geojson", STAFF_AND_POLICE, code=code),
    endpoint("GET", "/gemeenten/{code}/coverage", STAFF_AND_POLICE, lambda w: f"/api/v1/gemeenten/{code(w)}/coverage"),
    page("open_data:about", EVERYONE),
    endpoint("GET", "/open-data/groups.geojson", EVERYONE, lambda w: "/api/v1/open-data/groups.geojson"),
    endpoint("GET", "/open-data/groups.csv", EVERYONE, lambda w: "/api/v1/open-data/groups.csv"),
    endpoint("GET", "/open-data/coverage.csv", EVERYONE, lambda w: "/api/v1/open-data/coverage.csv"),
]

# issue 11: fixes (board): stickers picked up, a delivery added to the stock (staff)
ROWS += [
    page("stickers:picked_up", STAFF, method="post", code=code, pk=lambda w: sticker_request(w).pk),
    page("stickers:delivery", STAFF, method="post", code=code, data=lambda w: {"number": 10}),
    endpoint(
        "POST",
        "/gemeenten/{code}/sticker-requests/{int:request_id}/picked-up",
        STAFF,
        lambda w: f"/api/v1/gemeenten/{code(w)}/sticker-requests/{sticker_request(w).pk}/picked-up",
    ),
    endpoint(
        "POST",
        "/gemeenten/{code}/stickers/stock/delivery",
        STAFF,
        lambda w: f"/api/v1/gemeenten/{code(w)}/stickers/stock/delivery",
        data=lambda w: {"number": 10},
    ),
]

# issue 12: whatsapp history (the group's admins read in an export; counts join the figures, rows above)
ROWS += [
    page("chathistory:upload", ADMIN, slug=slug),
    endpoint(
        "POST",
        "/groups/{int:group_id}/whatsapp-history",
        ADMIN,
        lambda w: f"/api/v1/groups/{w.group.pk}/whatsapp-history",
        statuses=[("anonymous", 401), ("admin", 400)],
    ),
]

# issue 12: whatsapp channel (the webhook: nobody without Meta's verify token or signature; the opt-in: group admins)
ROWS += [
    Row(
        "delivery:whatsapp_webhook",
        lambda w: reverse("delivery:whatsapp_webhook") + "?hub.mode=subscribe&hub.verify_token=&hub.challenge=1",
        frozenset(),
        statuses=tuple((persona, 403) for persona in PERSONAS),
    ),
    Row(
        "delivery:whatsapp_webhook",
        lambda w: reverse("delivery:whatsapp_webhook"),
        frozenset(),
        method="post",
        statuses=tuple((persona, 403) for persona in PERSONAS),
    ),
    page("police:whatsapp_settings", {"admin", "other_admin"}),
    page("police:whatsapp_off", {"admin", "other_admin"}, method="post"),
]

ADMIN_SITE_ROWS = [Row("admin:index", lambda w: reverse("admin:index"), frozenset({"platform"}))] + [
    Row(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist",
        lambda w, m=model: reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist"),
        frozenset({"platform"}),
    )
    for model in admin.site._registry
]


# issue 12: whatsapp groups (the settings page: admins; the way into the WhatsApp group: admitted members only,
# never residents, applicants, municipal staff or police)
def whatsapp_slug(w):
    from buurtwacht.groups.models import AlertPlace, Group

    Group.objects.filter(pk=w.group.pk).update(
        alert_place=AlertPlace.WHATSAPP, whatsapp_link="https://chat.whatsapp.com/MatrixTestCode0123456789"
    )
    return w.group.slug


ROWS += [
    page("groups:whatsapp_manage", ADMIN, slug=whatsapp_slug),
    page("groups:whatsapp_manage", ADMIN, method="post", slug=whatsapp_slug,
         data=lambda w: {"action": "renew", "whatsapp_link": "https://chat.whatsapp.com/MatrixRenewedCode01234567"}),
    page("groups:whatsapp_open", MEMBERS, slug=whatsapp_slug),
    endpoint("GET", "/groups/{int:group_id}/whatsapp", MEMBERS,
             lambda w: f"/api/v1/groups/{w.group.pk}/whatsapp" if whatsapp_slug(w) else ""),
    endpoint("GET", "/groups/{int:group_id}/whatsapp-settings", ADMIN,
             lambda w: f"/api/v1/groups/{w.group.pk}/whatsapp-settings" if whatsapp_slug(w) else ""),
    endpoint("PUT", "/groups/{int:group_id}/whatsapp-settings", ADMIN,
             lambda w: f"/api/v1/groups/{w.group.pk}/whatsapp-settings" if whatsapp_slug(w) else "",
             data=lambda w: {"alert_place": "both", "whatsapp_link": "https://chat.whatsapp.com/MatrixRenewedCode01234567"}),
]


def routes() -> set[str]:
    """Every page's URL name and every API operation, found by walking the URL configuration."""
    found: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                if inner != "admin:":  # the admin site: ADMIN_SITE_ROWS
                    walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if namespace == "api-v1:" and getattr(pattern.callback, "__name__", "") == "sync_view_wrapper":
                    continue  # an API operation: listed per method below
                assert pattern.name, f"a route without a name: {pattern.pattern}"
                found.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                found.update(f"{method} /api/v1{prefix}{path}" for method in operation.methods)
    return found


def test_every_route_has_a_row():
    covered = {row.key for row in ROWS}
    missing = routes() - covered
    assert not missing, f"routes without a row in the authorization matrix: {sorted(missing)}"
    stale = covered - routes()
    assert not stale, f"rows for routes that no longer exist: {sorted(stale)}"


def refused(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in (301, 302):
        location = response["Location"]
        return location.startswith(
            (reverse("accounts:login"), reverse("accounts:otp_setup"), reverse("accounts:otp_verify"), "/beheer/login/")
        )
    return False


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "groups").mkdir()
    (tmp_path / "groups" / "matrix.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return build_world()


def ask(client, row: Row, world: World):
    url = row.url(world)
    data = row.data(world) if row.data else None
    if row.key.split(" ")[0] in ("POST", "DELETE", "PUT", "PATCH"):
        return getattr(client, row.method)(url, data=data, content_type="application/json")
    if row.method == "post":
        return client.post(url, data or {})
    return client.get(url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", ROWS + ADMIN_SITE_ROWS, ids=lambda row: row.key)
def test_matrix(client, world, row, persona):
    sign_in(client, world, persona)
    response = ask(client, row, world)
    assert response.status_code < 500, f"{row.key} as {persona}: {response.status_code}"
    expected = dict(row.statuses).get(persona)
    if expected is not None:
        assert response.status_code == expected, f"{row.key} as {persona}: {response.status_code}"
    if persona in row.allowed:
        assert not refused(response), f"{row.key} refused {persona} ({response.status_code})"
    else:
        assert refused(response), f"{row.key} allowed {persona} ({response.status_code})"


GROUP_ROWS = [row for row in ROWS if row.allowed in (ADMIN, MEMBERS)]


@pytest.mark.parametrize("row", GROUP_ROWS, ids=lambda row: row.key)
def test_an_admin_who_also_holds_a_role_gives_the_second_factor_first(client, world, row):
    """Municipal staff may run a group in their own street; its member data still waits for their code."""
    from buurtwacht.accounts.models import RoleKind
    from tests.factories import make_role

    make_role(world.users["admin"], RoleKind.MUNICIPAL, world.town.gemeente)
    client.force_login(world.users["admin"])  # password only
    assert refused(ask(client, row, world)), row.key


@pytest.mark.parametrize("row", GROUP_ROWS, ids=lambda row: row.key)
def test_police_never_act_as_members_even_with_a_membership_row(client, world, row):
    from buurtwacht.accounts.models import RoleKind
    from buurtwacht.groups.models import Membership
    from tests.factories import login_with_second_factor

    police = world.users["police"]
    Membership.objects.create(group=world.group, user=police, role="admin")  # as if made before the role
    login_with_second_factor(client, police)
    assert police.roles.filter(kind=RoleKind.WIJKAGENT).exists()
    assert refused(ask(client, row, world)), row.key
