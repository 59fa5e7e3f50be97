"""{% invite_url group %}: a group's absolute invite link, as its QR code and flyer carry it."""

from django import template

from buurtwacht.groups.recruiting import invite_url as _invite_url

register = template.Library()


@register.simple_tag
def invite_url(group) -> str:
    return _invite_url(group)
