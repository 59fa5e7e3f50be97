from django import template

from buurtwacht.municipality.figures.display import count_text, exact_text, rate_text, signed_text

register = template.Library()

register.filter("count", count_text)
register.filter("exact", exact_text)
register.filter("rate", rate_text)
register.filter("signed", signed_text)


@register.filter
def get_count(counts: dict, key: str) -> int:
    return counts.get(key, 0)


@register.filter
def get_did(results: dict, kind: str):
    return results.get(kind)
