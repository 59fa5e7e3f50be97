"""Template filters for police messages: the text as the police wrote it (police.text), split so that a card can put
the updates before its last line (the instruction, or how it ended)."""

from django import template

from buurtwacht.police import text

register = template.Library()


@register.filter
def police_text(message) -> dict:
    """{"lines": the message's lines but the last, "end": "Heeft u informatie? Bel 112." or the outcome}."""
    lines = text.message_text(message, with_updates=False).split("\n")
    return {"lines": lines[:-1], "end": lines[-1]}


@register.filter
def police_headline(message) -> str:
    return text.headline(message)
