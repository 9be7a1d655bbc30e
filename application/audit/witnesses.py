"""Witnessing: a supervision committee member registers a key and cosigns checkpoints it verified."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from application.audit.errors import NotSealed
from application.audit.integrity import NoWatch
from application.audit.notes import (
    COSIGNER_KEY,
    NoteError,
    SignatureLine,
    VerifierKey,
    split_note,
)
from application.ledger import Ledger, Outcome
from application.principals import Principal
from domain.actors import Actor
from domain.errors import InvalidValue, NotFound, OutsideJurisdiction
from domain.levels import Role
from domain.witnesses import Witness, witness_id_for


@dataclass(frozen=True)
class WitnessReads:
    """What the read model knows about witnesses (see projections/audit_queries.py)."""

    keys: Callable[[], list[str]]
    cosignatures: Callable[[list[int]], dict[int, list[dict[str, Any]]]]


class UnknownWitness(NotFound):
    default_rule = "WZ-6"


class WitnessService:
    def __init__(
        self,
        ledger: Ledger,
        checkpoint_of: Callable[[int], dict[str, Any] | None],
        integrity: Any = None,
    ):
        self.ledger, self.checkpoint_of = ledger, checkpoint_of
        self.integrity = integrity or NoWatch()

    def register(self, principal: Principal, key_text: str) -> dict[str, Any]:
        """Register (or replace) the caller's witness key: a cosigner key in C2SP verifier-key form."""
        actor = _supervision_actor(principal)
        key = _cosigner_key(key_text)

        def build() -> Outcome:
            try:
                witness: Witness = self.ledger.repository.get(
                    witness_id_for(principal.person_id)
                )
                witness.replace_key(actor, key.text())
            except AggregateNotFoundError:
                witness = Witness.register(actor, key.text())
            return Outcome(
                [witness], {"witness_id": str(witness.id), "verifier_key": key.text()}
            )

        return self.ledger.commit(build)

    def cosign(self, principal: Principal, size: int, line: str) -> dict[str, Any]:
        """Record the caller's cosignature of the checkpoint of `size`, after checking it."""
        actor = _supervision_actor(principal)
        self.integrity.ensure_intact("cosigning a checkpoint")
        checkpoint = self.checkpoint_of(size)
        if checkpoint is None:
            raise NotSealed(
                f"no signed checkpoint of size {size}",
                zh=f"没有大小为 {size} 的已签名检查点：请核对检查点大小",
            )

        def build() -> Outcome:
            witness = self._witness(principal)
            _check_cosignature(
                VerifierKey.parse(witness.verifier_key), checkpoint["note"], line
            )
            witness.cosign(actor, size, checkpoint["root"], line)
            return Outcome(
                [witness],
                {"size": size, "root": checkpoint["root"], "cosignature": line},
            )

        return self.ledger.commit(build)

    def _witness(self, principal: Principal) -> Witness:
        try:
            return self.ledger.repository.get(witness_id_for(principal.person_id))
        except AggregateNotFoundError:
            raise UnknownWitness(
                "register a witness key first",
                allowed=["POST /audit/witnesses"],
                zh="请先登记见证密钥（POST /audit/witnesses）",
            ) from None


def _supervision_actor(principal: Principal) -> Actor:
    """Witnesses are supervision committee members (the matrix rows say so too; this names the unit)."""
    units = sorted(u for r, u in principal.roles if r is Role.SUPERVISION_COMMITTEE)
    if not units:
        raise OutsideJurisdiction(
            "only supervision committee members witness the log",
            rule_id="WZ-5.6-e",
            zh="只有居务监督委员会成员可以见证日志",
        )
    return Actor(principal.person_id, Role.SUPERVISION_COMMITTEE, units[0])


def _cosigner_key(text: str) -> VerifierKey:
    try:
        key = VerifierKey.parse(text)
    except NoteError as error:
        raise InvalidValue(
            str(error),
            rule_id="WZ-6",
            zh=f"见证密钥无法解析（{error}）：请提交格式正确的联署密钥",
        ) from None
    if key.key_type != COSIGNER_KEY:
        raise InvalidValue(
            "a witness key is a cosigner key (type 0x04)",
            rule_id="WZ-6",
            zh="见证密钥须为联署密钥（类型 0x04）：请提交联署密钥",
        )
    return key


def _check_cosignature(key: VerifierKey, note: str, line: str) -> None:
    body, _ = split_note(note)
    try:
        if SignatureLine.parse(line).verify(key, body) is None:
            raise NoteError("not a cosignature")
    except NoteError as error:
        raise InvalidValue(
            f"the cosignature does not verify with your registered key: {error}",
            rule_id="WZ-6",
            zh=f"联署签名无法用您登记的密钥验证（{error}）：请用登记的密钥重新签署",
        ) from None
