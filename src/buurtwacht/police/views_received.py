"""A police message as the people it reached see it: the admin or resident, and the members of a group an admin
passed it into."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from buurtwacht.accounts.permissions import second_factor_required
from buurtwacht.groups.models import Group
from buurtwacht.groups.permissions import require_member
from buurtwacht.police import selectors, services
from buurtwacht.police.models import PoliceMessage


@never_cache
@second_factor_required
def received(request, pk: int):
    message = get_object_or_404(PoliceMessage, pk=pk)
    if not services.is_recipient(message=message, user=request.user):
        raise Http404
    services.message_seen(message=message, user=request.user)
    return render(request, "police/received.html", {"message": message})


@never_cache
@second_factor_required
def post(request, pk: int, slug: str):
    message = get_object_or_404(PoliceMessage, pk=pk)
    group = get_object_or_404(Group, slug=slug)
    require_member(request.user, group)
    forward = selectors.post_of(message, group)
    if forward is None:
        raise Http404
    return render(request, "police/post.html", {"message": message, "forward": forward})
