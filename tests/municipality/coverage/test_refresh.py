"""The stored coverage follows the changes that matter: a group activated or deactivated, its area edited, a member
leaving; a change only marks the gemeente dirty in its transaction, and the refresh runs after the commit."""

from __future__ import annotations

import pytest
from django.db import transaction

from buurtwacht.groups.membership.services import membership_leave
from buurtwacht.groups.services import group_approve, group_deactivate, group_update_area
from buurtwacht.municipality.coverage.models import BuurtCoverage, CoverageState
from buurtwacht.municipality.coverage.services import coverage_mark_dirty, coverage_refresh, coverage_refresh_dirty
from tests.factories import cell

pytestmark = pytest.mark.django_db


def covered(tiny, key) -> tuple[int, int]:
    row = BuurtCoverage.objects.get(buurt=tiny.town.buurten[key])
    return row.covered_addresses, row.members


def test_activating_a_group_recomputes_its_gemeente_after_the_commit(tiny, django_capture_on_commit_callbacks):
    coverage_refresh()
    assert covered(tiny, (1, 0)) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        group_approve(group=tiny.pending)
        # Inside the transaction only the mark is set: nothing is computed yet.
        assert CoverageState.objects.get(gemeente=tiny.town.gemeente).dirty
        assert covered(tiny, (1, 0)) == (0, 0)
    assert covered(tiny, (1, 0)) == (3, 1)  # its admin lives there
    assert not CoverageState.objects.get(gemeente=tiny.town.gemeente).dirty


def test_deactivating_a_group_opens_a_gap(tiny, django_capture_on_commit_callbacks):
    coverage_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        group_deactivate(group=tiny.active)
    assert covered(tiny, (0, 1)) == (0, 0)
    assert covered(tiny, (0, 0)) == (4, 1)  # the second group still covers it; one of its members lives there


def test_editing_an_area_moves_the_coverage(tiny, django_capture_on_commit_callbacks):
    coverage_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        group_update_area(group=tiny.active, area=cell(1, 1))
    assert covered(tiny, (0, 1))[0] == 0
    assert covered(tiny, (0, 0))[0] == 4  # still the second group's


def test_a_member_leaving_lowers_the_members_where_they_live(tiny, django_capture_on_commit_callbacks):
    coverage_refresh()
    assert covered(tiny, (0, 0)) == (4, 2)
    with django_capture_on_commit_callbacks(execute=True):
        membership_leave(group=tiny.active, user=tiny.member)
    assert covered(tiny, (0, 0)) == (4, 2)  # still a member of the second group
    with django_capture_on_commit_callbacks(execute=True):
        membership_leave(group=tiny.second, user=tiny.member)
    assert covered(tiny, (0, 0)) == (4, 1)


def test_a_burst_of_changes_queues_one_refresh(tiny, django_capture_on_commit_callbacks):
    coverage_refresh()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for _ in range(5):
            coverage_mark_dirty(gemeente_ids=[tiny.town.gemeente.pk])
    assert len(callbacks) == 1


def test_a_change_during_the_computation_keeps_the_mark(tiny, monkeypatch):
    """The task clears a gemeente's mark only if no change came in while it computed."""
    from buurtwacht.municipality.coverage import services

    coverage_refresh()
    with transaction.atomic():
        coverage_mark_dirty(gemeente_ids=[tiny.town.gemeente.pk])
    real = services.coverage_compute

    def compute_while_a_member_joins(ids):
        result = real(ids)
        coverage_mark_dirty(gemeente_ids=[tiny.town.gemeente.pk])  # as another process would
        return result

    monkeypatch.setattr(services, "coverage_compute", compute_while_a_member_joins)
    coverage_refresh_dirty()
    assert CoverageState.objects.get(gemeente=tiny.town.gemeente).dirty
    monkeypatch.setattr(services, "coverage_compute", real)
    coverage_refresh_dirty()
    assert not CoverageState.objects.get(gemeente=tiny.town.gemeente).dirty


def test_the_command_recomputes(tiny):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("coverage_refresh", "gm9901", stdout=out)
    assert "4 buurten" in out.getvalue() and "waarvan 5 in het gebied" in out.getvalue()
    assert BuurtCoverage.objects.count() == 4


def test_changes_to_a_pending_group_mark_nothing(tiny, django_capture_on_commit_callbacks):
    coverage_refresh()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        group_update_area(group=tiny.pending, area=cell(1, 1))
    assert callbacks == []
    assert not CoverageState.objects.filter(dirty=True).exists()
