"""The one list of use-case services a running service holds.

The container (infra) and the API context (api) both extend it, so a service added
here reaches every route without being listed again.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from application.access_log import AccessLog
from application.assessment import AssessmentService
from application.clock import ServiceClock
from application.deadlines import Deadlines
from application.deliberation import DeliberationService
from application.deliberation_queries import DeliberationQueries
from application.erasure import ErasureService
from application.ledger import Ledger
from application.publication import PublicationService
from application.queries import QueryService
from application.registry import RegistryService
from application.requests import RequestService
from application.return_visits import ReturnVisitService
from application.signin.service import SignInService
from application.sittings import SittingService
from application.supervision import SupervisionService
from application.task_queries import TaskQueryService
from application.tasks import TaskService
from application.tokens import TokenService


@dataclass(frozen=True)
class Services:
    ledger: Ledger
    requests: RequestService
    registry: RegistryService
    queries: QueryService
    tokens: TokenService
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
    signin: SignInService
    clock: ServiceClock
    return_visits: ReturnVisitService
    assessment: AssessmentService


def services_of(holder: Services) -> dict[str, Any]:
    """The services alone, by field name, to build another holder from (not copied)."""
    return {field.name: getattr(holder, field.name) for field in fields(Services)}
