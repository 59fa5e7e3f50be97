"""The public home page (address search) and the map of all groups."""

from __future__ import annotations

from django.shortcuts import render

from buurtwacht.core.forms import AddressSearchForm
from buurtwacht.core.selectors import active_groups_by_gemeente, address_search


def home(request):
    searched = "postcode" in request.GET or "huisnummer" in request.GET
    form = AddressSearchForm(request.GET if searched else None)
    search = address_search(**form.search_kwargs()) if form.is_valid() else None
    return render(request, "core/home.html", {"form": form, "search": search})


def map_page(request):
    return render(request, "core/map.html", {"gemeenten": active_groups_by_gemeente()})
