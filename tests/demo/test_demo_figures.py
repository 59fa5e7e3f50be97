"""The demo's fictional crime figures: labelled fictional, shown as such, and enough for the figures page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.build import demo_build, demo_remove
from buurtwacht.demo.figures import FICTIONAL_SOURCE, demo_figures_create
from buurtwacht.demo.people import STAFF
from buurtwacht.geo.models import Gemeente
from buurtwacht.municipality.figures.models import CrimeFigure, PeriodKind
from buurtwacht.municipality.figures.selectors import gemeente_figures
from tests.factories import login_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.BUURTWACHT_DEV = True
    demo_build(create_accounts=True)
    return Gemeente.objects.get(code=GEMEENTE_CODE)


def test_every_demo_crime_figure_is_labelled_fictional(demo):
    assert CrimeFigure.objects.exists()
    assert set(CrimeFigure.objects.values_list("source", flat=True)) == {FICTIONAL_SOURCE}
    assert "fictief" in FICTIONAL_SOURCE


def test_the_figures_page_of_the_demo_says_the_figures_are_invented(client, demo):
    from django.contrib.auth import get_user_model

    login_with_second_factor(client, get_user_model().objects.get(email=STAFF.email))
    html = client.get(reverse("figures:gemeente", kwargs={"code": GEMEENTE_CODE})).content.decode()

    assert "Let op: verzonnen cijfers." in html
    assert FICTIONAL_SOURCE in html
    assert "Gemiddeld verschil over" in html  # the demo has buurten before and after a group to compare
    dashboard = client.get(reverse("municipality:overview", kwargs={"code": GEMEENTE_CODE})).content.decode()
    assert "De misdrijfcijfers zijn fictief (demo)." in dashboard


def test_the_demo_has_a_difference_in_differences_and_a_buurt_without_figures(demo):
    figures = gemeente_figures(demo)

    assert figures.fictional
    assert figures.did["1.1.1"].reliable_rows
    assert len(figures.missing_crime) == 1
    assert figures.crime.latest_month is not None or dt.date.today().month == 1


def test_building_again_leaves_one_set_and_removing_takes_it_away(demo):
    rows = CrimeFigure.objects.count()
    demo_figures_create(gemeente=demo)
    assert CrimeFigure.objects.count() == rows

    demo_remove()
    assert not CrimeFigure.objects.exists()


def test_the_latest_month_is_counted_only_in_part(demo):
    months = CrimeFigure.objects.filter(period_kind=PeriodKind.MONTH, area_code=GEMEENTE_CODE, crime_kind="0.0.0")
    if months.count() < 2:
        pytest.skip("in January the demo has no months of this year yet")
    latest, before = months.order_by("-period_start")[:2]
    assert latest.count < before.count


def test_demo_members_joined_between_their_groups_start_and_now(demo):
    from django.utils import timezone

    from buurtwacht.groups.models import GroupStatus, Membership
    from buurtwacht.municipality.figures.areas import group_info

    memberships = Membership.objects.filter(group__gemeente=demo, group__status=GroupStatus.ACTIVE).select_related(
        "group", "user"
    )
    now = timezone.now()
    years = set()
    for membership in memberships:
        start = group_info(membership.group).started_on
        if start is not None and membership.user.password.startswith("!"):  # generated members, not the personas
            assert start <= timezone.localdate(membership.joined_at) <= now.date()
            years.add(membership.joined_at.year)
    assert len(years) >= 3  # not everybody on the day the demo was built
    figures = gemeente_figures(demo)
    members = [row.members for row in figures.total.years]
    assert members == sorted(members) and 0 < members[len(members) // 2] < members[-1]
