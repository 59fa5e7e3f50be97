"""Outbound delivery: who gets a push message or an e-mail about an event, and the state of each `Delivery`.

The states live here, and only here:

    queued ──claim──> sending ──sent──> sent ──(the member opens the alert)──> seen
                         ├──retry──> queued again, next_attempt_at = now + back-off with jitter (task scheduled)
                         └──fail───> failed (a permanent error, or DELIVERY_MAX_ATTEMPTS reached)

1. A claim is a conditional UPDATE of rows locked for it (SKIP LOCKED on PostgreSQL; SQLite's IMMEDIATE
   transactions let one writer at a time), so two workers never claim one row. Claimable: queued and due, or
   sending whose claim is older than DELIVERY_LEASE_SECONDS (its worker died). Each claim adds an attempt.
2. The claim time is the claim's token: retry and fail are written only while the row still holds that claim.
   `sent` is always written (unless already seen): a delivery marked sent is never sent again.
3. A worker killed mid-batch leaves rows `sending`; Huey drops the task it was running. `deliveries_recover`
   (every minute, and when a worker starts) queues them again once their lease has passed, and queued rows whose
   task was lost. Delivery is therefore at least once; a message sent twice carries the same tag (push: the
   notification is replaced) or Message-ID (e-mail), so members do not see it twice.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.constants import OnConflict
from django.utils import timezone

from buurtwacht.delivery.audiences import audience_allowed
from buurtwacht.delivery.models import (
    AlertMail,
    Channel,
    Delivery,
    DeliveryStatus,
    Event,
    EventRecipient,
    PushSubscription,
    WhatsAppNumber,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 200  # delivery ids per task
BACKOFF_BASE_SECONDS = 15
BACKOFF_MAX_SECONDS = 60 * 60
STALE_AFTER = timedelta(hours=12)  # an alert nobody could deliver in 12 hours is not worth sending any more
# Mail a service sends (a verification link, a join request, a decision) is still worth sending a day later: a mail
# server that is down delays it, never loses it. With the back-off capped at an hour, 30 attempts span about a day.
MAIL_KIND = "mail"
MAIL_MAX_ATTEMPTS = 30
MAIL_STALE_AFTER = timedelta(hours=48)


def max_attempts(kind: str) -> int:
    if kind == MAIL_KIND:
        return max(MAIL_MAX_ATTEMPTS, settings.DELIVERY_MAX_ATTEMPTS)
    return settings.DELIVERY_MAX_ATTEMPTS


def _out_of_attempts() -> Q:
    """Rows that have had all their attempts: alert deliveries DELIVERY_MAX_ATTEMPTS, service mail more."""
    return (~Q(event__kind=MAIL_KIND) & Q(attempts__gte=settings.DELIVERY_MAX_ATTEMPTS)) | (
        Q(event__kind=MAIL_KIND) & Q(attempts__gte=max_attempts(MAIL_KIND))
    )


_CHUNK = 2000  # ids per IN (...) query


@dataclass(slots=True)
class Member:
    """What sending needs of a recipient (core.mail.recipient() takes it like a user)."""

    pk: int | None  # None: a bare e-mail address (Delivery.address)
    email: str
    first_name: str
    language: str
    email_verified_at: datetime | None


@dataclass(slots=True)
class Claim:
    """A delivery this worker claimed: read as plain values, since building model instances for every row of a
    batch would cost more than the claim itself."""

    pk: int
    event_id: int
    user_id: int | None
    channel: str
    attempts: int
    claimed_at: datetime
    user: Member
    event: Event
    error: str = ""


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Queueing ---------------------------------------------------------------------------------------------------


def deliveries_queue(
    *, event: Event, user_ids: Iterable[int], channels: Mapping[str, Collection[int]] | None = None
) -> int:
    """Create the push and e-mail deliveries of `event` for `user_ids` and queue their tasks; call it after the
    event's transaction committed (the tasks may run at once). Push for members with a push subscription; e-mail
    when they chose "always", or "without push" and have no subscription; never for "never". A service that chose
    the channels itself passes `channels` ({"push": ids, "email": ids}: a resident's choice for police area
    alerts, every channel an admin has for a police dispatch); then push goes to those of "push" with a
    subscription, e-mail to those of "email" with a confirmed address, and WhatsApp (when configured) to those of
    "whatsapp" with a confirmed WhatsApp number. Calling it again for the same people
    creates nothing new. Returns the number of deliveries queued (none for an event without a message to show)."""
    user_ids = sorted(set(user_ids))
    if not user_ids or not (event.payload or {}).get("message"):
        return 0
    rows: list[tuple[int, str]] = []
    whatsapp_ids = set((channels or {}).get("whatsapp", ())) if _whatsapp_on() else set()
    for chunk in _chunks(user_ids, _CHUNK):
        with_whatsapp = set()
        if whatsapp_ids:
            with_whatsapp = set(
                WhatsAppNumber.objects.filter(
                    user_id__in=[pk for pk in chunk if pk in whatsapp_ids], confirmed_at__isnull=False
                ).values_list("user_id", flat=True)
            )
        with_push = set(PushSubscription.objects.filter(user_id__in=chunk).values_list("user_id", flat=True))
        people = (
            get_user_model()
            .objects.filter(pk__in=chunk, is_active=True)
            .values_list("pk", "alert_mail", "email", "email_verified_at")
        )
        for pk, alert_mail, address, verified_at in people:
            if pk in with_push and (channels is None or pk in channels.get("push", ())):
                rows.append((pk, Channel.PUSH))
            if channels is not None:
                wants_mail = pk in channels.get("email", ())
            else:
                without_push = alert_mail == AlertMail.WITHOUT_PUSH and pk not in with_push
                wants_mail = alert_mail == AlertMail.ALWAYS or without_push
            if wants_mail and address and verified_at:
                rows.append((pk, Channel.EMAIL))
            if pk in with_whatsapp:
                rows.append((pk, Channel.WHATSAPP))
    _deliveries_insert(event.pk, rows)
    queued = 0
    for channel in (Channel.PUSH, Channel.EMAIL, Channel.WHATSAPP):  # push first: it is the faster way to wake someone
        ids: list[int] = []
        for chunk in _chunks(user_ids, _CHUNK):
            ids += Delivery.objects.filter(
                event=event, user_id__in=chunk, channel=channel, status=DeliveryStatus.QUEUED, attempts=0
            ).values_list("pk", flat=True)
        deliveries_enqueue(ids=sorted(ids))
        queued += len(ids)
    return queued


def _whatsapp_on() -> bool:
    return bool(settings.WHATSAPP_PHONE_NUMBER_ID and settings.WHATSAPP_TOKEN and settings.WHATSAPP_TEMPLATE)


def _deliveries_insert(event_id: int, rows: list[tuple[int, str]]) -> None:
    """Queued deliveries of one event, (user id, channel) each, written as plain rows with executemany in one
    transaction rather than with bulk_create: for the 50,000 residents of a police area alert the ORM's model
    instances held the hand-off to ~6,000 deliveries/s, plain rows to several times that (bench/area_alert.py).
    The unique constraint (event, user, channel) turns rows that exist already, a second call, into no-ops."""
    if not rows:
        return
    ops = connection.ops
    created_at = Delivery._meta.get_field("created_at").get_db_prep_save(timezone.now(), connection)
    columns = ", ".join(ops.quote_name(c) for c in ("event_id", "user_id", "address", "channel", "status",
                                                      "attempts", "error", "created_at", "external_id",
                                                      "external_status"))  # fmt: skip
    sql = (
        f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {ops.quote_name(Delivery._meta.db_table)} "
        f"({columns}) VALUES (%s, %s, '', %s, %s, 0, '', %s, '', '')"
        f"{ops.on_conflict_suffix_sql([], OnConflict.IGNORE, [], [])}"
    )
    queued = DeliveryStatus.QUEUED.value
    with transaction.atomic(), connection.cursor() as cursor:
        for chunk in _chunks(rows, 5000):
            cursor.executemany(sql, [(event_id, pk, channel.value, queued, created_at) for pk, channel in chunk])


def inbox_deliver(*, event: Event, user_ids: Iterable[int]) -> None:
    """In-app messages: a delivery on the inbox channel per active person, sent the moment it exists (the message
    is in their inbox), and their receipt says so."""
    now = timezone.now()
    active = list(get_user_model().objects.filter(pk__in=list(user_ids), is_active=True).values_list("pk", flat=True))
    Delivery.objects.bulk_create(
        [
            Delivery(event=event, user_id=pk, channel=Channel.INBOX, status=DeliveryStatus.SENT, sent_at=now)
            for pk in active
        ],
        ignore_conflicts=True,
    )
    EventRecipient.objects.filter(event=event, user_id__in=active).update(delivered_at=now)


def deliveries_enqueue(*, ids: list[int], delay: float | None = None, only: dict | None = None) -> None:
    """Queue the send task for `ids` in batches; with `delay` (seconds) it runs that much later."""
    from buurtwacht.delivery.tasks import deliveries_send

    for batch in _chunks(list(ids), BATCH_SIZE):
        batch_only = {pk: only[pk] for pk in batch if pk in only} if only else None
        if delay:
            deliveries_send.schedule(args=(batch, batch_only), delay=delay)
        else:
            deliveries_send(batch, batch_only)


# --- Claiming and outcomes --------------------------------------------------------------------------------------


def _claimable(now) -> Q:
    lease = now - timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    due = Q(status=DeliveryStatus.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    abandoned = Q(status=DeliveryStatus.SENDING, claimed_at__lt=lease) & ~_out_of_attempts()
    return due | abandoned


def deliveries_claim(*, ids: Iterable[int]) -> list[Claim]:
    """Claim the claimable ones among `ids` for this worker: they become `sending` with one more attempt.
    Returns them with their member and event (and the event's group)."""
    ids = list(ids)
    if not ids:
        return []
    now = timezone.now()
    with transaction.atomic():
        rows = Delivery.objects.filter(pk__in=ids).filter(_claimable(now))
        if connection.features.has_select_for_update_skip_locked:
            # Lock the deliveries only: the claim filter joins their events, which other workers claim from too.
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        claimed = list(rows.values_list("pk", flat=True))
        if claimed:
            Delivery.objects.filter(pk__in=claimed).filter(_claimable(now)).update(
                status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now
            )
    if not claimed:
        return []
    rows = Delivery.objects.filter(pk__in=claimed, claimed_at=now).values_list(
        "pk", "event_id", "user_id", "channel", "attempts", "claimed_at", "address",
        "user__email", "user__first_name", "user__language", "user__email_verified_at",
    )  # fmt: skip
    rows = list(rows)
    # One copy of each event (its payload holds the fragments in every language), not one per delivery.
    events = Event.objects.in_bulk({row[1] for row in rows})
    claims = []
    for pk, event_id, user_id, channel, attempts, claimed_at, address, *person in rows:
        if event_id not in events:  # an event removed meanwhile (retention) takes its deliveries with it
            continue
        if user_id is None:
            member = Member(None, address, "", settings.LANGUAGE_CODE, None)
        else:
            member = Member(user_id, *person)
            if address:  # a mail rendered for the address it had when it was queued
                member.email = address
        claims.append(Claim(pk, event_id, user_id, channel, attempts, claimed_at, member, events[event_id]))
    return _still_allowed(claims)


def _still_allowed(claims: list[Claim]) -> list[Claim]:
    """Only who may still receive the event gets it, asked of its audience (delivery.audiences): a member who
    left, was removed, became police or was deactivated after the event was queued (a retry may come hours later)
    is not sent it. A delivery to a bare address was addressed by the service itself and goes."""
    if not claims:
        return claims
    by_audience: dict[str, set[int]] = defaultdict(set)
    for claim in claims:
        if claim.user_id is not None:
            by_audience[claim.event.audience].add(claim.user_id)
    allowed = {name: audience_allowed(name, user_ids) for name, user_ids in by_audience.items()}

    def may(claim: Claim) -> bool:
        return claim.user_id is None or claim.user_id in allowed[claim.event.audience]

    gone = [claim for claim in claims if not may(claim)]
    if gone:
        deliveries_fail(deliveries=gone, error="no longer in the audience")
    return [claim for claim in claims if may(claim)]


def deliveries_sent(*, ids: Iterable[int]) -> int:
    """Record that these went out, and that their events reached those people (the receipt). Kept even when the
    claim has moved on: what was sent is never sent again."""
    ids = list(ids)
    if not ids:
        return 0
    now = timezone.now()
    changed = Delivery.objects.filter(
        pk__in=ids, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING, DeliveryStatus.FAILED]
    ).update(status=DeliveryStatus.SENT, sent_at=now, error="")
    pairs = Delivery.objects.filter(pk__in=ids, user__isnull=False).values_list("event_id", "user_id")
    by_event: dict[int, list[int]] = defaultdict(list)
    for event_id, user_id in pairs:
        by_event[event_id].append(user_id)
    for event_id, user_ids in by_event.items():
        EventRecipient.objects.filter(event_id=event_id, user_id__in=user_ids, delivered_at=None).update(
            delivered_at=now
        )
    return changed


