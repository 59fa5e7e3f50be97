"""The link on a group's manage page, for its admins."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _


def manage_link(group, user) -> list[tuple[str, str]]:
    url = reverse("chathistory:upload", kwargs={"slug": group.slug})
    return [(_("Geschiedenis van de WhatsApp-groep inlezen"), url)]
