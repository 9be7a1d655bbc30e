"""`gov serve` on PostgreSQL keeps the runners out of its API process (issue 16): the
projections, sealing and the scheduler run in the `gov worker` it starts and supervises,
also with one API process; told that a worker runs elsewhere, it starts none."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_processes import (
    Clients,
    Service,
    assert_views_exact,
    schema,  # noqa: F401 - a fixture
)
from tests.integration.test_supervision import GOV, poll_ready, worker_of


def runner_pids(service: Service) -> dict[str, int]:
    body = poll_ready(service, lambda status, _: status == 200, timeout=60)
    return {r["name"]: r["pid"] for r in body["runners"]}


@pytest.mark.postgres
def test_one_api_process_on_postgres_runs_its_runners_in_a_supervised_worker(
    tmp_path: Path,
    schema: str,  # noqa: F811 - the fixture
) -> None:
    service = Service(tmp_path, schema)
    try:
        service.run("demo", "load")
        argv = [GOV, "serve", "--no-demo", "--port", str(service.port)]
        serve = service.start("serve", argv)
        service.wait_healthy("serve")
        worker = worker_of(serve.pid)
        assert worker, "gov serve on PostgreSQL started no worker"
        pids = runner_pids(service)
        assert pids["catch-up"] == pids["sealing"] == worker != serve.pid
        clients = Clients(service)
        clients.parallel(clients.raise_, list(range(6)))
        assert_views_exact(clients)  # the worker projects what the API acknowledged
    finally:
        service.stop_all()


@pytest.mark.postgres
def test_gov_serve_told_a_worker_runs_elsewhere_starts_none(
    tmp_path: Path,
    schema: str,  # noqa: F811 - the fixture
) -> None:
    service = Service(tmp_path, schema)
    try:
        service.run("demo", "load")
        service.start_worker()  # the operator's own gov worker
        argv = [GOV, "serve", "--no-demo", "--port", str(service.port)]
        apart = {"GOV_PROJECTIONS_IN_PROCESS": "false"}
        serve = service.start("serve", argv, **apart, GOV_SCHEDULER_IN_PROCESS="false")
        service.wait_healthy("serve")
        pids = runner_pids(service)
        assert worker_of(serve.pid) is None
        assert serve.pid not in pids.values()
    finally:
        service.stop_all()
