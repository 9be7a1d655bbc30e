"""What the API needs from the composition root, and nothing more."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from api.rate_limit import WriteLimits
from application.access_log import AccessLog
from application.as_of import AsOfQueries
from application.audit.dossier import Dossiers
from application.audit.integrity import IntegrityWatch
from application.audit.scopes import AuditExports
from application.audit.service import AuditService
from application.audit.topic_dossier import TopicDossiers
from application.audit.witnesses import WitnessService
from application.authentication import Authentication
from application.deadlines import Deadlines
from application.deliberation import DeliberationService
from application.deliberation_queries import DeliberationQueries
from application.erasure import ErasureService
from application.ledger import Ledger
from application.publication import PublicationService
from application.queries import QueryService
from application.readiness import Readiness
from application.registry import RegistryService
from application.requests import RequestService
from application.signin.service import SignInService
from application.sittings import SittingService
from application.supervision import SupervisionService
from application.task_queries import TaskQueryService
from application.tasks import TaskService
from application.tokens import TokenService


@dataclass(frozen=True)
class ApiContext:
    ledger: Ledger
    requests: RequestService
    registry: RegistryService
    queries: QueryService
    tokens: TokenService
    authentication: Authentication
    tasks: TaskService
    task_queries: TaskQueryService
    supervision: SupervisionService
    deadlines: Deadlines
    erasure: ErasureService
    publication: PublicationService
    deliberation: DeliberationService
    sittings: SittingService
    deliberation_queries: DeliberationQueries
    access_log: AccessLog
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
    integrity: IntegrityWatch | None = (
        None  # the online self-audit's verdict (docs/audit.md)
    )
    readiness: Readiness | None = None  # None: only positions are reported (no checks)
    signin: SignInService | None = None
    development: bool = False
