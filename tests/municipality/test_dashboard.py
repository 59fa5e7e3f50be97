"""The dashboard renders the sections the municipality's rooms register, each deciding who sees it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from buurtwacht.accounts.permissions import can_review_groups_of
from buurtwacht.municipality import dashboard

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("municipality:overview", kwargs={"code": "GM9901"})


@pytest.fixture
def staff_only_section(settings, tmp_path):
    template_dir = tmp_path / "templates"
    (template_dir / "probe").mkdir(parents=True)
    (template_dir / "probe" / "section.html").write_text(
        "<section><h2>Proefsectie</h2><p>{{ section.gemeente.code }}: {{ section.count }}</p></section>"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}]

    def context(gemeente, user):
        return {"title": "Proef", "summary": "zeven", "count": 7} if can_review_groups_of(user, gemeente) else None

    dashboard.register(dashboard.Section(key="probe", order=1, template="probe/section.html", context=context))
    yield
    dashboard.sections.pop("probe")


def test_a_registered_section_shows_to_those_its_context_admits(staff_only_section, staff_client):
    assert "GM9901: 7" in staff_client.get(OVERVIEW).content.decode()


def test_a_section_returning_none_is_left_out(staff_only_section, police_client):
    page = police_client.get(OVERVIEW).content.decode()
    assert "Proefsectie" not in page
