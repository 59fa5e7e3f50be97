"""A group's photo: checked from its header in the request, re-encoded by a task, private until the group is approved
(groups.photos, groups.views_photo)."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from buurtwacht.accounts.models import RoleKind
from buurtwacht.groups import services
from buurtwacht.groups.models import Group
from tests.factories import UserFactory, login_with_second_factor, make_role
from tests.images import encoded, jpeg_with_gps, png_bomb

pytestmark = pytest.mark.django_db

REGISTER = reverse("groups:register")


def incoming() -> set[str]:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "groups" / "incoming"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def register(photo: bytes, name: str = "Buurtpreventie Proefhof", filename: str = "IMG_0001.jpg") -> Group:
    return services.group_register(
        name=name,
        contact_name="Anna de Vries",
        contact_email="anna@example.org",
        buurt_codes=["BU99010000"],
        photo=SimpleUploadedFile(filename, photo),
    )


@pytest.fixture
def registered(town, django_capture_on_commit_callbacks):
    """Register a group with a photo; the task after the commit runs at once (Huey in immediate mode)."""

    def run(photo: bytes, **kwargs) -> Group:
        with django_capture_on_commit_callbacks(execute=True):
            group = register(photo, **kwargs)
        group.refresh_from_db()
        return group

    return run


@pytest.fixture
def founder(client):
    user = UserFactory(first_name="Carla", last_name="Jansen", email="carla@example.org")
    client.force_login(user)
    return user


# Huge images


def test_a_huge_photo_is_refused_on_its_field_and_nothing_is_kept(town):
    before = incoming()
    with pytest.raises(ValidationError) as caught:
        register(png_bomb(), filename="groep.png")
    assert "te veel beeldpunten" in caught.value.message_dict["photo"][0]
    assert not Group.objects.exists()
    assert incoming() == before


def test_the_registration_form_shows_the_refusal_on_the_photo_field(client, founder, town):
    data = {
        "name": "Buurtpreventie Nieuwland",
        "contact_name": "Carla Jansen",
        "contact_email": "carla@example.org",
        "buurten": ["BU99010000"],
        "photo": SimpleUploadedFile("groep.png", png_bomb(), content_type="image/png"),
    }
    response = client.post(f"{REGISTER}?gemeente=GM9901", data)
    assert response.status_code == 200
    assert "te veel beeldpunten" in str(response.context["form"].errors["photo"])
    assert not Group.objects.exists()


def test_a_photo_must_be_jpeg_or_png(town):
    with pytest.raises(ValidationError, match="JPEG of PNG"):
        register(encoded(Image.new("RGB", (10, 10)), "GIF"), filename="a.gif")
    with pytest.raises(ValidationError, match="JPEG of PNG"):
        register(b"geen foto")
    assert not Group.objects.exists()


# Re-encoding after the registration


def test_the_upload_waits_privately_and_the_group_shows_no_photo_until_it_is_re_encoded(town):
    group = register(jpeg_with_gps())  # the commit (and so the task) has not happened yet
    assert not group.photo and group.photo_upload.name.startswith("groups/incoming/")
    assert Path(settings.PRIVATE_MEDIA_ROOT, group.photo_upload.name).exists()


def test_the_task_stores_the_photo_scaled_down_and_without_its_exif(registered):
    group = registered(jpeg_with_gps())
    assert not group.photo_upload, "the upload as received is gone"
    with Image.open(group.photo.path) as stored:
        assert stored.format == "JPEG" and stored.size == (1600, 800)
        assert not stored.getexif()


def test_a_png_logo_keeps_its_transparency(registered):
    group = registered(encoded(Image.new("RGBA", (40, 30), (0, 0, 0, 0))), filename="logo.png")
    with Image.open(group.photo.path) as stored:
        assert stored.format == "PNG" and stored.mode == "RGBA" and stored.getpixel((5, 5))[3] == 0


# Names and who may see the photo


def test_the_photo_name_cannot_be_derived_from_the_group_or_the_upload(registered):
    first = registered(jpeg_with_gps(), name="Buurtpreventie Proefhof")
    second = registered(jpeg_with_gps(), name="Buurtpreventie Proefhof")
    for group in (first, second):
        stem = Path(group.photo.name).stem
        assert group.slug not in group.photo.name and "IMG_0001" not in group.photo.name
        assert "groep" not in stem and len(stem) >= 24, "a random name of 18 bytes"
    assert first.photo.name != second.photo.name


def test_the_photo_of_a_pending_group_is_not_served(client, registered):
    group = registered(jpeg_with_gps())
    assert client.get(group.photo_url).status_code == 404
    assert client.get(settings.MEDIA_URL + group.photo.name).status_code == 404
    assert client.get(group.get_absolute_url()).status_code == 404


def test_the_photo_is_served_once_the_group_is_approved(client, registered):
    group = registered(jpeg_with_gps())
    services.group_approve(group=group, notify=False)
    response = client.get(group.photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (1600, 800)
    assert f'src="{group.photo_url}"' in client.get(group.get_absolute_url()).content.decode()


def test_municipal_staff_see_the_photo_of_a_group_they_review(client, registered, town):
    group = registered(jpeg_with_gps())
    staff = UserFactory(first_name="Gerda")
    make_role(staff, RoleKind.MUNICIPAL, town.gemeente)
    login_with_second_factor(client, staff)
    assert client.get(group.photo_url).status_code == 200
    client.force_login(UserFactory(first_name="Bram"))
    assert client.get(group.photo_url).status_code == 404


def test_the_migration_moves_photos_stored_publicly_to_private_random_names(town, settings, tmp_path):
    import importlib

    from django.apps import apps

    from tests.factories import GroupFactory

    migration = importlib.import_module("buurtwacht.groups.migrations.0002_private_random_photo_names")
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "groups").mkdir()
    (tmp_path / "groups" / "groep.jpg").write_bytes(jpeg_with_gps((20, 10)))
    group = GroupFactory()
    Group.objects.filter(pk=group.pk).update(photo="groups/groep.jpg")

    migration.move_photos_out_of_public_media(apps, None)

    group.refresh_from_db()
    assert group.photo.name.startswith("groups/") and "groep" not in group.photo.name
    assert Path(group.photo.path).read_bytes() == jpeg_with_gps((20, 10))
    assert not (tmp_path / "groups" / "groep.jpg").exists()
