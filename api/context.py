"""What the API needs from the composition root, and nothing more."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api.rate_limit import WriteLimits
from application.as_of import AsOfQueries
from application.audit.dossier import Dossiers
from application.audit.integrity import IntegrityWatch
from application.audit.scopes import AuditExports
from application.audit.service import AuditService
from application.audit.topic_dossier import TopicDossiers
from application.audit.witnesses import WitnessService
from application.readiness import Readiness
from application.services import Services
from application.signin.authentication import Authentication


@dataclass(frozen=True)
class ApiContext(Services):
    """The container's services (one list, `Services`) and what only the API uses."""

    authentication: Authentication
    wait_for: Callable[[int, float], bool]
    view_position: Callable[[], int]
    recompute_provisional: Callable[[], dict] = dict
    read_wait_seconds: float = 5.0
    max_body_bytes: int = 64 * 1024
    write_limits: WriteLimits | None = None  # None: writes are not rate limited
    audit: AuditService | None = None
    audit_exports: AuditExports | None = None
    audit_witnesses: WitnessService | None = None
    as_of: AsOfQueries | None = None
    dossiers: Dossiers | None = None
    topic_dossiers: TopicDossiers | None = None
    # the online self-audit's verdict (docs/audit.md)
    integrity: IntegrityWatch | None = None
    readiness: Readiness | None = None  # None: only positions are reported (no checks)
    development: bool = False
