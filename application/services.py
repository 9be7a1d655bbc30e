"""The one list of use-case services a running service holds.

The container (infra) and the API context (api) both extend it, so a service added
here reaches every route without being listed again.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from application.access.log import AccessLog
from application.assessment.service import AssessmentService
from application.calendar.clock import ServiceClock
from application.calendar.deadlines import Deadlines
from application.deliberation.queries import DeliberationQueries
from application.deliberation.service import DeliberationService
from application.deliberation.sittings import SittingService
from application.ledger import Ledger
from application.people.erasure import ErasureService
from application.publication import PublicationService
from application.registry.service import RegistryService
from application.requests.queries import QueryService
from application.requests.return_visits import ReturnVisitService
from application.requests.service import RequestService
from application.signin.service import SignInService
from application.signin.tokens import TokenService
from application.supervision import SupervisionService
from application.tasks.queries import TaskQueryService
from application.tasks.service import TaskService


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
