"""Reads as of a past log position or time (`?as_of=`), answered from a replay of the log.

The replayed view is built by the same projection code as the live one, and read
through the same QueryService; who may read is the route's access-matrix row,
checked by the API as for a live read. A request's allowed actions are those of
the request at the version the view shows.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from application.calendar.deadlines import Clock
from application.deliberation.queries import DeliberationQueries
from application.ledger import Ledger
from application.principals import Principal
from application.requests.queries import QueryService
from application.tasks.queries import TaskQueryService
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic
from domain.errors import KINDS_ZH, InvalidValue, UnknownTopic, unknown
from domain.requests import Request

Replayer = Callable[[int | None, datetime | None], AbstractContextManager[Any]]


def parse_as_of(text: str, head: int) -> tuple[int | None, datetime | None]:
    """A log position (digits) or an ISO 8601 time (UTC when it has no offset)."""
    if text.isdigit():
        if not 0 <= int(text) <= head:
            raise InvalidValue(
                f"as_of {text} is beyond the log (head {head})",
                rule_id="WZ-6",
                zh=f"as_of {text} 超出了日志范围（日志头为 {head}）：请给出不大于 {head} 的日志位置",
            )
        return int(text), None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidValue(
            "as_of is a log position or an ISO 8601 time",
            rule_id="WZ-6",
            zh="as_of 须为日志位置（数字）或 ISO 8601 时间，如 2026-11-30T08:00:00+08:00",
        ) from None
    return None, moment if moment.tzinfo else moment.replace(tzinfo=UTC)


A = TypeVar("A")


class PinnedLedger:
    """The ledger, with topics and sittings loaded at the version they had at the replayed position."""

    def __init__(self, ledger: Ledger, versions: dict[str, int]):
        self.ledger, self.versions = ledger, versions

    def _at(self, aggregate_id: UUID | str, cls: type[A]) -> A:
        version = self.versions.get(str(aggregate_id))
        if version is None:
            raise UnknownTopic(
                f"no {cls.__name__.lower()} {aggregate_id} at that moment",
                zh=f"该时刻还没有{KINDS_ZH.get(cls.__name__.lower(), '此项')} {aggregate_id}："
                "请换一个更晚的时刻或日志位置",
            )
        found: object = self.ledger.repository.get(
            UUID(str(aggregate_id)), version=version
        )
        if not isinstance(found, cls):
            raise unknown(UnknownTopic, cls.__name__, aggregate_id)
        return found

    def topic(self, topic_id: UUID | str) -> Topic:
        return self._at(topic_id, Topic)

    def sitting(self, sitting_id: UUID | str) -> Sitting:
        return self._at(sitting_id, Sitting)

    def registry(self) -> Any:
        return self.ledger.registry()


class AsOfQueries:
    def __init__(self, ledger: Ledger, replay: Replayer, clock: Clock):
        self.ledger, self.replay, self.clock = ledger, replay, clock

    def _read(self, as_of: str, read: Callable[[QueryService], Any]) -> Any:
        stop, until = parse_as_of(as_of, self.ledger.position())
        with self.replay(stop, until) as view:
            return read(
                QueryService(
                    self.ledger, view, TaskQueryService(self.ledger, view, self.clock)
                )
            )

    def request(self, request_id: str, as_of: str) -> dict[str, Any]:
        answer = self._read(as_of, lambda q: q.request(request_id))
        then: Request = self.ledger.repository.get(
            UUID(request_id), version=answer["version"]
        )
        return {**answer, "allowed_actions": then.allowed_actions(), "as_of": as_of}

    def inbox(
        self,
        unit: str,
        statuses: list[str],
        categories: list[str],
        after: int,
        limit: int,
        as_of: str,
    ) -> dict[str, Any]:
        answer = self._read(
            as_of, lambda q: q.inbox(unit, statuses, categories, after, limit)
        )
        return {**answer, "as_of": as_of}

    def my_requests(
        self, principal: Principal, after: int, limit: int, as_of: str
    ) -> dict[str, Any]:
        return {
            **self._read(as_of, lambda q: q.my_requests(principal, after, limit)),
            "as_of": as_of,
        }

    def stats(self, unit: str, as_of: str) -> dict[str, Any]:
        return {**self._read(as_of, lambda q: q.stats(unit)), "as_of": as_of}

    def topic(self, topic_id: str, as_of: str) -> dict[str, Any]:
        """A deliberation topic and its sittings as they were: aggregates loaded at their versions then."""
        stop, until = parse_as_of(as_of, self.ledger.position())
        with self.replay(stop, until) as view:
            pinned = PinnedLedger(self.ledger, view.versions)
            # PinnedLedger stands in for the Ledger: it has the loaders the queries use.
            queries = DeliberationQueries(pinned, view, self.clock)  # type: ignore[arg-type]
            answer = queries.topic(topic_id)
        return {**answer, "as_of": as_of}
