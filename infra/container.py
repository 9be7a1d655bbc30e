"""Builds every object of a running service from Settings; nothing global."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from application.access.log import AccessLog
from application.as_of import AsOfQueries
from application.assessment.service import AssessmentService
from application.audit.service import AuditService
from application.calendar.clock import ServiceClock
from application.calendar.deadlines import Clock, Deadlines, utc_now
from application.calendar.profile import PROFILES
from application.deliberation.queries import DeliberationQueries
from application.deliberation.service import DeliberationService
from application.deliberation.sittings import SittingService
from application.ledger import Ledger
from application.people.erasure import ErasureService
from application.privacy.keyring import KeyRing
from application.privacy.view_values import ViewValues
from application.publication import PublicationService
from application.registry.service import RegistryService
from application.requests.queries import QueryService
from application.requests.return_visits import ReturnVisitService
from application.requests.service import RequestService
from application.services import Services, services_of
from application.signin.tokens import TokenService
from application.supervision import SupervisionService
from application.tasks.queries import TaskQueryService
from application.tasks.service import TaskService
from infra.audit_wiring import AuditParts, build_audit
from infra.event_positions import event_position
from infra.heartbeat import Heartbeat
from infra.keystore import build_keyring, key_table
from infra.rebuild import rebuild_stale_in_background
from infra.runners import (
    CatchUpRunner,
    ExternalRunner,
    SchedulerLoop,
    WokenCatchUpRunner,
)
from infra.schema_setup import schema_setup_lock
from infra.settings import Settings
from infra.signin_wiring import build_signin
from projections.access_log import access_log_table
from projections.assessment_queries import view_counts
from projections.rebuild import record_new_view_versions
from projections.runner_status import RunnerStatusTable, runner_status_table
from projections.view import GovView
from projections.view_versions import PROJECTIONS


@dataclass(frozen=True)
class Container(Services):
    """The services (one list, `Services`) and the parts that run and watch them."""

    settings: Settings
    view: GovView
    runner: Any
    scheduler: SchedulerLoop
    audit_parts: AuditParts
    runner_status: RunnerStatusTable
    heartbeat: Heartbeat

    @property
    def audit(self) -> AuditService:
        return self.audit_parts.service

    @property
    def as_of(self) -> AsOfQueries:
        return self.audit_parts.as_of

    def close(self) -> None:
        self.heartbeat.stop()
        self.scheduler.stop()
        self.audit_parts.close()
        self.access_log.close()  # before the view's connections: it writes what is queued
        self.runner.stop()
        self.ledger.close()
        if self.ledger.keyring is not None:
            key_table(self.ledger.keyring).close()
        self.view.datastore.close()


def build_view(
    settings: Settings, env: dict[str, str], keyring: KeyRing | None = None
) -> GovView:
    """The read model; with a key ring its personal values are sealed with their subject's key."""
    factory = InfrastructureFactory[GovView].construct(Environment("govview", env))
    view = factory.tracking_recorder(view_class(settings))
    view.values = ViewValues(keyring)
    return view


def view_class(settings: Settings) -> type[GovView]:
    if settings.backend == "sqlite":
        from projections.sqlite_view import SQLiteGovView

        return SQLiteGovView
    from projections.postgres_view import PostgresGovView

    return PostgresGovView


def build_runner(
    settings: Settings, env: dict[str, str], ledger: Ledger, view: GovView
):
    retry = (settings.stuck_retry_seconds, settings.stuck_retry_max_seconds)
    if settings.backend == "sqlite":
        return CatchUpRunner(
            ledger, view, interval=settings.catchup_interval_seconds, retry=retry
        )
    if settings.projections_in_process:
        return WokenCatchUpRunner(
            ledger, view, interval=settings.catchup_interval_seconds, retry=retry
        )
    return ExternalRunner(view)


def token_service(settings: Settings) -> TokenService:
    return TokenService(
        settings.token_secret,
        settings.token_ttl_seconds,
        previous_secrets=tuple(settings.token_previous_secrets),
    )


