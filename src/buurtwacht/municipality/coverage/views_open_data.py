"""/open-data/: what Buurtwacht publishes as open data, under which licence, and what it leaves out."""

from django.shortcuts import render

from buurtwacht.municipality.coverage.open_data import ATTRIBUTION, LICENCE, LICENCE_URL


def about(request):
    return render(
        request, "coverage/open_data.html", {"licence": LICENCE, "licence_url": LICENCE_URL, "attribution": ATTRIBUTION}
    )
