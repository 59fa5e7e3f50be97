"""Retention: photos expire, old alerts lose their personal parts, the event log is trimmed. Time comes in as `now`."""

import datetime as dt
import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from buurtwacht.alerts import retention
from buurtwacht.alerts.models import Alert, AlertPhoto, AlertStatus, Notice, Outcome, Reaction, ReactionKind
from buurtwacht.alerts.retention import alerts_anonymise, events_expire, notices_expire, photos_expire
from buurtwacht.alerts.tasks import retention_run
from buurtwacht.delivery.models import Channel, Delivery, Event
from tests.factories import UserFactory, group_event, make_member

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(days: float) -> dt.datetime:
    return NOW - dt.timedelta(days=days)


def jpeg(name: str) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name=name)


def add_photo(alert, *, created_at) -> AlertPhoto:
    photo = AlertPhoto.objects.create(alert=alert, image=jpeg("groot.jpg"), thumbnail=jpeg("klein.jpg"))
    AlertPhoto.objects.filter(pk=photo.pk).update(created_at=created_at)
    return photo


def files_exist(photo) -> bool:
    storage = photo.image.storage
    return storage.exists(photo.image.name) or storage.exists(photo.thumbnail.name)


def add_event(alert, *, created_at, user=None) -> Event:
    payload = {"message": {"nl": {"text": alert.description}}}
    event = group_event(alert.group, kind="alert", topic=f"alert:{alert.pk}", payload=payload)
    Event.objects.filter(pk=event.pk).update(created_at=created_at)
    if user is not None:
        Delivery.objects.create(event=event, user=user, channel=Channel.PUSH)
    return event


# --- photos ------------------------------------------------------------------------------------------------


def test_photos_older_than_the_setting_are_deleted_with_their_files(make_alert, settings):
    settings.ALERT_PHOTO_DAYS = 7
    alert = make_alert()
    old, fresh = add_photo(alert, created_at=days_ago(7.1)), add_photo(alert, created_at=days_ago(6.9))
    assert files_exist(old)

    assert photos_expire(now=NOW) == 1
    assert list(AlertPhoto.objects.all()) == [fresh]
    assert not files_exist(old) and files_exist(fresh)
    assert photos_expire(now=NOW) == 0


def test_a_photo_whose_file_is_already_gone_is_still_deleted(make_alert):
    photo = add_photo(make_alert(), created_at=days_ago(30))
    photo.image.storage.delete(photo.image.name)
    photo.thumbnail.storage.delete(photo.thumbnail.name)
    assert photos_expire(now=NOW) == 1
    assert not AlertPhoto.objects.exists()


def test_photos_expire_in_batches(make_alert, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 2)
    alert = make_alert()
    photos = [add_photo(alert, created_at=days_ago(10)) for _ in range(5)]
    assert photos_expire(now=NOW) == 5
    assert not AlertPhoto.objects.exists() and not any(files_exist(p) for p in photos)


def test_the_photo_setting_is_read_at_run_time(make_alert, settings):
    add_photo(make_alert(), created_at=days_ago(3))
    settings.ALERT_PHOTO_DAYS = 7
    assert photos_expire(now=NOW) == 0
    settings.ALERT_PHOTO_DAYS = 2
    assert photos_expire(now=NOW) == 1


# --- anonymising alerts ------------------------------------------------------------------------------------


def test_an_old_alert_keeps_what_statistics_need_and_loses_who_and_what(make_alert, alert_group, alert_author):
    carla = make_member(alert_group, UserFactory(first_name="Carla"))
    alert = make_alert(
        created_at=days_ago(91),
        closed_by=carla,
        status=AlertStatus.CLOSED,
        outcome=Outcome.GONE,
        outcome_text="Hij reed weg in een rode Golf.",
        closed_at=days_ago(90.9),
    )
    reaction = Reaction.objects.create(alert=alert, author=carla, kind=ReactionKind.ADDITION, text="Ik zag hem ook")
    photo = add_photo(alert, created_at=days_ago(91))
    event = add_event(alert, created_at=days_ago(91), user=carla)

    assert alerts_anonymise(now=NOW) == 1

    alert.refresh_from_db()
    assert alert.anonymised_at == NOW
    assert alert.author is None and alert.called_112_by is None and alert.closed_by is None
    assert alert.description == alert.location_text == alert.outcome_text == ""
    assert alert.person == {} and alert.vehicle == {}
    assert (alert.lat, alert.lon) == (52.005, 5.005)
    # kept for the statistics
    assert alert.kind == "inbraak" and alert.group == alert_group and alert.outcome == Outcome.GONE
    assert alert.called_112_at is not None and alert.status == AlertStatus.CLOSED
    reaction.refresh_from_db()
    assert reaction.author is None and reaction.text == "" and reaction.kind == ReactionKind.ADDITION
    assert not AlertPhoto.objects.exists() and not files_exist(photo)
    assert not Event.objects.filter(pk=event.pk).exists() and not Delivery.objects.exists()
    # the people themselves stay
    assert alert_author.__class__.objects.filter(pk__in=[alert_author.pk, carla.pk]).count() == 2


