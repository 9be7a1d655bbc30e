"""Which aggregates (requests, tasks, assignments, topics) belong to a unit subtree, for audit exports (over the governance view)."""

from __future__ import annotations

from typing import Any, Protocol

from projections.schema import in_list


class Fetching(Protocol):
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]: ...


def aggregates_in_units(view: Fetching, units: list[str]) -> list[str]:
    """Requests that passed through the units, and the tasks and assignments they issued or held."""
    units_sql, params = in_list("u", units)
    rows = view.fetch(
        f"SELECT request_id AS id FROM gov_visits WHERE unit IN {units_sql} "
        f"UNION SELECT assignment_id AS id FROM gov_assignments WHERE unit IN {units_sql} "
        f"UNION SELECT task_id AS id FROM gov_tasks WHERE issuer_unit IN {units_sql}",
        params,
    )
    return sorted(row["id"] for row in rows)


def topics_in_units(view: Fetching, units: list[str]) -> list[str]:
    """Deliberation topics of the communities among the units."""
    units_sql, params = in_list("u", units)
    return [
        row["topic_id"]
        for row in view.fetch(
            f"SELECT topic_id FROM gov_topics WHERE community IN {units_sql} ORDER BY topic_id",
            params,
        )
    ]


def witness_keys(view: Fetching) -> list[str]:
    return [
        row["verifier_key"]
        for row in view.fetch(
            "SELECT verifier_key FROM gov_witnesses ORDER BY witness_id", {}
        )
    ]


def cosignatures(view: Fetching, sizes: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Cosignatures of the checkpoints of the given sizes, by size."""
    if not sizes:
        return {}
    found: dict[int, list[dict[str, Any]]] = {}
    rows = view.fetch(
        "SELECT c.size, c.root, c.cosignature, c.at, w.person_id, w.unit, w.verifier_key "
        "FROM gov_cosignatures c JOIN gov_witnesses w ON w.witness_id = c.witness_id "
        "WHERE c.size BETWEEN :low AND :high ORDER BY c.size, c.at",
        {"low": min(sizes), "high": max(sizes)},
    )
    for row in rows:
        found.setdefault(row["size"], []).append(row)
    return found