def start_loops(
    settings: Settings,
    runner: Any,
    scheduler: SchedulerLoop,
    audit: AuditParts,
    heartbeat: Heartbeat,
) -> None:
    runner.start()
    if settings.scheduler_in_process:
        scheduler.start()
    audit.start(settings.projections_in_process)
    heartbeat.start()


def build_container(
    settings: Settings, *, start: bool = True, clock: Clock = utc_now
) -> Container:
    settings.check_secure()
    with schema_setup_lock(
        settings
    ):  # processes starting together create tables one at a time
        container = assemble_container(settings, clock)
    if start:
        # Loaded before the process serves: at a city's size the first load replays every
        # unit's event (3 s for Beijing's 77,000), and so would each command arriving before
        # it ended, each on its own (bench/registry_scale.py).
        container.ledger.registry()
        start_loops(
            settings,
            container.runner,
            container.scheduler,
            container.audit_parts,
            container.heartbeat,
        )
        if settings.projections_in_process:
            rebuild_stale_in_background(container)
    return container


def assemble_container(settings: Settings, clock: Clock) -> Container:
    """Every part, tables created, nothing started (build_container holds the setup lock)."""
    env = settings.persistence_env()
    keyring = build_keyring(settings)
    ledger = Ledger(env=env, keyring=keyring, locate=event_position)
    view = build_view(settings, env, keyring)
    record_new_view_versions(view, list(PROJECTIONS.values()))
    runner = build_runner(settings, env, ledger, view)
    services = build_services(settings, ledger, view, clock)
    scheduler = SchedulerLoop(
        services.supervision, view, settings.scheduler_interval_seconds
    )
    readers = (services.queries, services.deliberation_queries.topic)
    audit = build_audit(settings, env, ledger, view, readers, clock)
    runner_status = runner_status_table(view, settings.backend)
    heartbeat = Heartbeat(
        runner_status,
        lambda: (runner, audit.sealing, scheduler),
        settings.heartbeat_interval_seconds,
    )
    return Container(
        **services_of(services),
        settings=settings,
        view=view,
        runner=runner,
        scheduler=scheduler,
        audit_parts=audit,
        runner_status=runner_status,
        heartbeat=heartbeat,
    )


def build_services(
    settings: Settings, ledger: Ledger, view: GovView, clock: Clock
) -> Services:
    """The use cases, over one ledger and one read model."""
    rules = replace(
        PROFILES[settings.request_profile], allow_level_skip=settings.allow_level_skip
    )
    # rules read the service's clock (a training offset in development); sign-in keeps the wall's
    service_clock = ServiceClock(ledger, clock, settings.mode == "development")
    deadlines = Deadlines(ledger, rules, service_clock)
    task_queries = TaskQueryService(ledger, view, service_clock)
    deliberation = DeliberationService(ledger, deadlines, settings.deliberation_profile)
    tokens = token_service(settings)
    return Services(
        ledger=ledger,
        requests=RequestService(ledger, deadlines),
        registry=RegistryService(ledger),
        queries=QueryService(ledger, view, task_queries),
        tokens=tokens,
        tasks=TaskService(ledger, deadlines),
        task_queries=task_queries,
        supervision=SupervisionService(ledger, deadlines),
        deadlines=deadlines,
        erasure=ErasureService(ledger),
        publication=PublicationService(ledger, view),
        deliberation=deliberation,
        sittings=SittingService(deliberation),
        deliberation_queries=DeliberationQueries(ledger, view, service_clock),
        access_log=build_access_log(settings, ledger, view, clock),
        signin=build_signin(settings, ledger, view, tokens, clock),
        clock=service_clock,
        return_visits=ReturnVisitService(ledger, deadlines),
        assessment=AssessmentService(
            ledger,
            service_clock,
            partial(view_counts, view),
            deliberation.review_interval,  # WZ-5.2-a
        ),
    )


def build_access_log(
    settings: Settings, ledger: Ledger, view: GovView, clock: Clock
) -> AccessLog:
    """Its writer thread starts here; `Container.close` writes what is queued and stops it."""
    table = access_log_table(view, settings.backend)
    return AccessLog(table, ledger, clock, settings.access_log_queue_size)
