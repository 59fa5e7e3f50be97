"""Registering, approving and rejecting groups (buurtwacht.groups.services)."""


import pytest
import shapely
from django.core import mail
from django.core.exceptions import ValidationError

from buurtwacht.geo.index import BUURTEN, GROUPS, bump_version, layers
from buurtwacht.geo.models import Buurt, Gemeente, Wijk
from buurtwacht.groups import services
from buurtwacht.groups.models import ContactMessage, Group, GroupStatus
from tests.factories import AddressFactory, GroupFactory, area_fields, cell

pytestmark = pytest.mark.django_db


def register(**overrides):
    fields = {"name": "Buurtpreventie Proefhof", "contact_name": "Anna de Vries", "contact_email": "anna@example.org"}
    return services.group_register(**{**fields, **overrides})


def test_it_registers_a_pending_group_from_chosen_buurten(town):
    group = register(buurt_codes=["BU99010000", "bu99010001"])
    assert group.status == GroupStatus.PENDING
    assert group.gemeente == town.gemeente
    assert sorted(b.code for b in group.buurten.all()) == ["BU99010000", "BU99010001"]
    area = shapely.geometry.shape(group.area)
    assert area.symmetric_difference(shapely.union_all([cell(0, 0), cell(0, 1)])).area < 1e-9
    assert (group.min_lon, group.max_lat) == pytest.approx((5.0, 52.02))


def test_a_pending_group_is_not_in_the_lookup_index_until_approved(town):
    group = register(buurt_codes=["BU99010000"])
    assert layers.get(GROUPS).ids_at(5.005, 52.005) == []
    services.group_approve(group=group)
    assert layers.get(GROUPS).ids_at(5.005, 52.005) == [group.pk]
    assert group.founded_on is not None


def test_it_registers_a_drawn_area_and_counts_the_addresses_inside(town):
    AddressFactory(lon=5.012, lat=52.005)
    AddressFactory(lon=5.013, lat=52.006)
    AddressFactory(lon=5.03, lat=52.005)
    group = register(area=shapely.box(5.011, 52.004, 5.015, 52.008))
    assert group.address_count == 2
    assert group.gemeente == town.gemeente
    assert group.buurten.count() == 0
    assert 100_000 < group.area_m2 < 130_000  # ~274 m x ~445 m


def test_the_gemeente_is_the_one_holding_most_of_the_area(town):
    neighbour = Gemeente.objects.create(code="GM9902", name="Buurdorp", **area_fields(cell(2, 0)))
    wijk = Wijk.objects.create(code="WK990200", name="Buurdorp", gemeente=neighbour, **area_fields(cell(2, 0)))
    Buurt.objects.create(code="BU99020000", name="Buurdorp", wijk=wijk, gemeente=neighbour, **area_fields(cell(2, 0)))
    bump_version(BUURTEN)
    mostly_east = register(area=shapely.box(5.018, 52.001, 5.028, 52.004))
    mostly_west = register(area=shapely.box(5.012, 52.001, 5.022, 52.004))
    assert mostly_east.gemeente == neighbour
    assert mostly_west.gemeente == town.gemeente


@pytest.mark.parametrize(
    ("area", "message"),
    [
        (shapely.Polygon([(5.0, 52.0), (5.01, 52.01), (5.01, 52.0), (5.0, 52.01)]), "geen geldige polygoon"),
        (shapely.box(2.0, 48.0, 2.01, 48.01), "buiten Nederland"),
        (shapely.box(5.0, 52.0, 5.0001, 52.0001), "te klein"),
        (shapely.box(5.0, 52.0, 6.0, 52.5), "te groot"),
        (shapely.LineString([(5.0, 52.0), (5.01, 52.01)]), "moet een vlak zijn"),
    ],
    ids=["self-intersecting", "outside-nl", "too-small", "too-large", "a-line"],
)
def test_it_refuses_a_bad_area_with_a_dutch_message_and_writes_nothing(town, area, message):
    with pytest.raises(ValidationError) as excinfo:
        register(area=area)
    assert message in " ".join(excinfo.value.messages)
    assert Group.objects.count() == 0


def test_it_refuses_an_area_outside_known_buurten(town):
    with pytest.raises(ValidationError, match="niet in een bekende buurt"):
        register(area=shapely.box(6.0, 52.5, 6.01, 52.51))


def test_it_refuses_unknown_buurt_codes_and_both_kinds_of_area(town):
    with pytest.raises(ValidationError, match="BU12345678"):
        register(buurt_codes=["BU99010000", "BU12345678"])
    with pytest.raises(ValidationError, match="niet allebei"):
        register(buurt_codes=["BU99010000"], area=cell(0, 0))
    with pytest.raises(ValidationError, match="Teken het gebied"):
        register()
    assert Group.objects.count() == 0


