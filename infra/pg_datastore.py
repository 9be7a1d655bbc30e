"""PostgreSQL connections that give up quickly in an outage and come back by themselves.

The library's recorders retry a failed call ten times (0.2 s apart), and each
try waited for a pooled connection for the pool timeout: a database that was
down kept a request waiting for tens of seconds, and a lock or statement
timeout was suffered ten times over. Here the recorders try once and the
client gets a 503 with Retry-After (api/problems.py); the client retries, with
its Idempotency-Key. Once a connection has been lost or could not be had, the
pool waits only `outage_wait` seconds for one, until one is handed out again.
The pool reconnects in the background (psycopg_pool, backoff from 1 s), and
every connection is checked before use (pre-ping), so those a restart killed
are replaced instead of failing a request. The background loops retry by
themselves (infra/runners.py).

Selected with PERSISTENCE_MODULE=infra.pg_datastore:GovPostgresFactory, or
GroupCommitPostgresFactory with group commit on (infra/settings.py builds that
environment).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError
from eventsourcing.postgres import (
    ConnectionPool,
    PostgresAggregateRecorder,
    PostgresDatastore,
    PostgresFactory,
    PostgresProcessRecorder,
    PostgresTrackingRecorder,
)
from eventsourcing.utils import retry
from psycopg.rows import dict_row

from infra.group_commit import GroupCommitPostgresRecorder
from projections.ordered_log import PostgresOrderedRecorder

# Keys of the persistence environment read here (the others are the library's).
STATEMENT_TIMEOUT = "POSTGRES_STATEMENT_TIMEOUT"  # seconds, per statement on the server
SOCKET_CONNECT_TIMEOUT = (
    "POSTGRES_SOCKET_CONNECT_TIMEOUT"  # seconds, libpq's connect_timeout
)
OUTAGE_WAIT = (
    "POSTGRES_OUTAGE_WAIT"  # seconds to wait for a connection during an outage
)


class OutageAwarePool(ConnectionPool[psycopg.Connection[dict[str, Any]]]):
    """A pool that waits only briefly while the database is known to be unreachable."""

    def __init__(self, *args: Any, outage_wait: float, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.outage_wait, self.in_outage = outage_wait, False

    def getconn(self, timeout: float | None = None) -> Any:
        if timeout is None and self.in_outage:
            timeout = self.outage_wait
        try:
            conn = super().getconn(timeout)
        except psycopg.OperationalError:  # PoolTimeout: none could be had in time
            self.in_outage = True
            raise
        self.in_outage = False
        return conn


class GovPostgresDatastore(PostgresDatastore):
    pool: OutageAwarePool

    def __init__(
        self,
        *,
        statement_timeout: float,
        socket_connect_timeout: float,
        outage_wait: float,
        **kwargs: Any,
    ):
        super().__init__(
            **kwargs
        )  # builds the library's pool, unopened; replaced below
        options = f"-c statement_timeout={int(statement_timeout * 1000)}"
        self.pool = OutageAwarePool(
            get_password_func=kwargs.get("get_password_func"),
            connection_class=psycopg.Connection,
            kwargs={
                "dbname": kwargs["dbname"],
                "host": kwargs["host"],
                "port": kwargs["port"],
                "user": kwargs["user"],
                "password": kwargs["password"],
                "row_factory": dict_row,
                "connect_timeout": max(2, round(socket_connect_timeout)),
                "options": options,
            },
            min_size=self.pool.min_size,
            max_size=self.pool.max_size,
            open=False,
            configure=self.after_connect_func(),
            timeout=self.pool.timeout,
            max_waiting=self.pool.max_waiting,
            max_lifetime=self.pool.max_lifetime,
            check=ConnectionPool.check_connection if self.pre_ping else None,
            outage_wait=outage_wait,
        )

    @contextmanager
    def get_connection(self) -> Iterator[Any]:
        conn = None
        try:
            with super().get_connection() as conn:
                yield conn
        except (OperationalError, InterfaceError):
            if conn is not None and conn.broken:  # lost, not merely timed out
                self.pool.in_outage = True
            raise


_RETRYING = retry(Exception)(lambda: None).__code__  # the code of every retry wrapper


@cache
def tried_once(recorder_class: type) -> type[Any]:
    """A subclass whose methods wrapped by the library's `retry` run once, unwrapped."""
    once = {
        name: method.__wrapped__
        for name in dir(recorder_class)
        if getattr(method := getattr(recorder_class, name), "__code__", None)
        is _RETRYING
    }
    return type(
        recorder_class.__name__,
        (recorder_class,),
        {"__module__": recorder_class.__module__, **once},
    )


def datastore_like(datastore: PostgresDatastore, env: Any) -> GovPostgresDatastore:
    pool = datastore.pool
    if not isinstance(pool.kwargs, dict):  # the library builds its pool from a dict
        raise TypeError("the library's pool holds no connection arguments to copy")
    return GovPostgresDatastore(
        dbname=pool.kwargs["dbname"],
        host=pool.kwargs["host"],
        port=pool.kwargs["port"],
        user=pool.kwargs["user"],
        password=pool.kwargs["password"],
        connect_timeout=pool.timeout,
        idle_in_transaction_session_timeout=datastore.idle_in_transaction_session_timeout,
        pool_size=pool.min_size,
        max_overflow=pool.max_size - pool.min_size,
        max_waiting=pool.max_waiting,
        conn_max_age=pool.max_lifetime,
        pre_ping=datastore.pre_ping,
        lock_timeout=datastore.lock_timeout,
        schema=datastore.schema,
        get_password_func=pool.get_password_func,
        single_row_tracking=datastore.single_row_tracking,
        originator_id_type=datastore.originator_id_type,
        enable_db_functions=datastore.enable_db_functions,
        statement_timeout=float(env.get(STATEMENT_TIMEOUT) or 30),
        socket_connect_timeout=float(env.get(SOCKET_CONNECT_TIMEOUT) or 3),
        outage_wait=float(env.get(OUTAGE_WAIT) or 0.1),
    )


class GovPostgresFactory(PostgresFactory):
    """The library's factory, with the datastore above and recorders that try once."""

    aggregate_recorder_class = tried_once(PostgresAggregateRecorder)
    # reads each event with its position, so the ledger acts only on events in order
    # in the log (projections/ordered_log.py, docs/audit.md §6)
    application_recorder_class = tried_once(PostgresOrderedRecorder)
    tracking_recorder_class = tried_once(PostgresTrackingRecorder)
    process_recorder_class = tried_once(PostgresProcessRecorder)

    def __init__(self, env: Any):
        super().__init__(env)
        self.datastore = datastore_like(self.datastore, self.env)

    def tracking_recorder(self, tracking_recorder_class: Any = None) -> Any:
        chosen = (
            tried_once(tracking_recorder_class) if tracking_recorder_class else None
        )
        return super().tracking_recorder(chosen)


class GroupCommitPostgresFactory(GovPostgresFactory):
    """Also saves concurrent commands in shared transactions (infra/group_commit.py)."""

    application_recorder_class = tried_once(GroupCommitPostgresRecorder)
