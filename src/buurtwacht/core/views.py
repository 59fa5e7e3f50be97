"""The public home page (address search) and the map of all groups."""

from __future__ import annotations

from django.shortcuts import render


def home(request):
    return render(request, "core/home.html", {})


def map_page(request):
    return render(request, "core/map.html", {})
