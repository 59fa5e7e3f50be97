"""The platform administrators' back office (Django admin): who may review groups, and what review does.

/beheer/ asks for the second factor; tests sign in with `login_with_second_factor`.
"""

import pytest
from django.contrib.auth.models import Permission

from buurtwacht.geo.index import GROUPS, layers
from buurtwacht.groups.models import GroupStatus
from tests.factories import GroupFactory, UserFactory, login_with_second_factor

pytestmark = pytest.mark.django_db

CHANGELIST = "/beheer/groups/group/"


@pytest.fixture
def pending(town):
    return GroupFactory(name="Wacht op gemeente", pending=True)


def municipal_staff():
    """Back-office staff who may view and change groups, nothing else."""
    user = UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="groups", codename__in=["view_group", "change_group"])
    )
    return user


def resident():
    return UserFactory()


def staff_without_group_rights():
    return UserFactory(is_staff=True)


def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    ("make_user", "can_approve"),
    [(None, False), (resident, False), (staff_without_group_rights, False), (municipal_staff, True), (superuser, True)],
    ids=["anonymous", "resident", "staff-without-rights", "municipal-staff", "superuser"],
)
def test_only_staff_with_group_rights_can_approve(client, pending, make_user, can_approve):
    if make_user:
        login_with_second_factor(client, make_user())
    client.post(CHANGELIST, {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert (pending.status == GroupStatus.ACTIVE) is can_approve


@pytest.mark.parametrize(
    ("make_user", "status"),
    [(None, 302), (resident, 302), (staff_without_group_rights, 403), (municipal_staff, 200)],
    ids=["anonymous", "resident", "staff-without-rights", "municipal-staff"],
)
def test_the_reject_form_is_for_staff_with_group_rights(client, pending, make_user, status):
    if make_user:
        login_with_second_factor(client, make_user())
    assert client.get(f"{CHANGELIST}{pending.pk}/afwijzen/").status_code == status


def test_approving_puts_the_group_on_the_map(client, pending):
    login_with_second_factor(client, municipal_staff())
    response = client.post(CHANGELIST, {"action": "approve", "_selected_action": [pending.pk]}, follow=True)
    assert "1 groep goedgekeurd" in response.content.decode()
    assert layers.get(GROUPS).ids_at(5.005, 52.005) == [pending.pk]


def test_rejecting_needs_a_reason(client, pending):
    login_with_second_factor(client, municipal_staff())
    response = client.post(f"{CHANGELIST}{pending.pk}/afwijzen/", {"note": ""})
    assert "waarom" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == GroupStatus.PENDING
    client.post(f"{CHANGELIST}{pending.pk}/afwijzen/", {"note": "Valt buiten onze gemeente."})
    pending.refresh_from_db()
    assert pending.status == GroupStatus.REJECTED
    assert pending.review_note == "Valt buiten onze gemeente."


def test_staff_see_the_contact_details_the_public_never_sees(client, pending):
    login_with_second_factor(client, municipal_staff())
    page = client.get(f"{CHANGELIST}{pending.pk}/change/").content.decode()
    assert "anna@example.org" in page


def test_staff_without_their_second_factor_are_sent_to_give_it(client, pending):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(client.get(CHANGELIST)["Location"])  # via the admin's own login URL
    assert response.status_code == 302
    assert response["Location"].startswith("/account/")
    assert response["Location"].startswith("/account/tweestaps/instellen/")


def test_a_resident_signed_in_is_refused_rather_than_asked_to_sign_in_again(client, pending):
    client.force_login(UserFactory())
    assert client.get(CHANGELIST, follow=True).status_code == 403