def _by_claim(deliveries: Iterable[Claim]) -> dict:
    groups: dict = defaultdict(list)
    for delivery in deliveries:
        groups[(delivery.claimed_at, delivery.attempts)].append(delivery)
    return groups


def delivery_renew(delivery: Claim) -> bool:
    """Before sending one message of a slow batch (e-mail): renew this claim's lease, so that the batch may take
    longer than DELIVERY_LEASE_SECONDS. False when the claim is no longer this worker's (its lease passed and
    another worker took the row over, or the member has seen the alert meanwhile): then it must not be sent."""
    now = timezone.now()
    renewed = Delivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_at=delivery.claimed_at
    ).update(claimed_at=now)
    if renewed:
        delivery.claimed_at = now
    return bool(renewed)


def deliveries_fail(*, deliveries: Iterable[Claim], error: str) -> int:
    """Give up on these (a permanent error): failed, unless another claim took them meanwhile."""
    changed = 0
    for (claimed_at, _attempts), group in _by_claim(deliveries).items():
        changed += Delivery.objects.filter(
            pk__in=[d.pk for d in group], status=DeliveryStatus.SENDING, claimed_at=claimed_at
        ).update(status=DeliveryStatus.FAILED, error=error[:300])
    return changed


def backoff_seconds(attempts: int) -> float:
    """Wait before attempt `attempts + 1`: 15 s, 30 s, 1 min, 2 min ... at most an hour, times 0.5-1 (jitter, so
    that a push service that was down is not hit by every retry at the same moment)."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return ceiling * random.uniform(0.5, 1.0)


def deliveries_retry(
    *, deliveries: Iterable[Claim], error: str, retry_after: float | None = None, only: dict | None = None
) -> None:
    """A transient error: queue these again after a back-off (or the service's Retry-After, if longer), or fail
    them when they have had their attempts (DELIVERY_MAX_ATTEMPTS; service mail MAIL_MAX_ATTEMPTS). `only`
    (delivery id -> subscription ids) narrows the next attempt to the subscriptions that did not take it."""
    now = timezone.now()
    for (claimed_at, attempts), group in _by_claim(deliveries).items():
        ids = [d.pk for d in group]
        mine = Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENDING, claimed_at=claimed_at)
        if attempts >= min(max_attempts(d.event.kind) for d in group):
            mine.update(status=DeliveryStatus.FAILED, error=f"{error} (after {attempts} attempts)"[:300])
            continue
        delay = backoff_seconds(attempts)
        if retry_after is not None:
            delay = max(delay, min(retry_after, BACKOFF_MAX_SECONDS))
        if mine.update(status=DeliveryStatus.QUEUED, next_attempt_at=now + timedelta(seconds=delay), error=error[:300]):
            retried = list(
                Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.QUEUED).values_list("pk", flat=True)
            )
            transaction.on_commit(lambda r=retried, d=delay: deliveries_enqueue(ids=r, delay=d, only=only))


# --- Seen, and recovery -----------------------------------------------------------------------------------------


def deliveries_mark_seen(*, user, topic: str) -> int:
    """The person opened what the events of `topic` are about (an alert): those events are seen by them (the
    receipt) and their deliveries too (ones not yet sent are not sent any more). Returns how many deliveries
    changed."""
    now = timezone.now()
    mine = EventRecipient.objects.filter(user=user, event__topic=topic)
    mine.filter(seen_at=None).update(seen_at=now)
    mine.filter(delivered_at=None).update(delivered_at=now)
    return Delivery.objects.filter(
        user=user,
        event__topic=topic,
        status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING, DeliveryStatus.SENT],
    ).update(status=DeliveryStatus.SEEN, seen_at=now)


def deliveries_recover(*, startup: bool = False) -> int:
    """Queue again what lost its task: queued rows that are due and untouched for a lease, and sending rows whose
    lease has passed (their worker died). When a worker starts (`startup`), sending rows whose lease still runs
    get a task at the moment it ends. Rows older than 12 hours (service mail: 48), or out of attempts, fail.
    Returns the number of deliveries queued again."""
    now = timezone.now()
    lease = timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    open_rows = Delivery.objects.filter(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING])
    stale = (~Q(event__kind=MAIL_KIND) & Q(created_at__lt=now - STALE_AFTER)) | (
        Q(event__kind=MAIL_KIND) & Q(created_at__lt=now - MAIL_STALE_AFTER)
    )
    open_rows.filter(stale).update(status=DeliveryStatus.FAILED, error="expired")
    Delivery.objects.filter(_out_of_attempts(), status=DeliveryStatus.SENDING, claimed_at__lt=now - lease).update(
        status=DeliveryStatus.FAILED, error="worker stopped during the last attempt"
    )

    cutoff = now - lease
    lost_queued = Q(status=DeliveryStatus.QUEUED) & (
        Q(next_attempt_at__isnull=True, created_at__lt=cutoff) | Q(next_attempt_at__lt=cutoff)
    )
    abandoned = Q(status=DeliveryStatus.SENDING, claimed_at__lt=cutoff)
    ids = list(Delivery.objects.filter(lost_queued | abandoned).order_by("pk").values_list("pk", flat=True))
    deliveries_enqueue(ids=ids)
    if startup:
        running = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__gte=cutoff)
        by_end: dict = defaultdict(list)
        for pk, claimed_at in running.values_list("pk", "claimed_at"):
            by_end[claimed_at].append(pk)
        for claimed_at, group in by_end.items():
            delay = max(1.0, (claimed_at + lease - now).total_seconds() + 1)
            deliveries_enqueue(ids=group, delay=delay)
    if ids:
        logger.info("Queued %s deliveries again whose task was lost", len(ids))
    return len(ids)
