"""Text that people type, checked the same way on every channel (no domain imports)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def refuse_nul(text: str) -> None:
    """A NUL character cannot be stored (PostgreSQL refuses it) and is never typed on purpose; Django's form
    fields refuse it, so every other channel (the JSON API, later WhatsApp or SMS) must too."""
    if "\x00" in (text or ""):
        raise ValidationError(
            _(
                "Deze tekst bevat een onzichtbaar teken (een nulteken) dat we niet kunnen bewaren. "
                "Typ de tekst opnieuw."
            ),
            code="null_characters_not_allowed",
        )


def before_full_stop(name: str) -> str:
    """A name that ends a sentence, without its own closing full stop ("Buurtpreventie Fuutdreef e.o."): the
    sentence adds one, and two in a row read as a typing error."""
    return name[:-1] if name.endswith(".") else name
