"""A group's photo (groups.photos): public while the group is active; before that only its reviewers see it."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from buurtwacht.accounts.permissions import can_review_groups_of, second_factor_passed
from buurtwacht.groups.models import Group

_TYPES = {"jpg": "image/jpeg", "png": "image/png"}


def _may_see(user, group: Group) -> bool:
    if group.is_public:
        return True
    if can_review_groups_of(user, group.gemeente):
        return True
    return user.is_authenticated and user.has_perm("groups.change_group") and second_factor_passed(user)


@require_GET
def group_photo(request, slug: str, filename: str):
    group = get_object_or_404(Group.objects.select_related("gemeente"), slug=slug)
    # The same 404 for a wrong name and for a group whose photo this person may not see: nothing to learn.
    if not group.photo or group.photo.name != f"groups/{filename}" or not _may_see(request.user, group):
        raise Http404
    response = FileResponse(group.photo.open("rb"), content_type=_TYPES.get(filename.rsplit(".", 1)[-1]))
    # A new photo gets a new name, but a group that stops being active should not stay visible in shared caches.
    response["Cache-Control"] = "private, max-age=3600" if group.is_public else "private, no-store"
    return response
