"""`buurtwacht demo`: the fictional demo municipality (buurtwacht.demo)."""

from io import StringIO

import pytest
import shapely
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from shapely.geometry import shape

from buurtwacht.demo import GEMEENTE_CODE, POSTCODE_REGEX
from buurtwacht.demo.build import demo_addresses, demo_build
from buurtwacht.demo.people import ADMIN, MEMBER, PERSONAS, PLATFORM, POLICE, RESIDENT, STAFF
from buurtwacht.geo.index import BUURTEN, layers
from buurtwacht.geo.models import Address, Buurt, Gemeente, Wijk
from buurtwacht.geo.shapes import NL_ENVELOPE, area_m2
from buurtwacht.groups.models import Group
from buurtwacht.groups.selectors import lookup_point
from tests.factories import AddressFactory, GroupFactory, make_town

pytestmark = pytest.mark.django_db


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "wijken": Wijk.objects.filter(gemeente__code=GEMEENTE_CODE).count(),
        "buurten": Buurt.objects.filter(gemeente__code=GEMEENTE_CODE).count(),
        "addresses": demo_addresses().count(),
        "groups": Group.objects.filter(gemeente__code=GEMEENTE_CODE).count(),
    }


def test_it_builds_a_fictional_gemeente_and_says_what_to_try():
    output = run_demo()
    gemeente = Gemeente.objects.get(code=GEMEENTE_CODE)
    assert "fictief" in gemeente.name
    assert 3 <= gemeente.wijken.count() <= 4
    assert 12 <= gemeente.buurten.count() <= 16
    assert 2_000 <= demo_addresses().count() <= 5_000
    assert gemeente.inhabitants == sum(b.inhabitants for b in gemeente.buurten.all())
    assert "Voorbeeldrecht (fictief) (GM9999)" in output
    assert "nog geen groep" in output
    assert "wachtwoord demo" in output and "gemeente@demo.invalid" in output


def test_the_buurten_tile_the_gemeente_without_gaps_or_overlaps():
    run_demo()
    gemeente = Gemeente.objects.get(code=GEMEENTE_CODE)
    outline = shape(gemeente.geometry)
    buurten = [shape(b.geometry) for b in gemeente.buurten.order_by("code")]
    assert outline.geom_type == "Polygon" and NL_ENVELOPE.contains(outline)
    assert all(b.is_valid and b.geom_type == "Polygon" for b in buurten)
    union = shapely.union_all(buurten)
    assert area_m2(union.symmetric_difference(outline)) < 1.0  # m², of a gemeente of some 4 km²
    tree = shapely.STRtree(buurten)
    left, right = tree.query(buurten, predicate="intersects")
    pairs = [(i, j) for i, j in zip(left.tolist(), right.tolist(), strict=True) if i < j]
    assert pairs, "neighbouring buurten touch"
    assert max(area_m2(buurten[i].intersection(buurten[j])) for i, j in pairs) < 0.01
    # In one frame (area_m2 projects each shape around its own latitude), the parts add up to the whole.
    assert sum(b.area for b in buurten) == pytest.approx(outline.area, rel=1e-9)


def test_each_wijk_is_the_union_of_its_buurten():
    run_demo()
    for wijk in Wijk.objects.filter(gemeente__code=GEMEENTE_CODE):
        parts = shapely.union_all([shape(b.geometry) for b in wijk.buurten.all()])
        assert shape(wijk.geometry).geom_type == "Polygon"
        assert area_m2(parts.symmetric_difference(shape(wijk.geometry))) < 1.0


def test_every_address_lies_in_a_buurt_of_the_demo_gemeente():
    run_demo()
    demo_buurten = set(Buurt.objects.filter(gemeente__code=GEMEENTE_CODE).values_list("pk", flat=True))
    lons, lats = zip(*demo_addresses().values_list("lon", "lat"), strict=True)
    hits = layers.get(BUURTEN).ids_at_many(lons, lats)
    assert all(len(ids) == 1 and ids[0] in demo_buurten for ids in hits)


def test_addresses_have_demo_postcodes_and_some_letters_and_additions():
    run_demo()
    addresses = demo_addresses()
    assert addresses.count() == Address.objects.filter(postcode__regex=POSTCODE_REGEX).count()
    assert addresses.exclude(letter="").exists()
    assert addresses.exclude(addition="").exists()
    assert set(addresses.values_list("place", flat=True)) == {"Voorbeeldrecht", "Voorbeeldhoeve"}
    assert addresses.values("street").distinct().count() >= 40


def test_about_ten_groups_with_exactly_one_waiting_for_approval():
    run_demo()
    groups = Group.objects.filter(gemeente__code=GEMEENTE_CODE)
    assert 8 <= groups.count() <= 12
    assert groups.pending().count() == 1
    assert groups.active().count() == groups.count() - 1
    assert groups.filter(buurten__isnull=False).exists() and groups.filter(buurten__isnull=True).exists()
    for group in groups:
        assert group.member_count > 0 and group.address_count > 0 and group.founded_on
        assert group.contact_email.endswith(("@example.org", ".invalid"))


