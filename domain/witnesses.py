"""Witnesses (见证人): supervision committee members who cosign the log's checkpoints.

A witness's key registration and each cosignature are the witness's own events:
they change no governance state. A witness never cosigns backwards, nor two
different roots for one tree size (that would be a fork it has seen).
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.errors import TransitionNotAllowed


def witness_id_for(person_id: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"gov:witness:{person_id}")


class Witness(Aggregate):
    class WitnessRegistered(Aggregate.Created):
        person_id: str
        # C2SP verifier key text: key name, key id, Ed25519 public key
        verifier_key: str
        actor_id: str
        actor_role: str
        actor_unit: str | None

    class WitnessKeyReplaced(ActedEvent):
        verifier_key: str

        def apply(self, aggregate: Witness) -> None:
            aggregate.verifier_key = self.verifier_key

    class CheckpointCosigned(ActedEvent):
        size: int
        root: str
        cosignature: str  # the signature line added to the checkpoint note

        def apply(self, aggregate: Witness) -> None:
            aggregate.cosigned_size, aggregate.cosigned_root = self.size, self.root

    @event(WitnessRegistered)
    def __init__(
        self,
        person_id: str,
        verifier_key: str,
        actor_id: str,
        actor_role: str,
        actor_unit: str | None,
    ) -> None:
        self.person_id, self.verifier_key = person_id, verifier_key
        self.cosigned_size, self.cosigned_root = 0, ""

    @classmethod
    def create_id(cls, person_id: str, **_: object) -> UUID:
        return witness_id_for(person_id)

    @classmethod
    def register(cls, actor: Actor, verifier_key: str) -> Witness:
        return cls(
            person_id=actor.person_id, verifier_key=verifier_key, **actor.event_fields()
        )

    def replace_key(self, actor: Actor, verifier_key: str) -> None:
        self.trigger_event(
            self.WitnessKeyReplaced, verifier_key=verifier_key, **actor.event_fields()
        )

    def cosign(self, actor: Actor, size: int, root: str, cosignature: str) -> None:
        if size < self.cosigned_size:
            raise TransitionNotAllowed(
                f"you already cosigned size {self.cosigned_size}; a log never shrinks",
                rule_id="WZ-6",
                allowed=["cosign a newer checkpoint"],
                zh=f"您已联署过大小为 {self.cosigned_size} 的检查点；日志只增不减：请联署更新的检查点",
            )
        if size == self.cosigned_size and root != self.cosigned_root:
            raise TransitionNotAllowed(
                f"you cosigned another root for size {size}: the log forked",
                rule_id="WZ-6",
                allowed=["report the fork"],
                zh=f"您曾为大小 {size} 联署了另一个根：日志出现分叉，请报告分叉",
            )
        self.trigger_event(
            self.CheckpointCosigned,
            size=size,
            root=root,
            cosignature=cosignature,
            **actor.event_fields(),
        )
