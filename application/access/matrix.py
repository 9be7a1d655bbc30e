"""The access matrix: who may do what, where. One row per API operation.

Each row names its operation (the route serving it declares `allow(operation)` and is the
only place its method and path are written), how the API finds the
target (`target`, resolved in api/access.py), the scope of each role, and the
rule cited when a caller is refused (403). A role a row does not name has scope
`none`. The system role acts only through the scheduler, never through the API.
docs/access.md is generated from this table (`python -m api.access_doc`); a test keeps them equal.
"""

from __future__ import annotations

from application.access.grants import Rule
from application.access.rows.admin import ADMIN_RULES
from application.access.rows.audit import audit_rules
from application.access.rows.deliberation import deliberation_rules
from application.access.rows.mediation import mediation_rules
from application.access.rows.open import OPEN_RULES
from application.access.rows.requests import REQUEST_RULES
from application.access.rows.tasks import ASSIGNMENT_URGE, TASK_RULES
from application.access.rows.units import UNIT_RULES

RULES: tuple[Rule, ...] = (
    *OPEN_RULES,
    *REQUEST_RULES,
    *UNIT_RULES,
    *TASK_RULES,
    *audit_rules(),
    *deliberation_rules(),
    *mediation_rules(),
    ASSIGNMENT_URGE,
    *ADMIN_RULES,
)

MATRIX: dict[str, Rule] = {rule.operation: rule for rule in RULES}


def same_target(rule: Rule) -> tuple[Rule, ...]:
    """Rules whose target the API resolves the same way: what a refused caller may do instead."""
    return tuple(r for r in RULES if r.target == rule.target and r.target != "none")
