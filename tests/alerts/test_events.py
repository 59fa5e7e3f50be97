"""How times read in alert cards, push messages and mail: the clock today, with the date otherwise."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from buurtwacht.alerts.events import clock


def test_today_only_the_time():
    moment = timezone.localtime().replace(hour=21, minute=4)
    assert clock(moment) == "21:04"


def test_another_day_with_the_short_month_as_each_language_writes_it():
    moment = timezone.make_aware(dt.datetime(2025, 11, 3, 21, 4))
    with translation.override("nl"):
        assert clock(moment) == "3 nov 21:04"
    with translation.override("en"):
        assert clock(moment) == "3 Nov 21:04"
