"""The push part of bench/area_alert.py: one police area alert and one members' alert to the same people, each
sent through its service, with the push deliveries they create and queue timed, and (with workers) the time until
the last one was handed to the push service.

Both services run as the console or the API would run them, in this process: police.services.message_send (its
selection is timed apart: police.reach.residents_inside) and alerts.services.alert_create (its selection:
groups' members_of). The push deliveries are queued on Huey in BUURTWACHT_DATA_DIR (SQLite) for `buurtwacht
worker` processes; every resident inside has one push subscription to the lean local push service.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from bench.area_data import CENTRE, GEMEENTE_CODE, RADIUS_M, REFERENCE_SLUG, ROOT
from bench.push import received, start_push_service

WARM_UP = 20
WARM_UP_SLUG = "bench-opwarmen"
WARM_UP_FIELDS = (
    "gemeente",
    "area",
    "min_lon",
    "min_lat",
    "max_lon",
    "max_lat",
    "status",
    "contact_name",
    "contact_email",
)


class PushRun:
    def __init__(self, ids: list[int], *, env: dict) -> None:
        self.ids = ids
        self.env = env
        self.push_service = None
        self.origin = ""
        self.workers: list[subprocess.Popen] = []

    # set-up and tear-down ------------------------------------------------------------------------------------------

    def prepare(self) -> None:
        """Leftovers of an earlier run out; the push service up; one subscription per resident inside."""
        from buurtwacht.delivery.models import PushSubscription
        from tests.delivery.pushserver import PushServer

        self.cleanup()
        self.push_service, self.origin = start_push_service()
        browser = PushServer().subscribe()  # real keys; the lean service does not decrypt
        PushSubscription.objects.all().delete()
        PushSubscription.objects.bulk_create(
            (
                PushSubscription(
                    user_id=pk, endpoint=f"{self.origin}/push/{pk}", p256dh=browser.p256dh, auth=browser.auth
                )
                for pk in self.ids
            ),
            batch_size=5000,
        )

    def cleanup(self) -> None:
        from buurtwacht.alerts.models import Alert
        from buurtwacht.delivery.models import Event
        from buurtwacht.groups.models import Group
        from buurtwacht.police.models import PoliceMessage

        PoliceMessage.objects.all().delete()
        Alert.objects.all().delete()
        Event.objects.all().delete()
        Group.objects.filter(slug=WARM_UP_SLUG).delete()

    def start_workers(self) -> None:
        command = [sys.executable, "-m", "buurtwacht.cli", "worker", "-k", "process", "-w", "2"]
        env = {**os.environ, **self.env}
        self.workers.append(subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL))  # noqa: S603

    def warm_up(self) -> None:
        """A small area alert (100 m) and a members' alert to a group of a few of the same people: the services'
        first calls (templates, indexes) and the workers' start are behind us before the clock starts."""
        from buurtwacht.delivery.models import Channel, Delivery
        from buurtwacht.groups.models import Group, Membership

        reference = Group.objects.get(slug=REFERENCE_SLUG)
        group = Group.objects.create(
            name="Buurtpreventie Opwarmen",
            slug=WARM_UP_SLUG,
            **{f: getattr(reference, f) for f in WARM_UP_FIELDS},
        )
        Membership.objects.bulk_create(
            [
                Membership(group=group, user_id=pk, role="admin" if n == 0 else "member")
                for n, pk in enumerate(self.ids[:WARM_UP])
            ]
        )
        events = [self._police_send(radius_m=100)]
        events.append(self._members_send(group))
        if self.workers:
            for event_id in events:
                expected = Delivery.objects.filter(event_id=event_id, channel=Channel.PUSH).count()
                self._wait_sent(event_id, expected, timeout=120)

    def stop(self) -> None:
        for worker in self.workers:
            worker.terminate()
        for worker in self.workers:
            worker.wait()
        if self.push_service is not None:
            self.push_service.terminate()
            self.push_service.wait()
        from huey.contrib.djhuey import HUEY

        HUEY.storage.flush_all()
        self.cleanup()

    # the two sends -------------------------------------------------------------------------------------------------

    def _police_send(self, *, radius_m: int) -> int:
        from buurtwacht.alerts.rules import Place
        from buurtwacht.geo.models import Gemeente
        from buurtwacht.police import services
        from buurtwacht.police.permissions import Sender
        from buurtwacht.police.rules import MessageInput

        gemeente = Gemeente.objects.get(code=GEMEENTE_CODE)
        sender = Sender(name="Meldkamer Bench", gemeente_ids=frozenset({gemeente.pk}))
        data = MessageInput(
            kind="area_alert",
            incident="straatroof",
            place=Place(lon=CENTRE[0], lat=CENTRE[1]),
            radius_m=radius_m,
            description="Verdachte vluchtte te voet richting het station.",
            person={"sex": "man", "age": "18_30", "clothing": "zwarte jas, rode pet"},
        )
        return services.message_send(sender=sender, data=data).event_id

    def _members_send(self, group) -> int:
        from buurtwacht.alerts import services
        from buurtwacht.alerts.models import AlertKind, PoliceCall
        from buurtwacht.alerts.rules import AlertInput, Place
        from buurtwacht.delivery.models import Event
        from buurtwacht.groups.models import MemberRole

        author = group.memberships.get(role=MemberRole.ADMIN).user
        data = AlertInput(
            kind=AlertKind.SUSPICIOUS,
            police_call=PoliceCall.CALLED_112,
            place=Place(lon=CENTRE[0], lat=CENTRE[1]),
            description="Twee personen lopen langs de achterkant van de huizen en schijnen in de tuinen.",
        )
        alert = services.alert_create(group=group, author=author, data=data)
        return Event.objects.filter(topic=f"alert:{alert.pk}").order_by("pk").values_list("pk", flat=True)[0]

    def area_alert(self) -> dict:
        from buurtwacht.police import reach

        return self._measure(reach, "residents_inside", lambda: self._police_send(radius_m=RADIUS_M))

    def members_alert(self) -> dict:
        from buurtwacht.alerts import services
        from buurtwacht.alerts.models import Alert
        from buurtwacht.groups.models import Group

        group = Group.objects.get(slug=REFERENCE_SLUG)
        try:
            return self._measure(services, "members_of", lambda: self._members_send(group))
        finally:
            Alert.objects.all().delete()  # the rate limit counts the author's alerts: the next run may post again

    def _measure(self, selection_module, selection_name: str, send) -> dict:
        """Send, with the selection and the hand-off (outbound.deliveries_queue) timed inside the service; then,
        with workers, wait until every push delivery of the event was sent."""
        from buurtwacht.delivery import outbound
        from buurtwacht.delivery.models import Channel, Delivery

        figures = {"select_ms": 0.0, "queue_ms": 0.0}
        real_queue, real_select = outbound.deliveries_queue, getattr(selection_module, selection_name)

        def select(*args, **kwargs):
            started = time.perf_counter()
            try:
                return real_select(*args, **kwargs)
            finally:
                figures["select_ms"] += (time.perf_counter() - started) * 1000

        def queue(**kwargs):
            started = time.perf_counter()
            try:
                return real_queue(**kwargs)
            finally:
                figures["queue_ms"] += (time.perf_counter() - started) * 1000

        outbound.deliveries_queue, selection = queue, select
        setattr(selection_module, selection_name, selection)
        before = received(self.origin)
        started = time.perf_counter()
        try:
            event_id = send()
        finally:
            outbound.deliveries_queue = real_queue
            setattr(selection_module, selection_name, real_select)
        figures["send_ms"] = (time.perf_counter() - started) * 1000 - figures["queue_ms"]
        figures["queued"] = Delivery.objects.filter(event_id=event_id, channel=Channel.PUSH).count()
        figures["sent"], figures["sent_s"] = 0, float("nan")
        if self.workers:
            self._wait_sent(event_id, figures["queued"], timeout=600)
            figures["sent_s"] = time.perf_counter() - started
            figures["sent"] = received(self.origin) - before
        return figures

    def _wait_sent(self, event_id: int, expected: int, *, timeout: float) -> None:
        from buurtwacht.delivery.models import Channel, Delivery, DeliveryStatus

        deadline = time.monotonic() + timeout
        while True:
            done = Delivery.objects.filter(
                event_id=event_id, channel=Channel.PUSH, status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED]
            ).count()
            if done >= expected:
                return
            if time.monotonic() > deadline or any(w.poll() is not None for w in self.workers):
                sys.exit(f"bench: the workers sent {done:,} of {expected:,} in time")
            time.sleep(0.2)
