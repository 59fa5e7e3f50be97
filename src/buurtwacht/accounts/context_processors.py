"""The header's account state: unread messages and whether the second factor is still to be given.

One query per page for a signed-in person (see selectors.header_counts), none for anyone else.
"""

from __future__ import annotations

from buurtwacht.accounts.selectors import header_counts

SIGNED_OUT = {
    "unread_notifications": 0,
    "second_factor_pending": False,
    "email_unverified": False,
    "has_role": False,
}


def account(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return SIGNED_OUT
    unread, has_role = header_counts(user)
    needs_second_factor = user.is_superuser or user.is_staff or has_role
    verified = getattr(user, "is_verified", lambda: False)()
    return {
        "unread_notifications": unread,
        "second_factor_pending": bool(needs_second_factor and not verified),
        "email_unverified": not user.email_verified,
        "has_role": has_role,
    }
