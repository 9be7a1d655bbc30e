"""The first answer to a command sent with an Idempotency-Key.

Saved in the same transaction as the command's own events, so a command is
either acknowledged together with its answer or not at all; a retry finds the
answer and writes nothing new.
"""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidValue


def record_id_for(actor_id: str, key: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"gov:idempotency:{actor_id}:{key}")


class CommandRecord(Aggregate):
    class CommandAcknowledged(Aggregate.Created):
        actor_id: str
        key: str
        fingerprint: str
        response: dict[str, Any]

    @event(CommandAcknowledged)
    def __init__(
        self, actor_id: str, key: str, fingerprint: str, response: dict[str, Any]
    ) -> None:
        self.actor_id, self.fingerprint, self.response = actor_id, fingerprint, response

    @classmethod
    def create_id(cls, actor_id: str, key: str, **_: object) -> UUID:
        return record_id_for(actor_id, key)

    def answer_for(self, fingerprint: str) -> dict[str, Any]:
        """The first answer, if the retry is the same command; else a clear refusal."""
        if fingerprint != self.fingerprint:
            raise InvalidValue(
                "this Idempotency-Key was already used for a different command",
                zh="此 Idempotency-Key 已用于另一条命令，请换一个新的",
                rule_id="IDEMPOTENCY",
                allowed=["send a new Idempotency-Key"],
            )
        return dict(self.response)
