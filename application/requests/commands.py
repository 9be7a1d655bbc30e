"""The commands on a request (BZ-D1), one frozen dataclass per use case.

A command names its request and the version the caller saw; `apply` calls the
aggregate. `by_resident` commands are the raising resident's own; the others are
taken by the unit holding the request. `RequestService.handle` runs any of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from application.calendar.profile import RequestRules
from domain.actors import Actor
from domain.registry import Registry
from domain.requests import Request
from domain.supervision import DueFor


@dataclass(frozen=True)
class Context:
    """What a command may need besides the request and the actor."""

    registry: Registry
    rules: RequestRules
    due_for: DueFor
    close_due: Callable[[], datetime]


@dataclass(frozen=True, kw_only=True)
class RequestCommand:
    action: ClassVar[str]
    by_resident: ClassVar[bool] = False
    request_id: UUID
    expected_version: int | None = None

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class AcceptRequest(RequestCommand):
    action = "accept"

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        request.accept(actor)


@dataclass(frozen=True, kw_only=True)
class EscalateRequest(RequestCommand):
    action = "escalate"
    reason: str
    to_unit: str | None = None

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        request.escalate(
            actor,
            c.registry,
            self.reason,
            self.to_unit,
            allow_skip=c.rules.allow_level_skip,
            due_for=c.due_for,
        )


@dataclass(frozen=True, kw_only=True)
class DelegateRequest(RequestCommand):
    action = "delegate"
    to_unit: str
    instructions: str

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        request.delegate(actor, c.registry, self.to_unit, self.instructions, c.due_for)


@dataclass(frozen=True, kw_only=True)
class ResolveRequest(RequestCommand):
    action = "resolve"
    resolution: str

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        request.resolve(actor, self.resolution, c.close_due())


@dataclass(frozen=True, kw_only=True)
class AnswerRequestUrge(RequestCommand):
    action = "answer_urge"
    note: str

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        request.answer_urge(actor, self.note)


@dataclass(frozen=True, kw_only=True)
class WithdrawRequest(RequestCommand):
    action = "withdraw"
    by_resident = True
    reason: str

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        request.withdraw(actor, self.reason)


@dataclass(frozen=True, kw_only=True)
class ConfirmRequest(RequestCommand):
    action = "confirm"
    by_resident = True

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        request.confirm(actor)


@dataclass(frozen=True, kw_only=True)
class DisputeRequest(RequestCommand):
    action = "dispute"
    by_resident = True
    reason: str

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        request.dispute(actor, self.reason, c.due_for)


@dataclass(frozen=True, kw_only=True)
class RateRequest(RequestCommand):
    action = "rate"
    by_resident = True
    score: int

    def apply(self, request: Request, actor: Actor, c: Context) -> None:
        request.rate(actor, self.score)


REQUEST_COMMANDS: dict[str, type[RequestCommand]] = {
    command.action: command
    for command in (
        AcceptRequest,
        EscalateRequest,
        DelegateRequest,
        ResolveRequest,
        AnswerRequestUrge,
        WithdrawRequest,
        ConfirmRequest,
        DisputeRequest,
        RateRequest,
    )
}


def request_command(
    action: str,
    request_id: UUID,
    fields: Mapping[str, Any],
    expected_version: int | None = None,
) -> RequestCommand:
    """The command a form (or a script) names by its action, from its validated fields."""
    return REQUEST_COMMANDS[action](
        request_id=request_id, expected_version=expected_version, **fields
    )
