"""/api/v1/gemeenten/{code}/groups: a gemeente's groups with their admins' contacts, and approving or rejecting
registered groups. Signed in (session cookie + CSRF) with the second factor; staff and police of that gemeente
read (police without the admins' e-mail addresses and phone numbers), municipal staff decide; everyone else gets
403."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.security import django_auth

from buurtwacht.accounts.permissions import can_review_groups_of, can_see_admins_of, require
from buurtwacht.geo.api_params import GemeenteCode, gemeente_or_404
from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group, GroupStatus
from buurtwacht.groups.services import group_approve, group_reject
from buurtwacht.kit.api_errors import errors
from buurtwacht.municipality.schemas import MunicipalGroupOut, ReviewIn, group_out
from buurtwacht.municipality.selectors import full_contacts_for, group_row, group_rows_for

router = Router(auth=django_auth, tags=["gemeenten"])


def _group(gemeente: Gemeente, group_id: int) -> Group:
    group = Group.objects.filter(pk=group_id, gemeente=gemeente).select_related("wijk").first()
    if group is None:
        raise HttpError(404, _("Deze gemeente heeft geen groep met dit nummer."))
    return group


def _row(group: Group) -> dict:
    group.refresh_from_db()
    return group_out(group_row(group, full_contacts=True), full_contacts=True)  # staff only decide


@router.get("/{code}/groups", response={200: list[MunicipalGroupOut], **errors(401, 403, 404)},
            url_name="municipality_groups",
            summary="A gemeente's groups with their admins (staff and police of the gemeente)")
def groups_list(request: HttpRequest, code: GemeenteCode):
    gemeente = gemeente_or_404(code)
    require(can_see_admins_of(request.user, gemeente))
    full = full_contacts_for(request.user, gemeente)
    return [group_out(row, full_contacts=full) for row in group_rows_for(request.user, gemeente)]


@router.post("/{code}/groups/{int:group_id}/approve", response={200: MunicipalGroupOut, **errors(400, 401, 403, 404)},
             url_name="municipality_group_approve", summary="Approve a registered group (municipal staff)")
def group_approve_api(request: HttpRequest, code: GemeenteCode, group_id: int, body: ReviewIn | None = None):
    gemeente = gemeente_or_404(code)
    require(can_review_groups_of(request.user, gemeente))
    group = _group(gemeente, group_id)
    if group.status != GroupStatus.PENDING:
        raise ValidationError(_("Deze groep wacht niet (meer) op goedkeuring."))
    group_approve(group=group, note=body.note if body else "")
    return _row(group)


@router.post("/{code}/groups/{int:group_id}/reject", response={200: MunicipalGroupOut, **errors(400, 401, 403, 404)},
             url_name="municipality_group_reject", summary="Reject a registered group, with a reason (municipal staff)")
def group_reject_api(request: HttpRequest, code: GemeenteCode, group_id: int, body: ReviewIn):
    gemeente = gemeente_or_404(code)
    require(can_review_groups_of(request.user, gemeente))
    group = _group(gemeente, group_id)
    group_reject(group=group, note=body.note)
    return _row(group)