def test_it_refuses_a_bad_contact_email_and_writes_nothing(town):
    with pytest.raises(ValidationError):
        register(buurt_codes=["BU99010000"], contact_email="geen-adres")
    assert Group.objects.count() == 0


def test_names_get_unique_slugs(town):
    first = register(buurt_codes=["BU99010000"])
    second = register(buurt_codes=["BU99010001"])
    assert first.slug == "buurtpreventie-proefhof"
    assert second.slug == "buurtpreventie-proefhof-2"


def test_a_group_cannot_take_the_slug_of_a_fixed_page(town):
    assert register(name="Aanmelden", buurt_codes=["BU99010000"]).slug == "aanmelden-2"


def test_a_rejection_needs_a_reason_and_only_applies_to_pending_groups(town):
    group = register(buurt_codes=["BU99010000"])
    with pytest.raises(ValidationError, match="waarom"):
        services.group_reject(group=group, note="  ")
    services.group_reject(group=group, note="Overlapt met een bestaande groep.")
    group.refresh_from_db()
    assert group.status == GroupStatus.REJECTED
    with pytest.raises(ValidationError):
        services.group_reject(group=group, note="nogmaals")


def test_deactivating_takes_the_group_off_the_lookup(town):
    group = GroupFactory()
    assert layers.get(GROUPS).ids_at(5.005, 52.005) == [group.pk]
    services.group_deactivate(group=group)
    assert layers.get(GROUPS).ids_at(5.005, 52.005) == []


def test_changing_an_active_groups_area_moves_it_in_the_lookup(town):
    group = GroupFactory()
    services.group_update_area(group=group, buurt_codes=["BU99010100"])
    index = layers.get(GROUPS)
    assert index.ids_at(5.005, 52.005) == []
    assert index.ids_at(5.015, 52.005) == [group.pk]


def test_a_contact_message_is_mailed_to_the_group_without_exposing_its_address(
    town, django_capture_on_commit_callbacks
):
    group = GroupFactory(contact_email="beheer@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_message_send(
            group=group, sender_name="Bram", sender_email="bram@example.org", body="Mag ik meedoen?"
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["beheer@example.org"]
    assert mail.outbox[0].reply_to == ["bram@example.org"]
    assert "Mag ik meedoen?" in mail.outbox[0].body


def test_a_contact_message_to_a_pending_group_is_refused(town):
    group = GroupFactory(pending=True)
    with pytest.raises(ValidationError, match="niet actief"):
        services.contact_message_send(group=group, sender_name="Bram", sender_email="bram@example.org", body="Hoi")
    assert ContactMessage.objects.count() == 0


def test_line_breaks_in_a_name_are_collapsed(town):
    assert register(name="Buurtpreventie\r\nBcc: iedereen", buurt_codes=["BU99010000"]).name == (
        "Buurtpreventie Bcc: iedereen"
    )


def test_a_slug_taken_in_the_meantime_gives_the_next_free_one(town, monkeypatch):
    """Two registrations with one name at the same moment: the database refuses the second its slug, and the
    second takes the next one instead of failing."""
    GroupFactory(name="Buurtpreventie Molenhoek", slug="buurtpreventie-molenhoek")
    answers = iter(["buurtpreventie-molenhoek"])  # what a registration that looked just before the first saw
    real = services.unique_slug
    monkeypatch.setattr(services, "unique_slug", lambda name: next(answers, None) or real(name))
    group = register(name="Buurtpreventie Molenhoek", buurt_codes=["BU99010000"])
    assert group.slug == "buurtpreventie-molenhoek-2"
    assert Group.objects.filter(name="Buurtpreventie Molenhoek").count() == 2


def test_the_wijk_and_woonplaats_of_a_group_follow_from_its_area(town):
    AddressFactory(place="Proefdorp")
    AddressFactory(place="Proefdorp")
    AddressFactory(place="Gehucht")
    group = register(buurt_codes=["BU99010000"])
    assert group.wijk == town.wijken[0]
    assert group.place == "Proefdorp" and group.address_count == 3


def test_a_member_who_becomes_police_stops_being_a_member(town):
    from buurtwacht.accounts.services import role_grant
    from tests.factories import make_member

    group = GroupFactory()
    officer = make_member(group, admin=True)
    make_member(group)
    role_grant(user=officer, kind="wijkagent", gemeente=town.gemeente)
    group.refresh_from_db()
    assert not group.memberships.filter(user=officer).exists()
    assert group.member_count == 1
    role_grant(user=make_member(group), kind="municipal", gemeente=town.gemeente)
    assert group.memberships.count() == 2  # municipal staff may live in a group's area and be in it
