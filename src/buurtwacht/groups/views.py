"""Public group pages."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from buurtwacht.groups.models import Group


def group_detail(request, slug: str):
    group = get_object_or_404(Group.objects.active().select_related("gemeente"), slug=slug)
    return render(request, "groups/detail.html", {"group": group})
