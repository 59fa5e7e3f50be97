"""Template filters of the network's pages."""

from django import template

from buurtwacht.kit.text import before_full_stop as _before_full_stop

register = template.Library()


@register.filter
def before_full_stop(name: str) -> str:
    """A group name that ends a sentence, without its own closing full stop (kit.text)."""
    return _before_full_stop(str(name))
