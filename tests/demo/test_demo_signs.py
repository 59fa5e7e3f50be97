"""Street signs in the demo: the municipality's rules, placed signs with their history (one moved, one removed: every
state of the legend), a request waiting."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.people import ADMIN
from buurtwacht.groups.models import MemberRole
from buurtwacht.municipality.signs.models import RequestStatus, Sign, SignRequest, SignRules, SignStatus, Step
from buurtwacht.municipality.signs.rules import sign_rule_checks

pytestmark = pytest.mark.django_db


def test_the_demo_municipality_has_rules_placed_signs_and_a_request_waiting():
    call_command("demo", stdout=StringIO())
    rules = SignRules.objects.get(gemeente__code=GEMEENTE_CODE)
    assert rules.contribution_eur == 50 and "fictieve" in rules.contribution_text
    placed = Sign.objects.filter(gemeente__code=GEMEENTE_CODE, status=SignStatus.PLACED)
    assert placed.count() >= 2
    for sign in placed:
        steps = [e.step for e in sign.events.order_by("at", "pk")]
        assert steps in ([Step.APPROVED, Step.PLACED], [Step.APPROVED, Step.PLACED, Step.MOVED])
        assert sign.placed_on is not None
        assert sign.placed_on >= timezone.localdate(sign.request.decided_at)  # never placed before the approval
    (moved,) = [sign for sign in placed if sign.events.filter(step=Step.MOVED).exists()]
    move = moved.events.get(step=Step.MOVED)
    assert (move.lat, move.lon) == (moved.lat, moved.lon) and move.on > moved.placed_on
    (removed,) = Sign.objects.filter(gemeente__code=GEMEENTE_CODE, status=SignStatus.REMOVED)
    assert [e.step for e in removed.events.order_by("at", "pk")] == [Step.APPROVED, Step.PLACED, Step.REMOVED]
    assert removed.removed_on > removed.placed_on and removed.events.get(step=Step.REMOVED).note
    assert Sign.objects.filter(gemeente__code=GEMEENTE_CODE, status=SignStatus.PLACED).count() >= 2
    (waiting,) = SignRequest.objects.filter(gemeente__code=GEMEENTE_CODE, status=RequestStatus.REQUESTED)
    assert waiting.group.memberships.filter(user__email=ADMIN.email, role=MemberRole.ADMIN).exists()
    assert waiting.spots.count() == 2
    assert not [c for c in sign_rule_checks(group=waiting.group, spot_count=2) if c.ok is False]


def test_the_demo_builds_again_over_its_signs():
    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())
    assert SignRequest.objects.filter(gemeente__code=GEMEENTE_CODE, status=RequestStatus.REQUESTED).count() == 1
