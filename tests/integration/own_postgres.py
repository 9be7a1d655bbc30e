"""A PostgreSQL cluster of a test's own (initdb in a temp dir, own port), to stop.

The shared cluster is never stopped. Binaries run as the `postgres` user; the
directory is removed at the end.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.integration.test_processes import free_port

BIN = Path("/usr/lib/postgresql/15/bin")


class OwnCluster:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="gov-own-pg-"))
        shutil.chown(self.dir, "postgres", "postgres")
        self.data, self.log, self.port = (
            self.dir / "data",
            self.dir / "server.log",
            free_port(),
        )
        self._as_postgres(
            BIN / "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        )

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c log_connections=on -c max_connections=200"
        )
        self._as_postgres(
            BIN / "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start",
        )

    def stop(self, mode: str = "immediate") -> None:
        self._as_postgres(
            BIN / "pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"
        )

    def restart(self, mode: str = "immediate") -> None:
        """Same options; output to the log file (pg_ctl restart has no -l)."""
        with open(self.log, "ab") as log:
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    str(BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    mode,
                    "-w",
                    "-t",
                    "60",
                    "restart",
                ],
                check=True,
                timeout=120,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.stop("fast")
        shutil.rmtree(self.dir, ignore_errors=True)

    def execute(self, sql: str) -> list[tuple]:
        with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def connections_logged(self, application_name: str) -> int:
        """Connections ever opened under this application_name (log_connections)."""
        text = self.log.read_text(errors="replace")
        return text.count(f"application_name={application_name}")

    def _as_postgres(self, *argv: object) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, argv)],
            check=True,
            timeout=120,
            capture_output=True,
        )


@contextmanager
def running_cluster() -> Iterator[OwnCluster]:
    """A PostgreSQL cluster of the test's own, started, and removed afterwards."""
    cluster = OwnCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()
