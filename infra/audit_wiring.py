"""Builds the audit log's parts from Settings: the sealed-log store, signer, sealing loop, service."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment

from application.as_of import AsOfQueries
from application.audit.checkpoints import Checkpointer, LogSigner
from application.audit.dossier import Dossiers
from application.audit.export import BundleWriter, Recorder
from application.audit.integrity import IntegrityWatch
from application.audit.scopes import AuditExports
from application.audit.self_audit import SelfAuditor
from application.audit.service import AuditService
from application.audit.topic_dossier import TopicDossiers
from application.audit.witnesses import WitnessReads, WitnessService
from application.calendar.deadlines import Clock, utc_now
from application.ledger import Ledger
from application.requests.queries import QueryService
from infra.audit_keys import load_log_signer
from infra.sealing_runner import SealingRunner
from infra.self_audit_runner import SelfAuditLoop, row_at, rows_between
from infra.settings import Settings
from infra.storage_hardening import refuse_rewrites
from projections.audit_queries import (
    aggregates_in_units,
    cosignatures,
    topics_in_units,
    witness_keys,
)
from projections.ordered_log import OrderedReads
from projections.replay import replayed
from projections.sealing import SealStore
from projections.sealing_schema import SEAL_TABLES
from projections.self_audit_store import SelfAuditStore
from projections.view import GovView


@dataclass
class AuditParts:
    store: SealStore
    signer: LogSigner
    sealing: SealingRunner
    service: AuditService
    exports: AuditExports
    witnesses: WitnessService
    dossiers: Dossiers
    topic_dossiers: TopicDossiers
    as_of: AsOfQueries
    integrity: IntegrityWatch
    # None: turned off (GOV_SELF_AUDIT_ENABLED=false)
    self_audit: SelfAuditLoop | None = None

    def start(self, sealing_here: bool) -> None:
        """The sealer and the self-audit run where the views are projected (not in API-only processes)."""
        if sealing_here:
            self.sealing.start()
            if self.self_audit is not None:
                self.self_audit.start()

    def close(self) -> None:
        if self.self_audit is not None:
            self.self_audit.stop()
        self.sealing.stop()
        self.store.datastore.close()


def build_seal_store(settings: Settings, env: dict[str, str]) -> SealStore:
    factory = InfrastructureFactory[SealStore].construct(Environment("auditseal", env))
    return factory.tracking_recorder(seal_store_class(settings))


def seal_store_class(settings: Settings) -> type[SealStore]:
    if settings.backend == "sqlite":
        from projections.sealing_sqlite import SQLiteSealStore

        return SQLiteSealStore
    from projections.sealing_postgres import PostgresSealStore

    return PostgresSealStore


def build_audit(
    settings: Settings,
    env: dict[str, str],
    ledger: Ledger,
    view: GovView,
    reads: tuple[QueryService, Callable[[str], dict[str, Any]]],
    clock: Clock = utc_now,
) -> AuditParts:
    """`reads`: the request queries and the topic read that dossiers check access with."""
    store = build_seal_store(settings, env)  # creates the sealed log's tables
    signer = load_log_signer(settings)
    refuse_rewrites(
        settings,
        (getattr(ledger.recorder, "events_table_name", "stored_events"), *SEAL_TABLES),
    )
    integrity = IntegrityWatch(SelfAuditStore(store), settings.integrity_cache_seconds)
    if isinstance(ledger.recorder, OrderedReads):
        # the ledger acts only on events in order in the log (docs/audit.md §6)
        ledger.recorder.sealed = store
    witnessing = WitnessReads(
        lambda: witness_keys(view), lambda sizes: cosignatures(view, sizes)
    )
    service = AuditService(
        store, signer.verifier_key(), witnessing, row_at(ledger.recorder)
    )
    return AuditParts(
        store,
        signer,
        build_sealing(settings, ledger, store, signer, integrity),
        service,
        build_exports(ledger, view, store, signer, witnessing),
        WitnessService(ledger, store.checkpoint, integrity),
        Dossiers(reads[0], service),
        TopicDossiers(ledger, store, service, reads[1]),
        AsOfQueries(ledger, lambda stop, until: replayed(ledger, stop, until), clock),
        integrity,
        build_self_audit(settings, store, ledger, signer),
    )


def build_sealing(
    settings: Settings,
    ledger: Ledger,
    store: SealStore,
    signer: LogSigner,
    integrity: IntegrityWatch,
) -> SealingRunner:
    """The loop that seals each new event and signs checkpoints of the sealed log."""
    checkpointer = Checkpointer(
        store,
        signer,
        settings.checkpoint_every_events,
        settings.checkpoint_every_seconds,
        utc_now,
        integrity,
    )
    return SealingRunner(
        ledger,
        store,
        checkpointer,
        settings.sealing_interval_seconds,
        retry=(settings.stuck_retry_seconds, settings.stuck_retry_max_seconds),
    )


def build_exports(
    ledger: Ledger,
    view: GovView,
    store: SealStore,
    signer: LogSigner,
    witnessing: WitnessReads,
) -> AuditExports:
    return AuditExports(
        ledger,
        store,
        # the ledger's recorder is an ordered one (projections/ordered_log.py), which
        # reads an aggregate's logged events; the library's type does not say so
        BundleWriter(store, cast(Recorder, ledger.recorder), signer, witnessing),
        lambda units: aggregates_in_units(view, units),
        lambda units: topics_in_units(view, units),
    )


def build_self_audit(
    settings: Settings, store: SealStore, ledger: Ledger, signer: LogSigner
) -> SelfAuditLoop | None:
    if not settings.self_audit_enabled:
        return None
    auditor = SelfAuditor(
        store,
        SelfAuditStore(store),
        rows_between(ledger.recorder),
        signer.verifier_key(),
        settings.self_audit_period_seconds,
        settings.self_audit_slice,
        utc_now,
    )
    return SelfAuditLoop(auditor, settings.self_audit_interval_seconds)
