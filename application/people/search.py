"""Staff look up the residents of the units they serve by name or reference (WZ-5.3-c: naming a
sitting's participants; BZ-D3: within their jurisdiction, checked by the access row).

Names are encrypted per person at rest; the search decrypts them in memory, person by person,
as the ledger loads each resident of the unit's groups, and keeps no index. An erased person's
key is gone, so they are never found.
"""

from __future__ import annotations

from typing import Any

from application.ledger import Ledger
from domain.levels import Level

MOST = 50


def search_residents(
    ledger: Ledger, code: str, query: str, limit: int = MOST
) -> list[dict[str, Any]]:
    """Residents on the rolls of the groups at or under `code` whose reference starts with, or
    whose name contains, `query` (case-insensitive), by reference."""
    registry, wanted = ledger.registry(), query.strip().casefold()
    groups = [
        g for g in registry.subtree(code) if registry.unit(g).level is Level.GROUP
    ]
    found = []
    for group in sorted(groups):
        for member in sorted(ledger.group_roll(group).members):
            person = ledger.person(member)
            if person.erased or person.home_group != group:
                continue
            if (
                person.ref.casefold().startswith(wanted)
                or wanted in str(person.name).casefold()
            ):
                found.append(
                    {
                        "ref": person.ref,
                        "person_id": str(person.id),
                        "name": person.name,
                        "home_group": group,
                    }
                )
    return sorted(found, key=lambda row: row["ref"])[:limit]
