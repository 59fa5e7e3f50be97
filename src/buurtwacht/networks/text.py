"""Group names in the network's sentences."""

from __future__ import annotations


def before_full_stop(name: str) -> str:
    """A name that ends a sentence, without its own closing full stop ("Buurtpreventie Fuutdreef e.o."): the
    sentence adds one, and two in a row read as a typing error."""
    return name[:-1] if name.endswith(".") else name
