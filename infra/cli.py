"""The `gov` command: serve, worker, registry import, demo data, tokens."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading

import typer

from application.signin.authentication import Authentication
from domain.actors import SYSTEM
from domain.errors import UnknownPerson
from domain.people import person_id_for
from infra.audit_cli import audit_cli
from infra.backup_cli import register as register_backup
from infra.cli_progress import register as register_progress
from infra.cli_refusals import run_refusing
from infra.container import build_container
from infra.doctor_cli import register as register_doctor
from infra.privacy_cli import keys_cli, person_cli, privacy_cli
from infra.rebuild_cli import register as register_rebuild
from infra.registry_cli import demo_cli, import_file, registry_cli
from infra.registry_file import demo_registry_path
from infra.report_cli import register as register_training
from infra.serve_options import (
    ForwardedAllowIps,
    ProxyHeaders,
    checked_settings,
    prepare_metrics_dir,
)
from infra.settings import Settings
from infra.supervisor import Supervisor

cli = typer.Typer(help="五级双向社区治理台账 — governance ledger", no_args_is_help=True)
cli.add_typer(registry_cli, name="registry")
cli.add_typer(demo_cli, name="demo")
cli.add_typer(keys_cli, name="keys")
cli.add_typer(person_cli, name="person")
cli.add_typer(privacy_cli, name="privacy")
tokens_cli = typer.Typer(help="令牌 Bearer tokens", no_args_is_help=True)
cli.add_typer(tokens_cli, name="tokens")
cli.add_typer(audit_cli, name="audit")
register_training(cli)  # gov clock …, gov report …
register_backup(cli)
register_doctor(cli)
register_rebuild(cli)
register_progress(cli)


def one_shot_settings() -> Settings:
    """For a command that reads or writes once: one connection per store, none held in reserve
    (with the setup lock and the trigger check, at most 6 PostgreSQL connections; docs/operations.md)."""
    return Settings().model_copy(
        update={"postgres_pool_size": 1, "postgres_max_overflow": 0}
    )


@cli.command()
def token(
    person_ref: str, ttl_hours: int = typer.Option(12, help="有效期（小时）")
) -> None:
    """为某人签发令牌并打印（如演示居民 P0038）。Print a bearer token for a person."""
    container = build_container(one_shot_settings(), start=False)
    try:
        person = container.ledger.person(person_id_for(person_ref))
        typer.echo(container.tokens.issue(str(person.id), ttl_seconds=ttl_hours * 3600))
    except UnknownPerson:
        typer.echo(
            f"error: no person with ref {person_ref!r} (demo refs: P0001..P0338)",
            err=True,
        )
        raise typer.Exit(2) from None
    finally:
        container.close()


@tokens_cli.command("revoke")
def tokens_revoke(
    person_ref: str,
    reason: str = typer.Option(..., help="原因（随撤销一并记录）"),
) -> None:
    """撤销某人至今签发的所有令牌（如令牌泄露）；之后的新令牌可用。Revoke a person's tokens."""
    container = build_container(one_shot_settings(), start=False)
    try:
        revoked = Authentication(container.ledger, container.tokens).revoke(
            SYSTEM, person_ref, reason
        )
        typer.echo(
            f"tokens of {person_ref} issued before {revoked['tokens_revoked_before']} are revoked"
        )
    except UnknownPerson:
        typer.echo(f"error: no person with ref {person_ref!r}", err=True)
        raise typer.Exit(2) from None
    finally:
        container.close()


@cli.command()
def scheduler(once: bool = typer.Option(False, help="只运行一轮后退出")) -> None:
    """单独运行期限记录（及自动上报），不提供服务。Record passed deadlines alone."""
    settings = Settings()
    container = build_container(
        settings.model_copy(update={"scheduler_in_process": False}), start=True
    )
    try:
        if once:
            typer.echo(container.scheduler.run_once())
            return
        container.scheduler.start()
        _wait_for_signal(container)
    finally:
        container.close()


SUPERVISOR_PID = "GOV_SUPERVISOR_PID"  # set by `gov serve` for the worker it supervises


def _wait_for_signal(container, supervisor: int | None = None) -> None:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.wait(0.5):
        container.runner.check()  # a dead projection thread ends the process, so it can be restarted
        if supervisor is not None and os.getppid() != supervisor:
            typer.echo(
                "worker: its gov serve has ended; stopping", err=True
            )  # never an orphan
            return


