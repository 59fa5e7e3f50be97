"""The demo gemeente's coverage is computed when the demo is built: figures for every buurt, gaps among them."""

import pytest

from buurtwacht.demo import GEMEENTE_CODE
from buurtwacht.demo.build import demo_addresses, demo_build
from buurtwacht.geo.models import Buurt, Gemeente
from buurtwacht.municipality.coverage.models import BuurtCoverage, CoverageState
from buurtwacht.municipality.coverage.selectors import gemeente_coverage

pytestmark = pytest.mark.django_db


def test_building_the_demo_computes_its_coverage():
    demo_build(create_accounts=False)
    gemeente = Gemeente.objects.get(code=GEMEENTE_CODE)
    rows = BuurtCoverage.objects.filter(gemeente=gemeente)
    assert rows.count() == Buurt.objects.filter(gemeente=gemeente).count()
    assert sum(r.addresses for r in rows) == demo_addresses().count()
    coverage = gemeente_coverage(gemeente)
    assert coverage.computed and 0 < coverage.totals.share < 1
    assert coverage.without_group  # the demo has a buurt without any group
    state = CoverageState.objects.get(gemeente=gemeente)
    assert state.computed_at is not None and not state.dirty
