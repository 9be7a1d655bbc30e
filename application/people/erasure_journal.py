"""The erasure journal: which people were erased, and when, to re-apply after a restore.

A backup taken before an erasure holds the erased person's key, and a restore brings it
back. The journal is kept apart from the database backups (exported after every erasure),
and replaying it on the restored database erases again everyone it lists: the erasure is
recorded anew if the restored log lacks it, and the key destroyed if it is back. It holds
person ids, refs, times, bases and case references — never anything that was erased.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, cast
from uuid import UUID

from application.ledger import Ledger
from application.people.erasure import ErasureService
from application.principals import Principal
from domain.errors import UnknownPerson
from domain.people import ErasureBasis, Person


def journal_entries(
    ledger: Ledger, erased: Iterable[tuple[str, str]]
) -> list[dict[str, Any]]:
    """One entry per (person id, erased at) of the key table's erasure marks, oldest first."""
    entries = []
    for subject, erased_at in sorted(erased, key=lambda mark: mark[1]):
        entry = {"person_id": subject, "erased_at": erased_at}
        recorded = _recorded_erasure(ledger, UUID(subject))
        entries.append({**entry, **recorded})
    return entries


def to_lines(entries: list[dict[str, Any]]) -> str:
    return "".join(
        json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n" for e in entries
    )


def from_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def reapply(
    erasure: ErasureService, admin: Principal, entries: list[dict[str, Any]]
) -> dict[str, int]:
    """Erase again everyone the journal lists; returns how many of each outcome."""
    outcome = {"erased": 0, "key_destroyed": 0, "already": 0, "unknown": 0}
    for entry in entries:
        outcome[_reapply_one(erasure, admin, entry)] += 1
    return outcome


def _reapply_one(
    erasure: ErasureService, admin: Principal, entry: dict[str, Any]
) -> str:
    person_id, ledger = UUID(entry["person_id"]), erasure.ledger
    try:
        person = ledger.person(person_id)
    except UnknownPerson:
        return "unknown"  # registered after the backup: the restored log holds nothing of them
    if not person.erased:
        basis = ErasureBasis(entry.get("basis") or ErasureBasis.OTHER_LAW.value)
        reference = entry.get("reference") or "reapplied-erasure"
        erasure.erase(admin, person_id, basis, reference)
        return "erased"
    keyring = ledger.keyring
    row = keyring.table.get(str(person_id)) if keyring is not None else None
    if row is None or row.wrapped is None:
        return "already"
    erasure.complete(person_id)
    return "key_destroyed"


def _recorded_erasure(ledger: Ledger, person_id: UUID) -> dict[str, Any]:
    """The ref, basis and case reference the log recorded for the erasure (if it has it)."""
    events = list(ledger.events.get(person_id))  # none for an id the log does not know
    # The store's event type is a protocol; a person's history opens with Registered.
    found = {"ref": cast(Person.Registered, events[0]).ref} if events else {}
    for event in events:
        if isinstance(event, Person.PersonErased):
            found.update(basis=event.basis, reference=event.reference)
    return found
