"""Keeping the stored coverage up to date without computing it in a request.

A change to an active group (its area, its status, its members) marks the gemeenten it touches as dirty, in the
changing transaction: one UPDATE, nothing computed. After the commit a task is queued, delayed by
COVERAGE_REFRESH_DELAY seconds, so that a burst of changes (an admin accepting ten join requests) costs one
recompute; the task recomputes every dirty gemeente at once. A nightly task recomputes everything, which also
follows imports of areas and addresses.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from buurtwacht.geo.models import Gemeente
from buurtwacht.groups.models import Group
from buurtwacht.municipality.coverage.compute import Result, coverage_compute
from buurtwacht.municipality.coverage.models import CoverageState


def _gemeenten_touched(group: Group) -> set[int]:
    """The group's own gemeente and every gemeente whose box meets the group's box (an area near a border)."""
    ids = set(
        Gemeente.objects.filter(
            min_lon__lte=group.max_lon,
            max_lon__gte=group.min_lon,
            min_lat__lte=group.max_lat,
            max_lat__gte=group.min_lat,
        ).values_list("pk", flat=True)
    )
    ids.add(group.gemeente_id)
    return ids


def coverage_mark_dirty(*, gemeente_ids: Iterable[int]) -> None:
    """Mark these gemeenten for recomputing; queue the refresh after the commit when one of them was clean."""
    from buurtwacht.municipality.coverage.tasks import coverage_refresh_later

    ids = set(gemeente_ids)
    if not ids:
        return
    existing = set(CoverageState.objects.filter(gemeente_id__in=ids).values_list("gemeente_id", flat=True))
    stamp = secrets.randbits(62) + 1
    CoverageState.objects.bulk_create(
        [CoverageState(gemeente_id=pk, dirty=True, stamp=stamp) for pk in ids - existing], ignore_conflicts=True
    )
    newly = CoverageState.objects.filter(gemeente_id__in=existing, dirty=False).update(dirty=True, stamp=stamp)
    CoverageState.objects.filter(gemeente_id__in=existing, dirty=True).exclude(stamp=stamp).update(stamp=stamp)
    if newly or ids - existing:
        transaction.on_commit(coverage_refresh_later)


def coverage_mark_group(*, group: Group) -> None:
    """A group's area, status or members changed (groups.hooks.group_changed)."""
    coverage_mark_dirty(gemeente_ids=_gemeenten_touched(group))


def coverage_refresh_dirty() -> Result | None:
    """Recompute the dirty gemeenten and clear their mark, unless a change came in meanwhile (then it stays dirty
    and the answer says so: the caller queues another round)."""
    dirty = dict(CoverageState.objects.filter(dirty=True).values_list("gemeente_id", "stamp"))
    if not dirty:
        return None
    result = coverage_compute(dirty)
    cleared = Q()
    for pk, stamp in dirty.items():
        cleared |= Q(gemeente_id=pk, stamp=stamp)
    CoverageState.objects.filter(cleared).update(dirty=False)
    return result


def coverage_still_dirty() -> bool:
    return CoverageState.objects.filter(dirty=True).exists()


def coverage_refresh(*, gemeente_codes: Iterable[str] | None = None) -> Result:
    """Recompute now: the given gemeenten (CBS codes) or all of them (the command and the nightly task)."""
    if gemeente_codes is None:
        result = coverage_compute(None)
        CoverageState.objects.update(dirty=False)
        return result
    ids = list(Gemeente.objects.filter(code__in=[c.upper() for c in gemeente_codes]).values_list("pk", flat=True))
    result = coverage_compute(ids)
    CoverageState.objects.filter(gemeente_id__in=ids).update(dirty=False)
    return result
