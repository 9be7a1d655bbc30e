"""Group commit: the events of concurrent commands saved in one transaction.

Each command's save arrives here as one `insert_events` call (its events and its
idempotency record, already checked against the state it loaded). While one
thread is in the database, the calls that arrive queue up; when it is done, the
first of them takes the whole queue (up to `max_events`) and saves it in one
transaction — on PostgreSQL one `LOCK TABLE`, one NOTIFY and one INSERT, on SQLite
one write lock and one sync — and hands each caller its own log positions. A
lone command goes straight to the database, as without group commit.

A conflict in one command must never fail the others: when the shared
transaction is refused for a duplicate (aggregate id, version) — a concurrent
change, or two commands with the same Idempotency-Key — nothing of it was
written, and each command of the group is saved again on its own, so only the
one that conflicts gets the `IntegrityError` (and `Ledger.commit` reloads and
retries it, or answers with the first answer of its key). Any other failure
(the database down, a timeout) fails every command of the group, none of which
was written: each answers 503 and is retried by its client with its key.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from projections.ordered_log import PostgresOrderedRecorder, SQLiteOrderedRecorder

Insert = Callable[[Sequence[StoredEvent]], Sequence[int] | None]

MAX_EVENTS = 1000  # per shared transaction; a larger queue waits for the next one


@dataclass
class _Pending:
    events: Sequence[StoredEvent]
    done: bool = False
    ids: Sequence[int] | None = None
    error: BaseException | None = None

    def answer(self) -> Sequence[int] | None:
        if self.error is not None:
            raise self.error
        return self.ids


@dataclass
class GroupCommit:
    """Drains concurrent inserts into shared transactions (see the module docstring)."""

    insert: Insert
    max_events: int = MAX_EVENTS
    groups: int = 0  # transactions that saved more than one command (tests, benches)
    grouped: int = 0  # the commands those transactions saved
    _queue: list[_Pending] = field(default_factory=list)
    _leading: bool = False
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def waiting(self) -> int:
        """Commands queued for the next shared transaction."""
        with self._changed:
            return len(self._queue)

    def insert_events(self, events: Sequence[StoredEvent]) -> Sequence[int] | None:
        mine = _Pending(events)
        with self._changed:
            self._queue.append(mine)
        while True:  # lead until a group holding this command is saved (or be saved)
            with self._changed:
                while not mine.done and self._leading:
                    self._changed.wait()
                if mine.done:
                    return mine.answer()
                self._leading = True
                group = self._take()
            try:
                self._save(group)
            finally:
                with self._changed:
                    self._leading = False
                    self._changed.notify_all()

    def _take(self) -> list[_Pending]:
        """The oldest waiting commands, up to `max_events` events (always at least one)."""
        taken, size = 0, 0
        for pending in self._queue:
            if taken and size + len(pending.events) > self.max_events:
                break
            taken, size = taken + 1, size + len(pending.events)
        group, self._queue = self._queue[:taken], self._queue[taken:]
        return group

    def _save(self, group: list[_Pending]) -> None:
        try:
            if len(group) == 1:
                _save_alone(self.insert, group[0])
            else:
                self._save_together(group)
        except Exception as error:  # none of those left was written: tell each
            for pending in group:
                if not pending.done:
                    pending.error, pending.done = error, True
        finally:  # interrupted (BaseException): never let a caller think it was saved
            for pending in group:
                if not pending.done:
                    pending.error, pending.done = InterruptedError("not saved"), True

    def _save_together(self, group: list[_Pending]) -> None:
        events = [event for pending in group for event in pending.events]
        try:
            ids = self.insert(events)
        except IntegrityError:  # one of them conflicts: each on its own
            for pending in group:
                _save_alone(self.insert, pending)
            return
        self.groups, self.grouped = self.groups + 1, self.grouped + len(group)
        start = 0
        for pending in group:
            end = start + len(pending.events)
            pending.ids = None if ids is None else list(ids[start:end])
            pending.done, start = True, end


def _save_alone(insert: Insert, pending: _Pending) -> None:
    try:
        pending.ids = insert(pending.events)
    except IntegrityError as conflict:
        pending.error = conflict
    pending.done = True


# The library's inserts, each one transaction; PostgreSQL's without its retry wrapper
# (the recorders try once: infra/pg_datastore.py).
_POSTGRES_INSERT: Callable[..., Sequence[int] | None] = (
    PostgresApplicationRecorder.insert_events.__wrapped__
)
_SQLITE_INSERT = SQLiteApplicationRecorder.insert_events


def _alone(stored_events: Sequence[StoredEvent], kwargs: dict[str, Any]) -> bool:
    """Saves that cannot share a transaction: with a tracking record (a process
    application's), or nothing to save."""
    return not stored_events or any(v is not None for v in kwargs.values())


class GroupCommitPostgresRecorder(PostgresOrderedRecorder):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.group_commit = GroupCommit(lambda events: _POSTGRES_INSERT(self, events))

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # the database function inserts without the table lock: nothing to share
        if self.datastore.enable_db_functions or _alone(stored_events, kwargs):
            return _POSTGRES_INSERT(self, stored_events, **kwargs)
        return self.group_commit.insert_events(stored_events)


class GroupCommitSQLiteRecorder(SQLiteOrderedRecorder):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.group_commit = GroupCommit(lambda events: _SQLITE_INSERT(self, events))

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if _alone(stored_events, kwargs):
            return _SQLITE_INSERT(self, stored_events, **kwargs)
        return self.group_commit.insert_events(stored_events)
