"""The one event-sourced application of a deployment: one log, one global position.

`commit()` is the single way commands are saved: it applies the Idempotency-Key, detects concurrent
writers, retries a command that carried no expected version (the command re-checks its rules against
the fresh state), and returns the log position the command produced so a read can wait for it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, LRUCache
from eventsourcing.persistence import IntegrityError

from application.audit.ordering import tolerated_in_a_read
from application.privacy.keyring import KeyRing
from application.privacy.personal_data import PersonalDataMapper
from domain.calendar_book import CALENDAR_BOOK_ID, CalendarBook
from domain.clock import TRAINING_CLOCK_ID, TrainingClock
from domain.deliberation.adoption import PROFILE_BOOK_ID, ProfileBook
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic
from domain.errors import (
    DomainError,
    InvalidValue,
    StaleVersion,
    UnknownPerson,
    UnknownRequest,
    UnknownTopic,
    unknown,
)
from domain.idempotency import CommandRecord, record_id_for
from domain.people import Person
from domain.registry import REGISTRY_ID, Registry
from domain.requests import Request
from domain.rolls import GroupRoll, roll_id_for

CONCURRENT_RETRIES = 3
CHUNK_EVENTS = 2000

# (recorder, originator id, originator version) -> that event's log position, if stored
Locate = Callable[[Any, UUID, int], int | None]


@dataclass(frozen=True)
class IdempotencyKey:
    actor_id: str
    key: str
    fingerprint: str


@dataclass
class Outcome:
    """What a command changed and the answer it gives (without the log position)."""

    aggregates: list[Any]
    response: dict[str, Any] = field(default_factory=dict)


A = TypeVar("A")


class Ledger(Application[UUID]):
    name = "ledger"
    env = {"AGGREGATE_CACHE_MAXSIZE": "5000", "IS_SNAPSHOTTING_ENABLED": "n"}

    def __init__(
        self,
        env: dict[str, str] | None = None,
        keyring: KeyRing | None = None,
        locate: Locate | None = None,
    ):
        self.keyring, self._locate = keyring, locate
        super().__init__(env)
        if keyring is not None:
            keyring.on_erasure(self.forget_personal)

    def construct_mapper(self) -> PersonalDataMapper:
        return PersonalDataMapper(self.construct_transcoder(), self.keyring)

    def forget_cached(self, keep: UUID | None = None) -> None:
        """Drop every cached aggregate but `keep` (if cached)."""
        cache = self.repository.cache
        if cache is not None:
            # The cache's declared type (a Cache) lacks the LRUCache's maxsize it has.
            maxsize = cache.maxsize  # type: ignore[attr-defined]
            fresh: LRUCache[UUID, Any] = LRUCache(maxsize=maxsize)
            with suppress(KeyError):  # not cached: nothing to keep
                if keep is not None:
                    fresh.put(keep, cache.get(keep))
            self.repository.cache = fresh

    def forget_personal(self) -> None:
        """After any process's erasure, drop what may hold the erased's decrypted data: all
        but the registry (codes, levels, names, parents), whose reload replays every unit's
        event: seconds at a city's size, in every process (bench/registry_scale.py)."""
        self.forget_cached(keep=REGISTRY_ID)

    def _get(self, aggregate_id: UUID, copy: bool) -> Any:
        if self.keyring is not None:
            self.keyring.refresh()
        self._forget_if_read_despite_damage(aggregate_id)
        return self.repository.get(aggregate_id, deepcopy_from_cache=copy)

    def _forget_if_read_despite_damage(self, aggregate_id: UUID) -> None:
        """A read may serve an aggregate whose events are out of order (marked, also when
        it comes from the cache); before a command loads it, drop the cache so the load
        is checked again (and refused)."""
        suspects = getattr(self.recorder, "suspects", None)
        if suspects is None or str(aggregate_id) not in suspects():
            return
        if tolerated_in_a_read(str(aggregate_id)):
            return
        suspects().discard(str(aggregate_id))
        self.forget_cached()

    # ---- loading ---------------------------------------------------------
    def registry(self, *, for_update: bool = False) -> Registry:
        return self._singleton(Registry, REGISTRY_ID, for_update)

    def group_roll(self, group: str) -> GroupRoll:
        """Who lives in the group now (a new, empty roll if nobody ever did)."""
        try:
            roll: GroupRoll = self._get(roll_id_for(group), copy=True)
        except AggregateNotFoundError:
            return GroupRoll(group=group)
        return roll

    def calendar_book(self, *, for_update: bool = False) -> CalendarBook:
        return self._singleton(CalendarBook, CALENDAR_BOOK_ID, for_update)

    def training_clock(self, *, for_update: bool = False) -> TrainingClock:
        return self._singleton(TrainingClock, TRAINING_CLOCK_ID, for_update)

    def profile_book(self, *, for_update: bool = False) -> ProfileBook:
        return self._singleton(ProfileBook, PROFILE_BOOK_ID, for_update)

    def topic(self, topic_id: UUID | str, expected_version: int | None = None) -> Topic:
        return self.load(Topic, topic_id, UnknownTopic, expected_version)

    def sitting(
        self, sitting_id: UUID | str, expected_version: int | None = None
    ) -> Sitting:
        return self.load(Sitting, sitting_id, UnknownTopic, expected_version)

    def _singleton(self, cls: type[A], aggregate_id: UUID, for_update: bool) -> A:
        """The one aggregate of its kind in a deployment, or a new one if none was saved yet."""
        try:
            found: A = self._get(aggregate_id, copy=for_update)
        except AggregateNotFoundError:
            return cls()
        return found

    def person(self, person_id: UUID | str, *, for_update: bool = False) -> Person:
        return self.load(Person, person_id, UnknownPerson, copy=for_update)

    def load(
        self,
        cls: type[A],
        aggregate_id: UUID | str,
        error: type[DomainError],
        expected_version: int | None = None,
        *,
        copy: bool = True,
    ) -> A:
        """An aggregate of the given class, or the named not-found error (also for an id of another kind)."""
        try:
            found = self._get(_uuid(aggregate_id, error), copy)
        except AggregateNotFoundError:
            raise unknown(error, cls.__name__, aggregate_id) from None
        if not isinstance(found, cls):
            raise unknown(error, cls.__name__, aggregate_id)
        check_version(found, expected_version)
        return found

    def request(
        self, request_id: UUID | str, expected_version: int | None = None
    ) -> Request:
        return self.load(Request, request_id, UnknownRequest, expected_version)

    def position(self) -> int:
        return self.recorder.max_notification_id() or 0

    # ---- saving ----------------------------------------------------------
    def commit(
        self, build: Callable[[], Outcome], idem: IdempotencyKey | None = None
    ) -> dict[str, Any]:
        """Run `build` (load, check, mutate) and save atomically; see module docstring."""
        if idem and (answer := self._first_answer(idem)) is not None:
            return answer
        for attempt in range(CONCURRENT_RETRIES):
            outcome = build()
            record = _record(idem, outcome.response)
            try:
                recordings = self.save(*outcome.aggregates, record)
            except IntegrityError:
                if idem and (answer := self._first_answer(idem)) is not None:
                    return answer
                if attempt + 1 == CONCURRENT_RETRIES:
                    raise StaleVersion(
                        "the item changed concurrently; reload and retry",
                        zh="该项同时被他人修改，请重新加载后重试",
                        allowed=["reload and retry"],
                    ) from None
                continue
            ids = [r.notification.id for r in recordings]
            position = max(ids) if ids else self.position()
            return {**outcome.response, "position": position}
        raise AssertionError("unreachable")  # pragma: no cover

    def commit_in_chunks(
        self, build: Callable[[], Outcome], max_events: int = CHUNK_EVENTS
    ) -> dict[str, Any]:
        """For bulk changes: every rule is checked in `build` before anything is written; then
        the aggregates are saved in transactions of about `max_events` events, because one
        huge transaction stalls PostgreSQL's pipelined insert. An interrupted run leaves a
        prefix of the changes, and running the same (idempotent) command again completes it."""
        outcome = build()
        chunk, size, position = [], 0, self.position()
        for aggregate in outcome.aggregates:
            chunk.append(aggregate)
            size += len(aggregate.pending_events)
            if size >= max_events:
                position = self._save_chunk(chunk) or position
                chunk, size = [], 0
        position = self._save_chunk(chunk) or position
        return {**outcome.response, "position": position}

    def _save_chunk(self, aggregates: list[Any]) -> int:
        if not aggregates:
            return 0
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            raise StaleVersion(
                "changed concurrently; run the import again to complete it",
                zh="导入期间数据被同时修改，请再次导入以完成",
                allowed=["run it again"],
            ) from None
        return max((r.notification.id for r in recordings), default=0)

    def _first_answer(self, idem: IdempotencyKey) -> dict[str, Any] | None:
        try:
            record: CommandRecord = self.repository.get(
                record_id_for(idem.actor_id, idem.key)
            )
        except AggregateNotFoundError:
            return None
        answer = record.answer_for(idem.fingerprint)
        return {**answer, "position": self._answered_at(record), "replayed": True}

    def replay(self, idem: IdempotencyKey) -> dict[str, Any] | None:
        """The first answer to this very command by this caller, read from the log; None
        when the key is new to the caller or was used for another command (the command
        itself then answers, as before)."""
        try:
            return self._first_answer(idem)
        except InvalidValue:
            return None

    def _answered_at(self, record: CommandRecord) -> int:
        """The position the first answer gave: its record is the last event of the
        command's transaction. Without a locator (or the row), the head is a safe fence:
        never before it."""
        located = self._locate(self.recorder, record.id, 1) if self._locate else None
        return located if located is not None else self.position()


def _record(
    idem: IdempotencyKey | None, response: dict[str, Any]
) -> CommandRecord | None:
    if idem is None:
        return None
    return CommandRecord(
        actor_id=idem.actor_id,
        key=idem.key,
        fingerprint=idem.fingerprint,
        response=response,
    )


def check_version(aggregate: Any, expected_version: int | None) -> None:
    if expected_version is not None and aggregate.version != expected_version:
        raise StaleVersion(
            f"you saw version {expected_version}, the current version is {aggregate.version}",
            zh=f"您看到的是第 {expected_version} 版，当前已是第 {aggregate.version} 版，"
            "请重新加载后重试",
            allowed=["reload and retry"],
        )


def _uuid(value: UUID | str, error: type[DomainError]) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise unknown(error, "id", repr(value)) from None
