"""The runners' heartbeat table: one row per background runner, written by the process running it.

Not a projection of the event log: it says which process runs each runner (the
view catch-up, sealing, the scheduler), when it last beat, whether its thread is
alive and whether a batch is stuck, so that every API process, on either backend,
can tell from the database whether the worker is up. `beat_at` is the writer's
wall clock (seconds since the epoch), compared with the reader's: the processes
of one service share a host, or hosts with synchronised clocks.
"""

from __future__ import annotations

from typing import Any

DDL = (
    "CREATE TABLE IF NOT EXISTS gov_runner_status (name TEXT PRIMARY KEY, host TEXT NOT NULL, "
    "pid BIGINT NOT NULL, beat_at DOUBLE PRECISION NOT NULL, alive INTEGER NOT NULL, position BIGINT, "
    "attempts BIGINT NOT NULL DEFAULT 0, stuck_position BIGINT, stuck_error TEXT, note TEXT)"
)
UPSERT = (
    "INSERT INTO gov_runner_status (name, host, pid, beat_at, alive, position, attempts, stuck_position, "
    "stuck_error, note) VALUES (:name, :host, :pid, :beat_at, :alive, :position, :attempts, :stuck_position, "
    ":stuck_error, :note) ON CONFLICT (name) DO UPDATE SET host = excluded.host, pid = excluded.pid, "
    "beat_at = excluded.beat_at, alive = excluded.alive, position = excluded.position, "
    "attempts = excluded.attempts, stuck_position = excluded.stuck_position, "
    "stuck_error = excluded.stuck_error, note = excluded.note"
)
MARK_DOWN = "UPDATE gov_runner_status SET alive = 0, note = :note WHERE host = :host AND pid = :pid"
ROWS = (
    "SELECT name, host, pid, beat_at, alive, position, attempts, stuck_position, stuck_error, note "
    "FROM gov_runner_status ORDER BY name"
)


class RunnerStatusTable:
    """Over a read model's datastore: `view` is the backend's GovView (its connections and dialect)."""

    def __init__(self, view: Any, dialect: Any = lambda sql: sql):
        self.view, self.dialect = view, dialect

    def create(self) -> None:
        with self.view.datastore.transaction(commit=True) as cursor:
            cursor.execute(self.dialect(DDL))

    def _execute(self, sql: str, params: dict[str, Any]) -> None:
        with self.view.datastore.transaction(commit=True) as cursor:
            cursor.execute(self.dialect(sql), params)

    def beat(self, rows: list[dict[str, Any]]) -> None:
        if rows:  # one transaction for all of a process's runners
            with self.view.datastore.transaction(commit=True) as cursor:
                for row in rows:
                    cursor.execute(self.dialect(UPSERT), row)

    def mark_down(self, host: str, pid: int, note: str) -> None:
        """Another process (the supervisor) saw `pid` end: its runners are not running."""
        self._execute(MARK_DOWN, {"host": host, "pid": pid, "note": note})

    def rows(self) -> list[dict[str, Any]]:
        return self.view.fetch(ROWS, {})


def runner_status_table(view: Any, backend: str) -> RunnerStatusTable:
    table = (
        RunnerStatusTable(view)
        if backend == "sqlite"
        else RunnerStatusTable(view, view._sql)
    )
    table.create()
    return table
