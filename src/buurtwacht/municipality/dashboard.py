"""The parts of the municipal dashboard (/gemeente/<code>/) that live in the municipality's rooms.

Each room (signs, stickers, coverage, figures, networks) registers a section in its `AppConfig.ready`; the dashboard
renders every section whose context function returns a dict for this person, in `order`. A section template is one
`<section>` with its own `<h2>`, and links to the room's own pages. The context function decides what the person may
see: it gets the gemeente and the user, and returns None to leave the section out (for example police, who see the
dashboard read-only).

The top of the dashboard sums up every section in one line with a link, from these keys of the context dict:
"title" (required: the room's name in Dutch, translatable), "summary" (required: a few words, "3 open aanvragen"),
and the optional "url" (the room's own page; else the section on the dashboard) and "warning" (a few words that need
attention: "voorraad laag"). A context without a title or summary is a programming error (MissingSummary).
Each section is rendered inside an element with id "sectie-<key>".
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
    styles: tuple[str, ...] = ()  # static paths of style sheets the section needs (in <head>)
    scripts: tuple[str, ...] = ()  # static paths of scripts the section needs (at the end of <body>; no inline JS)


sections: dict[str, Section] = {}


class MissingSummary(Exception):
    """A section's context has no "title" or no "summary" for the line at the top of the dashboard."""


def register(section: Section) -> None:
    """Register (or replace, by key) a dashboard section."""
    sections[section.key] = section


def rendered_sections(gemeente: Gemeente, user) -> list[tuple[str, dict]]:
    """(template, context) of the sections this person sees, in order."""
    return [(shown.template, shown.context) for shown in shown_sections(gemeente, user)]


@dataclass(frozen=True)
class Shown:
    """A section as the dashboard shows it: its place, its one-line summary at the top, and its template."""

    key: str
    template: str
    context: dict
    styles: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return f"sectie-{self.key}"

    @property
    def title(self) -> str:
        return str(self.context["title"])

    @property
    def url(self) -> str:
        return self.context.get("url") or f"#{self.anchor}"

    @property
    def summary(self) -> str:
        return str(self.context["summary"])

    @property
    def warning(self) -> str:
        return str(self.context.get("warning") or "")


def assets(shown: list[Shown]) -> tuple[list[str], list[str]]:
    """The style sheets and scripts of the shown sections, each once, in order."""
    styles = list(dict.fromkeys(path for section in shown for path in section.styles))
    scripts = list(dict.fromkeys(path for section in shown for path in section.scripts))
    return styles, scripts


def shown_sections(gemeente: Gemeente, user) -> list[Shown]:
    """The sections this person sees, in order, with what the summary at the top needs."""
    shown = []
    for section in sorted(sections.values(), key=lambda s: (s.order, s.key)):
        context = section.context(gemeente, user)
        if context is not None:
            missing = [name for name in ("title", "summary") if not context.get(name)]
            if missing:
                raise MissingSummary(f"dashboard section {section.key!r} has no {' or '.join(missing)}")
            shown.append(
                Shown(
                    key=section.key,
                    template=section.template,
                    context={"gemeente": gemeente, **context},
                    styles=section.styles,
                    scripts=section.scripts,
                )
            )
    return shown
