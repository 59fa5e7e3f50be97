"""How figures are shown: counts under SMALL as "< 5" (so that nobody can be picked out of a small number), rates per
1,000 inhabitants only when the count they rest on is at least SMALL (a rate of 2 burglaries swings wildly).

Groups are the exception: every active group is on the public map, so their count hides nobody and is shown exactly
(exact_text). Members, alerts and crimes stay masked."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

SMALL = 5
BELOW = "< 5"


@dataclass(frozen=True)
class Rate:
    value: float | None  # None: unknown (no count or no inhabitants)
    reliable: bool  # False: the count is under SMALL

    @property
    def shown(self) -> float | None:
        """The rate to publish: None when unknown or not reliable."""
        return round(self.value, 1) if self.value is not None and self.reliable else None


def per_1000(count: int | None, inhabitants: int | None) -> Rate:
    if count is None or not inhabitants:
        return Rate(None, False)
    return Rate(count * 1000 / inhabitants, count >= SMALL)


def masked(count: int | None) -> int | str | None:
    """A count as it may be published: None unknown, 0 as 0 (nothing to hide: no group, no alert), 1-4 as "< 5"."""
    if count is None:
        return None
    return BELOW if 0 < count < SMALL else count


def count_text(count: int | None) -> str:
    value = masked(count)
    if value is None:
        return _("onbekend")
    if isinstance(value, str):
        return value.replace(" ", "\u00a0")  # "< 5" stays on one line
    return number_format(value, force_grouping=True)


def exact_text(count: int | None) -> str:
    """A count that is public anyway (active groups): shown as it is."""
    if count is None:
        return _("onbekend")
    return number_format(count, force_grouping=True)


def rate_text(rate: Rate) -> str:
    if rate.value is None:
        return _("onbekend")
    if not rate.reliable:
        return _("niet betrouwbaar")
    return number_format(rate.shown, decimal_pos=1)


def signed_text(value: float | None) -> str:
    if value is None:
        return _("onbekend")
    value = round(value, 1)
    text = number_format(abs(value), decimal_pos=1)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else text)
