"""Which aggregates belong to a unit subtree, for audit exports (over the governance view)."""

from __future__ import annotations

from typing import Any, Protocol

from projections.schema import in_list


class Fetching(Protocol):
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


def aggregates_in_units(view: Fetching, units: list[str]) -> list[str]:
    """Requests that passed through the units, and the tasks and assignments they issued or held."""
    units_sql, params = in_list("u", units)
    rows = view.fetch(f"SELECT request_id AS id FROM gov_visits WHERE unit IN {units_sql} "
                      f"UNION SELECT assignment_id AS id FROM gov_assignments WHERE unit IN {units_sql} "
                      f"UNION SELECT task_id AS id FROM gov_tasks WHERE issuer_unit IN {units_sql}", params)
    return sorted(row["id"] for row in rows)
