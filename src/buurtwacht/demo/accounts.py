"""Demo logins for the back office (/beheer/): municipal staff and a superuser. Dev mode only."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

DEMO_PASSWORD = "demo"  # noqa: S105 - a known password is the point of a local demo; never created outside dev mode
STAFF_USERNAME = "gemeente"
SUPERUSER_USERNAME = "admin"
# Team Veiligheid sees and edits groups (approve, correct details); it is not a superuser.
STAFF_PERMISSIONS = (("groups", "view_group"), ("groups", "change_group"))


def demo_accounts_create() -> list[str]:
    """Create or reset the demo logins; returns their usernames."""
    user_model = get_user_model()
    staff, _created = user_model.objects.get_or_create(username=STAFF_USERNAME)
    staff.first_name, staff.last_name = "Team Veiligheid", "(demo)"
    staff.email = "veiligheid@voorbeeldrecht.invalid"
    staff.is_active, staff.is_staff, staff.is_superuser = True, True, False
    staff.set_password(DEMO_PASSWORD)
    staff.save()
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in STAFF_PERMISSIONS
    ]
    staff.user_permissions.set(permissions)

    admin, _created = user_model.objects.get_or_create(username=SUPERUSER_USERNAME)
    admin.first_name, admin.last_name = "Beheerder", "(demo)"
    admin.email = "admin@voorbeeldrecht.invalid"
    admin.is_active, admin.is_staff, admin.is_superuser = True, True, True
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    return [STAFF_USERNAME, SUPERUSER_USERNAME]
