"""Named domain errors. Each carries the rule it enforces and what is allowed next.

The API maps the error *kind* to an HTTP status in one place, so the domain never
speaks HTTP but every refusal still tells the client why and what it may do instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar


class DomainError(Exception):
    """Base of every refusal the domain can give."""

    kind = "conflict"
    default_rule = ""

    def __init__(
        self,
        detail: str,
        *,
        rule_id: str = "",
        allowed: Iterable[str] = (),
        zh: str = "",
    ):
        """`detail` in English; `zh` the same in Chinese, shown by default (pages, API)."""
        super().__init__(detail)
        self.detail_en = detail
        self.detail_zh = zh
        self.detail = zh or detail
        self.rule_id = rule_id or self.default_rule
        self.allowed = sorted(set(allowed))


class NotFound(DomainError):
    """A unit, person or request that does not exist."""

    kind = "not_found"


class UnknownUnit(NotFound):
    default_rule = "BZ-L1"


class UnknownPerson(NotFound):
    pass


class UnknownRequest(NotFound):
    pass


class UnknownTask(NotFound):
    """A task or an assignment that does not exist."""


class UnknownTopic(NotFound):
    """A deliberation topic, sitting or major-decision procedure that does not exist."""


class OutsideJurisdiction(DomainError):
    """The actor has no role that reaches the thing acted on."""

    kind = "forbidden"
    default_rule = "BZ-D3"


class InvalidTree(DomainError):
    """A change would leave the five-level tree with a cycle, orphan or level skip."""

    default_rule = "BZ-L1"


class TransitionNotAllowed(DomainError):
    """The current state of the item forbids the command."""


class StaleVersion(DomainError):
    """The client acted on a version that is no longer current."""

    default_rule = "CONCURRENCY"


class InvalidValue(DomainError):
    """A value that is well-formed but breaks a domain rule (e.g. a rating of 6)."""

    kind = "invalid"


E = TypeVar("E", bound=DomainError)

# What a not-found refusal names, in Chinese (by the lower-cased class name or word).
KINDS_ZH = {
    "id": "编号",
    "request": "诉求",
    "task": "工作任务",
    "assignment": "任务分派",
    "topic": "议题",
    "sitting": "会议",
    "person": "人员",
    "mediationcase": "调解案件",
    "majordecision": "五议两公开程序",
    "unit": "单位",
}


def unknown(error: type[E], kind: str, ident: object) -> E:
    """A not-found refusal of `kind` (a class name or a word) in English and Chinese."""
    kind = kind.lower()
    return error(
        f"unknown {kind} {ident}",
        zh=f"找不到{KINDS_ZH.get(kind, kind)} {ident}：请核对编号",
    )
