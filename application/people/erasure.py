"""Erasing a person (PIPL art. 47) by destroying their key (crypto-shredding).

The erasure is recorded first (who, on what basis, under which case reference — never
what was erased), then the key is destroyed. Every later attempt on the same person
completes a destruction that an interruption left undone, so the record never says
"erased" of data that stays readable.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from application.registry.service import Rolls, administrator
from domain.errors import UnknownPerson
from domain.people import ErasureBasis


class ErasureService:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def erase(
        self,
        principal: Principal,
        person_id: UUID,
        basis: ErasureBasis,
        reference: str,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        actor = administrator(principal)

        def build() -> Outcome:
            person = self.ledger.person(person_id, for_update=True)
            rolls, group = Rolls(self.ledger), person.home_group
            person.erase(actor, basis, reference)
            rolls.move(actor, str(person.id), group, None)
            return Outcome(
                [person, *rolls.changed()],
                {
                    "person_id": str(person.id),
                    "erased": True,
                    "version": person.version,
                },
            )

        try:
            return self.ledger.commit(build, idem)
        finally:
            self.complete(person_id)

    def complete(self, person_id: UUID) -> None:
        """Destroy the key of a person recorded as erased (again, harmlessly, if it already is)."""
        try:
            erased = self.ledger.person(person_id).erased
        except UnknownPerson:
            return
        if erased and self.ledger.keyring is not None:
            self.ledger.keyring.destroy(str(person_id))
