"""What goes when something is deleted: a deleted account's name leaves the live stream's replay; photo files
leave the disk with their rows, also when a whole group is deleted."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from buurtwacht.accounts.services import account_delete
from buurtwacht.alerts import services
from buurtwacht.alerts.models import Alert, AlertPhoto, ReactionKind
from buurtwacht.delivery.models import Event
from buurtwacht.delivery.services import client_data
from tests.alerts.neighbours import make_neighbours, post_alert
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)  # photo files go on commit


@pytest.fixture
def hood(town):
    return make_neighbours()


def test_a_deleted_account_is_not_named_in_replayed_events(hood):
    theirs = post_alert(hood.group, hood.bram)
    reacted = post_alert(hood.group, hood.carla, kind="vandalisme", police_call="niet_nodig")
    services.reaction_add(alert=reacted, author=hood.bram, kind=ReactionKind.SEE_TOO)
    notice = services.notice_post(group=hood.group, author=hood.anna, text="Bijeenkomst dinsdag")
    others = post_alert(hood.group, hood.carla, kind="jeugdoverlast", police_call="niet_nodig")
    assert any("Bram" in str(client_data(e)) for e in Event.objects.all())

    account_delete(user=hood.bram, password=PASSWORD)

    left = list(Event.objects.all())
    assert left and not any("Bram" in str(client_data(e)) for e in left)
    topics = {e.topic for e in left}
    assert f"alert:{others.pk}" in topics and f"notice:{notice.pk}" in topics
    assert Alert.objects.get(pk=theirs.pk).author is None  # the alert stays with the group


def jpeg(name: str) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name=name)


def test_deleting_a_group_deletes_its_photo_files(hood):
    alert = post_alert(hood.group, hood.bram)
    photo = AlertPhoto.objects.create(alert=alert, image=jpeg("groot.jpg"), thumbnail=jpeg("klein.jpg"))
    storage, names = photo.image.storage, [photo.image.name, photo.thumbnail.name]
    assert all(storage.exists(name) for name in names)

    hood.group.delete()

    assert not AlertPhoto.objects.exists()
    assert not any(storage.exists(name) for name in names)
