"""/api/v1/account: the signed-in person's own account (session cookie; writes need the CSRF token).

    GET    /me       the account: name, contact, address, buurt, roles, memberships
    GET    /me/data  everything stored about the person (the same as the JSON download on the account page)
    DELETE /me       {"password": "..."}: delete the account and its personal data -> 204

Signed out: 401. Staff, police and administrators who have not given their second factor: 403.
"""

from __future__ import annotations

from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from buurtwacht.accounts.models import User
from buurtwacht.accounts.permissions import second_factor_passed
from buurtwacht.accounts.schemas import DeleteIn, MeOut, me_out
from buurtwacht.accounts.selectors import personal_data
from buurtwacht.accounts.services import account_delete
from buurtwacht.kit.api_errors import errors
from buurtwacht.kit.ratelimits import wait_message, wait_seconds

router = Router(tags=["account"], auth=django_auth)


def _me(request: HttpRequest) -> User:
    user = request.user
    if not second_factor_passed(user):
        raise HttpError(403, _("Log eerst in met uw tweede stap (de code uit uw authenticator-app)."))
    return user


@router.get(
    "/me",
    response={200: MeOut, **errors(401, 403)},
    url_name="account_me",
    summary="The signed-in person's account",
)
def me(request: HttpRequest):
    user = User.objects.select_related("address", "buurt").get(pk=_me(request).pk)
    return me_out(user)


@router.get(
    "/me/data",
    response={200: dict, **errors(401, 403)},
    url_name="account_data",
    summary="Everything stored about the signed-in person",
)
def my_data(request: HttpRequest) -> dict:
    return personal_data(_me(request))


@router.delete(
    "/me",
    response={204: None, **errors(400, 401, 403, 429)},
    url_name="account_delete",
    summary="Delete the signed-in person's account",
)
def delete_me(request: HttpRequest, payload: DeleteIn):
    user = _me(request)
    seconds = wait_seconds(request, "login")
    if seconds:
        return Status(429, {"detail": wait_message(seconds)})
    account_delete(user=user, password=payload.password)
    auth_logout(request)
    return Status(204, None)