def test_at_least_one_buurt_has_no_group_at_all():
    run_demo()
    areas = [shape(g.area) for g in Group.objects.filter(gemeente__code=GEMEENTE_CODE)]
    uncovered = [
        b.name
        for b in Buurt.objects.filter(gemeente__code=GEMEENTE_CODE)
        if not any(shape(b.geometry).intersection(a).area > 0 for a in areas)
    ]
    assert uncovered


def test_a_lookup_at_the_example_addresses_finds_their_groups_or_none():
    summary = demo_build(create_accounts=False)
    covered, drawn, uncovered = summary.examples
    layers.clear()
    for example in (covered, drawn):
        found = lookup_point(lon=example.address.lon, lat=example.address.lat)
        assert [g.name for g in found.groups] == [example.group.name]
    assert covered.group.name == "Buurtpreventie Merelbuurt"
    assert uncovered.group is None
    found = lookup_point(lon=uncovered.address.lon, lat=uncovered.address.lat)
    assert found.groups == [] and found.nearby


def test_running_it_twice_gives_the_same_demo_and_leaves_other_data_alone():
    town = make_town()
    real_address = AddressFactory(postcode="9901AB")
    real_group = GroupFactory(name="Buurtpreventie Proefdorp")
    run_demo()
    first = counts()
    fields = ("postcode", "number", "letter", "addition", "lon", "lat")
    first_addresses = set(demo_addresses().values_list(*fields))
    run_demo()
    assert counts() == first
    assert set(demo_addresses().values_list(*fields)) == first_addresses
    assert Gemeente.objects.filter(pk=town.gemeente.pk).exists()
    assert Buurt.objects.filter(gemeente=town.gemeente).count() == 4
    assert Address.objects.filter(pk=real_address.pk).exists()
    assert Group.objects.get(pk=real_group.pk).gemeente == town.gemeente
    assert Gemeente.objects.count() == 2


def test_it_creates_personas_to_sign_in_as_with_their_roles():
    output = run_demo()
    user_model = get_user_model()
    for persona in PERSONAS:
        assert persona.email in output
        assert user_model.objects.get(email=persona.email).check_password("demo")
    group = Group.objects.get(memberships__user__email=ADMIN.email)
    assert group.memberships.get(user__email=ADMIN.email).role == "admin"
    assert group.memberships.filter(role="admin").count() == 1  # so the advice to appoint more shows
    assert group.memberships.get(user__email=MEMBER.email).role == "member"
    assert group.join_requests.filter(status="pending").count() == 1
    resident = user_model.objects.get(email=RESIDENT.email)
    assert not resident.memberships.exists()
    assert [g.pk for g in lookup_point(lon=resident.address.lon, lat=resident.address.lat).groups] == [group.pk]
    staff = user_model.objects.get(email=STAFF.email)
    assert list(staff.roles.values_list("kind", "gemeente__code")) == [("municipal", GEMEENTE_CODE)]
    assert staff.totpdevice_set.get().name == "demo" and not staff.is_staff
    police = user_model.objects.get(email=POLICE.email)
    assert police.is_police and not police.memberships.exists()
    platform = user_model.objects.get(email=PLATFORM.email)
    assert platform.is_superuser and platform.totpdevice_set.exists()


def test_member_counts_are_real_memberships_of_people_living_in_the_area():
    demo_build(create_accounts=False)
    for group in Group.objects.filter(gemeente__code=GEMEENTE_CODE):
        assert group.member_count == group.memberships.count() > 0
        assert group.memberships.filter(role="admin").exists()
        area = shape(group.area)
        for membership in group.memberships.select_related("user__address")[:20]:
            address = membership.user.address
            assert area.contains(shapely.Point(address.lon, address.lat))
            assert not membership.user.has_usable_password()


@override_settings(DEV_MODE=False)
def test_outside_dev_mode_it_refuses_unless_forced_and_then_creates_no_logins():
    with pytest.raises(CommandError, match="ontwikkelmodus"):
        run_demo()
    assert not Gemeente.objects.filter(code=GEMEENTE_CODE).exists()
    output = run_demo("--force")
    assert Gemeente.objects.filter(code=GEMEENTE_CODE).exists()
    assert not get_user_model().objects.filter(email__in=[p.email for p in PERSONAS]).exists()
    assert not any(u.has_usable_password() for u in get_user_model().objects.all())
    assert "Geen demo-inloggegevens" in output


def test_it_refuses_to_build_over_a_real_address_with_a_demo_postcode():
    real = AddressFactory(postcode="9990QA", number=1, municipality_name="Het Hogeland")
    with pytest.raises(CommandError, match="9990QA"):
        run_demo()
    assert Address.objects.filter(pk=real.pk).exists()
    assert not Gemeente.objects.filter(code=GEMEENTE_CODE).exists()
