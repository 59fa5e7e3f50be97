"""A police message as the people it reached see it: the admin or resident, and the members of a group an admin
passed it into."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from buurtwacht.groups.models import Group, Membership
from buurtwacht.police import selectors, services
from buurtwacht.police.models import PoliceMessage


@login_required
def received(request, pk: int):
    message = get_object_or_404(PoliceMessage, pk=pk)
    if not services.is_recipient(message=message, user=request.user):
        raise Http404
    services.message_seen(message=message, user=request.user)
    return render(request, "police/received.html", {"message": message})


@login_required
def post(request, pk: int, slug: str):
    message = get_object_or_404(PoliceMessage, pk=pk)
    group = get_object_or_404(Group, slug=slug)
    forward = selectors.post_of(message, group)
    if forward is None or not Membership.objects.filter(group=group, user=request.user).exists():
        raise Http404
    return render(request, "police/post.html", {"message": message, "forward": forward})
