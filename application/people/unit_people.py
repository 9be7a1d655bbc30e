"""The people of a unit for its administrator: residents on its groups' rolls, and
whoever holds a role at the unit or below it.

Role holders are found from the log's role grants (no read model indexes them yet):
an administrator's page, read rarely, over a log that grants roles rarely.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.utils import get_topic

from application.ledger import Ledger
from domain.levels import Level
from domain.people import Person

GRANTS_PAGE = 500


def role_holders(ledger: Ledger) -> set[str]:
    """Everyone ever granted a role (some may have lost it since)."""
    topic, found, start = get_topic(Person.RoleGranted), set(), 1
    while True:
        notes = ledger.recorder.select_notifications(start, GRANTS_PAGE, topics=[topic])
        found |= {str(note.originator_id) for note in notes}
        if len(notes) < GRANTS_PAGE:
            return found
        start = notes[-1].id + 1


def people_of_unit(ledger: Ledger, code: str) -> list[dict[str, Any]]:
    registry = ledger.registry()
    subtree = set(registry.subtree(code))
    ids = role_holders(ledger)
    for group in subtree:
        if registry.unit(group).level is Level.GROUP:
            ids |= set(ledger.group_roll(group).members)
    rows = []
    for person_id in ids:
        person = ledger.person(person_id)
        roles = sorted(
            (role.value, unit) for role, unit in person.roles if unit in subtree
        )
        if roles or person.home_group in subtree:
            rows.append(
                {
                    "ref": person.ref,
                    "name": person.name,
                    "roles": roles,
                    "home_group": person.home_group,
                }
            )
    return sorted(rows, key=lambda row: row["ref"])
