"""The classes of the choropleth map, shared by the map (colours and outline), its legend and the table (text), so
that a class is never told by colour alone: each has a text label, and the gaps also a dashed outline."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareClass:
    key: str
    label: str
    colour: str
    dashed: bool = False
    upto: float = 1.0  # the share this class goes up to (inclusive: the last class holds 100%)

    def as_json(self) -> dict:
        return {**asdict(self), "label": str(self.label)}


CLASSES = (
    ShareClass("none", _("geen groep (0%)"), "#fbe3d6", dashed=True, upto=0.0),
    ShareClass("low", _("minder dan 25%"), "#c6dbef", upto=0.25),
    ShareClass("some", _("25% tot 50%"), "#6baed6", upto=0.5),
    ShareClass("most", _("50% tot 75%"), "#2f6fb3", upto=0.75),
    ShareClass("high", _("75% of meer"), "#12365f", upto=1.0),
)
NO_ADDRESSES = ShareClass("empty", _("geen adressen"), "#ffffff", dashed=True, upto=0.0)


def share_class(figures) -> ShareClass:
    if not figures.addresses:
        return NO_ADDRESSES
    if figures.covered_addresses == 0:
        return CLASSES[0]
    share = figures.share
    for item in CLASSES[1:]:
        if share < item.upto or item is CLASSES[-1]:
            return item
    return CLASSES[-1]


def legend_json() -> list[dict]:
    return [item.as_json() for item in (*CLASSES, NO_ADDRESSES)]
