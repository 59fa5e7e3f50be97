"""The parts of the municipal dashboard (/gemeente/<code>/) that live in the municipality's rooms.

Each room (signs, stickers, coverage, figures, networks) registers a section in its `AppConfig.ready`; the dashboard
renders every section whose context function returns a dict for this person, in `order`. A section template is one
`<section>` with its own `<h2>`, and links to the room's own pages. The context function decides what the person may
see: it gets the gemeente and the user, and returns None to leave the section out (for example police, who see the
dashboard read-only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from buurtwacht.geo.models import Gemeente


@dataclass(frozen=True)
class Section:
    key: str
    order: int
    template: str
    context: Callable[[Gemeente, object], dict | None]


sections: dict[str, Section] = {}


def register(section: Section) -> None:
    """Register (or replace, by key) a dashboard section."""
    sections[section.key] = section


def rendered_sections(gemeente: Gemeente, user) -> list[tuple[str, dict]]:
    """(template, context) of the sections this person sees, in order."""
    shown = []
    for section in sorted(sections.values(), key=lambda s: (s.order, s.key)):
        context = section.context(gemeente, user)
        if context is not None:
            shown.append((section.template, {"gemeente": gemeente, **context}))
    return shown