@cli.command()
def worker() -> None:
    """在本进程运行视图、封存与期限调度，直到 SIGINT/SIGTERM。Run the worker."""
    _log_warnings()
    settings = checked_settings()
    container = build_container(settings, start=True)
    typer.echo(f"worker running on {settings.backend}", err=True)
    supervisor = os.environ.get(SUPERVISOR_PID)
    try:
        _wait_for_signal(container, int(supervisor) if supervisor else None)
    finally:
        container.close()


@cli.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    demo: bool = typer.Option(True, help="向空数据库载入演示数据"),
    proxy_headers: ProxyHeaders = True,
    forwarded_allow_ips: ForwardedAllowIps = None,
) -> None:
    """运行 HTTP 服务（默认 SQLite；多个 --workers 需要 PostgreSQL）。Run the HTTP service."""
    import uvicorn

    settings = checked_settings()
    _refuse_sqlite_workers(settings, workers)
    _maybe_load_demo(settings, demo)
    _log_warnings()
    prepare_metrics_dir(workers)
    projector = _supervised_worker(settings) if workers > 1 else None
    if projector:  # the worker process runs the projections, sealing and the scheduler for all API processes
        os.environ["GOV_PROJECTIONS_IN_PROCESS"] = "false"
        os.environ["GOV_SCHEDULER_IN_PROCESS"] = "false"
        projector.start()
    try:
        uvicorn.run(
            "infra.asgi:app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            http=GUARDED_HTTP,
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
            proxy_headers=proxy_headers,
            forwarded_allow_ips=forwarded_allow_ips,
        )
    finally:
        if projector:
            projector.stop()


# Head size and time limits (infra/http_limits.py), loaded by each worker.
GUARDED_HTTP = "infra.http_limits:GuardedHttpToolsProtocol"
# A worker first re-imports this module (spawn), before it can answer uvicorn's health
# check: on a loaded machine that took over uvicorn's 5 s and every worker was killed.
WORKER_HEALTHCHECK_SECONDS = 30


def _refuse_sqlite_workers(settings: Settings, workers: int) -> None:
    if workers > 1 and settings.backend == "sqlite":
        typer.echo(
            "error: --workers > 1 needs PostgreSQL (set GOV_DATABASE_URL)", err=True
        )
        raise typer.Exit(2)


def _maybe_load_demo(settings: Settings, demo: bool) -> None:
    container = build_container(settings, start=False)
    try:
        empty = container.ledger.position() == 0
    finally:
        container.close()
    if empty and demo and settings.mode == "development":
        written = import_file(demo_registry_path(), settings, demo=True)
        typer.echo(
            f"empty database: loaded the demo district ({written} events). Try: gov token P0038",
            err=True,
        )
    elif empty:
        typer.echo(
            "empty database: load data with `gov registry import FILE` or `gov demo load`",
            err=True,
        )


def _supervised_worker(settings: Settings) -> Supervisor:
    """`gov worker` as a child, restarted with backoff when it dies (docs/operations.md)."""
    return Supervisor(
        [sys.executable, "-m", "infra.cli", "worker"],
        initial=settings.worker_restart_initial_seconds,
        cap=settings.worker_restart_max_seconds,
        healthy_after=settings.worker_healthy_after_seconds,
        on_exit=lambda pid, code: _mark_down(settings, pid, code),
        # the environment as it is before `serve` makes the API processes projection-free;
        # its own session: a Ctrl-C or a signal to the group stops it through gov serve
        # (no restart on the way out); it ends itself if gov serve dies
        env={**os.environ, SUPERVISOR_PID: str(os.getpid())},
        start_new_session=True,
    )


def _mark_down(settings: Settings, pid: int, code: int) -> None:
    """Readiness goes not-ready at once, not when the dead worker's heartbeat goes stale."""
    from infra.container import build_view
    from infra.heartbeat import HOST
    from projections.runner_status import runner_status_table

    view = build_view(settings, settings.persistence_env())
    try:
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        runner_status_table(view, settings.backend).mark_down(
            HOST, pid, f"process ended ({how}); restarting"
        )
    finally:
        view.datastore.close()


def _log_warnings() -> None:
    """Runner and supervisor warnings (a restart, a stuck batch) on stderr, with their time."""
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def main() -> None:
    run_refusing(cli)


if __name__ == "__main__":
    main()
