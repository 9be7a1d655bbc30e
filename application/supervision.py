"""Deadlines that pass, automatic escalation, and urging (督办), for requests and assignments.

The scheduler reads candidate items from the read model (which may lag) and asks
each aggregate to record its passed deadline; the aggregate refuses a deadline it
already recorded, and a concurrent scheduler loses on the version check, so each
`DeadlinePassed` is written exactly once however many schedulers run.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any, Protocol
from uuid import UUID

from application.access.granted import Granted, grant_on, request_reach
from application.access.grants import Grant, Reach
from application.calendar.deadlines import Deadlines, china_iso
from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from domain.actors import Actor
from domain.assignments import Assignment
from domain.deliberation.topics import Topic
from domain.errors import DomainError, UnknownRequest, UnknownTask, UnknownTopic
from domain.levels import Level, Role
from domain.requests import Request
from domain.supervision import AlreadyRecorded

# The supervised aggregates by kind, with the error for an unknown id; they share the
# Supervised commands but no base the loader could return, so items load as Any.
KINDS: dict[str, tuple[type[Any], type[DomainError]]] = {
    "request": (Request, UnknownRequest),
    "assignment": (Assignment, UnknownTask),
    "topic": (Topic, UnknownTopic),
}


class DueItems(Protocol):
    def due_items(self, now: str, limit: int) -> list[dict[str, str]]: ...


class ProvisionalItems(Protocol):
    def provisional_requests(self) -> list[str]: ...


def holder_unit(item: Request | Assignment) -> str:
    if isinstance(item, Request):
        return item.holding_unit
    return item.unit or item.path[-2]  # a resident's notice is urged at their group


def urged_reach(item: Request | Assignment) -> Reach:
    """Where an item is urged: a request where the access matrix finds it, an assignment at
    the unit holding it."""
    if isinstance(item, Request):
        return request_reach(item)
    return Reach((holder_unit(item),))


class SupervisionService:
    def __init__(self, ledger: Ledger, deadlines: Deadlines):
        self.ledger, self.deadlines, self.rules = ledger, deadlines, deadlines.rules

    def urge(
        self,
        principal: Principal,
        kind: str,
        item_id: UUID,
        note: str,
        idem: IdempotencyKey | None = None,
        grant: Grant | None = None,
    ) -> dict[str, Any]:
        """督办 in the grant the route resolved, on the item its check loaded (resolved here,
        by the same check, for a caller with none)."""
        held = self._urged(principal, kind, item_id, grant)

        def build() -> Outcome:
            item = held.aggregate()
            item.urge(held.actor(), note, self.deadlines.clock())
            return Outcome(
                [item],
                {
                    "id": str(item.id),
                    "version": item.version,
                    "open_urges": item.open_urges,
                },
            )

        return self.ledger.commit(build, idem)

    def _urged(
        self, principal: Principal, kind: str, item_id: UUID, grant: Grant | None
    ) -> Granted[Any]:
        cls, missing = KINDS[kind]

        def load() -> Any:
            return self.ledger.load(cls, item_id, missing)

        if grant is None:
            item = load()
            operation = f"{kind}s.urge"
            grant = grant_on(self.ledger, principal, operation, item, urged_reach(item))
        return Granted(self.ledger, grant, load, urged_reach, item_id)

    def run_once(self, due: DueItems, limit: int = 500) -> dict[str, int]:
        """Record every deadline passed by now; returns what was recorded and escalated."""
        now, counts = (
            self.deadlines.clock(),
            {"recorded": 0, "auto_escalated": 0, "already_recorded": 0},
        )
        for item in due.due_items(china_iso(now), limit):
            try:
                escalated = self.ledger.commit(partial(self._record, item, now))[
                    "auto_escalated"
                ]
            except AlreadyRecorded:
                counts["already_recorded"] += 1
                continue
            except DomainError:
                continue  # the view lagged: the item moved on before we got to it
            counts["recorded"] += 1
            counts["auto_escalated"] += escalated
        return counts

    def _record(self, item: dict[str, str], now: datetime) -> Outcome:
        cls, missing = KINDS[item["kind"]]
        aggregate = self.ledger.load(cls, item["id"], missing)
        aggregate.record_deadline_passed(item["deadline_kind"], now)
        if item["deadline_kind"] == "close":
            aggregate.close_unanswered(Actor("system", Role.SYSTEM, None))
        escalated = item["deadline_kind"] == "resolve" and self._auto_escalate(
            aggregate
        )
        return Outcome(
            [aggregate], {"id": item["id"], "auto_escalated": int(escalated)}
        )

    def _auto_escalate(self, aggregate: Any) -> bool:
        """Where the profile says so, an overdue request climbs one level, done by the system."""
        if (
            not isinstance(aggregate, Request)
            or aggregate.holding_level not in self.rules.auto_escalate_at
        ):
            return False
        if aggregate.holding_level is Level.DISTRICT:
            return False
        system = Actor("system", Role.SYSTEM, aggregate.holding_unit)
        level = aggregate.holding_level.value
        aggregate.escalate(
            system,
            self.ledger.registry(),
            f"自动上报：{level}级办理期限已过（规则 BZ-D1，配置 auto_escalate_at）",
            due_for=self.deadlines.due_for(aggregate.category),
        )
        return True

    def recompute_provisional(self, items: ProvisionalItems) -> dict[str, int]:
        """After a schedule is loaded: recompute the open deadlines that were provisional (CAL-1)."""
        changed = 0
        for request_id in items.provisional_requests():
            changed += self.ledger.commit(partial(self._recompute, request_id))[
                "changed"
            ]
        return {"recomputed": changed}

    def _recompute(self, request_id: str) -> Outcome:
        request = self.ledger.load(Request, request_id, UnknownRequest)
        due = self.deadlines.due_for(request.category, request.counted_from)(
            request.holding_level
        )
        overall = self.deadlines.overall(request.raised_from)
        due = replace(due, provisional=due.provisional or overall.provisional)
        changed = request.recompute_deadlines(
            Actor("system", Role.SYSTEM, None), due, overall.at
        )
        return Outcome([request], {"changed": int(changed)})
