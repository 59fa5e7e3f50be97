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

from bench.area_data import CENTRE, RADIUS_M, REFERENCE_SLUG, ROOT
from bench.push import received, start_push_service

WARM_UP = 50


class PushRun:
    def __init__(self, ids: list[int], *, env: dict) -> None:
        self.ids = ids
        self.env = env
        self.push_service = None
        self.origin = ""
        self.workers: list[subprocess.Popen] = []
        self.events: list[int] = []

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
        from buurtwacht.police.models import PoliceMessage

        PoliceMessage.objects.all().delete()
        Alert.objects.all().delete()
        Event.objects.all().delete()

    def start_workers(self) -> None:
        command = [sys.executable, "-m", "buurtwacht.cli", "worker", "-k", "process", "-w", "2"]
        env = {**os.environ, **self.env}
        self.workers.append(subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL))  # noqa: S603
        self._warm_up()

    def _warm_up(self) -> None:
        """A small event through the workers: they are up and connected before the clock starts."""
        from buurtwacht.delivery import outbound
        from buurtwacht.delivery.audiences import people
        from buurtwacht.delivery.services import event_publish
        from tests.delivery.conftest import alert_payload

        audience = people(self.ids[:WARM_UP])
        event = event_publish(kind="alert", audience=audience, payload=alert_payload(1), topic="bench:warm-up")
        self.events.append(event.pk)
        outbound.deliveries_queue(event=event, user_ids=audience.user_ids)
        self._wait_sent(event.pk, WARM_UP, timeout=120)

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

    def area_alert(self) -> dict:
        from buurtwacht.alerts.rules import Place
        from buurtwacht.geo.models import Gemeente
        from buurtwacht.police import reach, services
        from buurtwacht.police.permissions import Sender
        from buurtwacht.police.rules import MessageInput

        gemeente = Gemeente.objects.get(code="GM9997")
        sender = Sender(name="Meldkamer Bench", gemeente_ids=frozenset({gemeente.pk}))
        data = MessageInput(
            kind="area_alert",
            incident="straatroof",
            place=Place(lon=CENTRE[0], lat=CENTRE[1]),
            radius_m=RADIUS_M,
            description="Verdachte vluchtte te voet richting het station.",
            person={"sex": "man", "age": "18_30", "clothing": "zwarte jas, rode pet"},
        )
        return self._measure(
            reach, "residents_inside", lambda: services.message_send(sender=sender, data=data).event_id
        )

    def members_alert(self) -> dict:
        from buurtwacht.alerts import services
        from buurtwacht.alerts.models import Alert, AlertKind, PoliceCall
        from buurtwacht.alerts.rules import AlertInput, Place
        from buurtwacht.delivery.models import Event
        from buurtwacht.groups.models import Group, MemberRole

        group = Group.objects.get(slug=REFERENCE_SLUG)
        author = group.memberships.get(role=MemberRole.ADMIN).user
        data = AlertInput(
            kind=AlertKind.SUSPICIOUS,
            police_call=PoliceCall.CALLED_112,
            place=Place(lon=CENTRE[0], lat=CENTRE[1]),
            description="Twee personen lopen langs de achterkant van de huizen en schijnen in de tuinen.",
        )

        def send() -> int:
            alert = services.alert_create(group=group, author=author, data=data)
            return Event.objects.filter(topic=f"alert:{alert.pk}").order_by("pk").values_list("pk", flat=True)[0]

        try:
            return self._measure(services, "members_of", send)
        finally:
            Alert.objects.all().delete()  # the rate limit is per author: the next round may post again

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
        self.events.append(event_id)
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