def test_a_recent_alert_is_left_alone(make_alert, settings):
    settings.ALERT_ANONYMISE_DAYS = 90
    alert = make_alert(created_at=days_ago(89))
    assert alerts_anonymise(now=NOW) == 0
    alert.refresh_from_db()
    assert alert.anonymised_at is None and alert.author is not None and alert.description


def test_anonymising_twice_changes_nothing_the_second_time(make_alert):
    alert = make_alert(created_at=days_ago(100))
    assert alerts_anonymise(now=NOW) == 1
    later = NOW + dt.timedelta(days=1)
    assert alerts_anonymise(now=later) == 0
    alert.refresh_from_db()
    assert alert.anonymised_at == NOW


def test_alerts_are_anonymised_in_batches(make_alert, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 2)
    for _ in range(5):
        make_alert(created_at=days_ago(120))
    make_alert(created_at=days_ago(1))
    assert alerts_anonymise(now=NOW) == 5
    assert Alert.objects.filter(anonymised_at__isnull=True).count() == 1
    assert Alert.objects.filter(anonymised_at__isnull=False, description="").count() == 5


# --- the event log -----------------------------------------------------------------------------------------


def test_events_older_than_the_setting_are_deleted_with_their_deliveries(make_alert, alert_author, settings):
    settings.EVENT_LOG_DAYS = 7
    alert = make_alert()
    old = add_event(alert, created_at=days_ago(8), user=alert_author)
    fresh = add_event(alert, created_at=days_ago(6), user=alert_author)
    assert events_expire(now=NOW) == 1
    assert list(Event.objects.all()) == [fresh]
    assert list(Delivery.objects.values_list("event_id", flat=True)) == [fresh.pk]
    assert not Event.objects.filter(pk=old.pk).exists()
    assert Alert.objects.filter(pk=alert.pk).exists()


def test_events_expire_in_batches(make_alert, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 2)
    alert = make_alert()
    for _ in range(5):
        add_event(alert, created_at=days_ago(30))
    assert events_expire(now=NOW) == 5 and not Event.objects.exists()


# --- the periodic task -------------------------------------------------------------------------------------


def add_notice(group, *, created_at) -> Notice:
    notice = Notice.objects.create(group=group, text="Vergadering dinsdag")
    Notice.objects.filter(pk=notice.pk).update(created_at=created_at)
    return notice


def test_notices_older_than_the_anonymise_setting_are_deleted_with_their_events(alert_group, settings):
    settings.ALERT_ANONYMISE_DAYS = 30
    old, recent = add_notice(alert_group, created_at=days_ago(31)), add_notice(alert_group, created_at=days_ago(29))
    event = group_event(alert_group, kind="notice", topic=f"notice:{old.pk}", payload={})
    assert notices_expire(now=NOW) == 1
    assert list(Notice.objects.all()) == [recent]
    assert not Event.objects.filter(pk=event.pk).exists()
    assert notices_expire(now=NOW) == 0


def test_the_periodic_task_runs_all_four_and_logs_the_counts(make_alert, alert_group, caplog):
    old = make_alert(created_at=timezone.now() - dt.timedelta(days=200))
    add_notice(alert_group, created_at=timezone.now() - dt.timedelta(days=200))
    add_photo(make_alert(), created_at=timezone.now() - dt.timedelta(days=10))
    add_event(make_alert(), created_at=timezone.now() - dt.timedelta(days=10))
    with caplog.at_level(logging.INFO, logger="buurtwacht.alerts.tasks"):
        counts = retention_run.call_local()
    assert counts == {"photos_deleted": 1, "alerts_anonymised": 1, "notices_deleted": 1, "events_deleted": 1}
    assert "1 photos deleted, 1 alerts anonymised, 1 notices deleted, 1 events deleted" in caplog.text
    old.refresh_from_db()
    assert old.anonymised_at is not None


def test_the_task_is_scheduled_every_hour():
    from huey.contrib.djhuey import HUEY

    def due(hour, minute):
        return retention_run.s().name in {
            task.name for task in HUEY.read_periodic(dt.datetime(2026, 1, 1, hour, minute))
        }

    assert due(3, 7) and due(15, 7)
    assert not due(3, 8) and not due(3, 0)
