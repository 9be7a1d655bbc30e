"""The demo district loaded once per test run and backend, then cloned for each test.

Loading the demo (828 events) costs seconds per test; a clone costs a file copy on
SQLite and one server-side copy of the schema on PostgreSQL. A template holds
everything a freshly loaded container has once its loops have caught up: the
events, the views and their tracking positions, the sealed log (leaves, nodes,
tracking), the wrapped per-person keys, and on SQLite the generated audit key.
It holds no signed checkpoint: a fresh container signs its first checkpoint
within a second of loading, so the clone's sealer signs one when it starts,
stamped with the clone's time, and the "every N seconds" rule counts from there.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
from psycopg.sql import SQL, Identifier

from domain.actors import SYSTEM
from infra.container import Container, build_container
from infra.keystore import keys_path
from infra.registry_file import demo_registry_path, load_registry_file
from infra.settings import Settings
from tests.demo_postgres import PostgresTemplate, drop_schema

# Where a test's data lives and how its loops and limits run, not what the demo
# stores: a clone may differ from the template in these, in nothing else (or it is
# loaded afresh).
NOT_SHAPING_THE_DATA = {
    "sqlite_path",
    "postgres_schema",
    "postgres_pool_size",
    "postgres_max_overflow",
    "catchup_interval_seconds",
    "sealing_interval_seconds",
    "scheduler_interval_seconds",
    "rate_limit_enabled",
    "scheduler_in_process",
    "self_audit_enabled",
    "self_audit_period_seconds",
    "self_audit_interval_seconds",
    "self_audit_slice",
    "integrity_cache_seconds",
    "heartbeat_interval_seconds",
    "heartbeat_stale_seconds",
    "ready_max_projection_lag",
    "ready_max_sealing_lag",
    "stuck_retry_seconds",
    "stuck_retry_max_seconds",
}


def load_demo(container: Container) -> None:
    container.registry.import_tree(SYSTEM, *load_registry_file(demo_registry_path()))


def what_shapes_the_data(settings: Settings) -> dict:
    return settings.model_dump(exclude=NOT_SHAPING_THE_DATA)


def fill_template(settings: Settings) -> None:
    """Load the demo into `settings`' database, then views and sealed log up to it."""
    built = build_container(settings, start=False)
    try:
        load_demo(built)
        built.runner.catch_up()
        sealing = built.audit_parts.sealing
        sealing.checkpointer.maybe_checkpoint = lambda: None  # see the module docstring
        sealing.catch_up()
        position = built.ledger.position()
        assert built.view.position() == position, "the template's views lag the log"
        assert built.audit_parts.store.sealed_position() == position, (
            "the template is not sealed"
        )
    finally:
        built.close()


class SQLiteTemplate:
    """One ledger file (events, views, sealed log), its key file and the audit key."""

    def __init__(self, settings: Settings):
        self.settings = settings
        fill_template(settings)

    def clone_into(self, target: Settings) -> None:
        source, destination = self.settings.sqlite_path, target.sqlite_path
        destination.parent.mkdir(parents=True, exist_ok=True)
        for path_of in (lambda p: p, keys_path):
            _sqlite_copy(path_of(source), path_of(destination))
        key = self.settings.audit_dev_key_path()
        shutil.copy2(key, target.audit_dev_key_path())

    def drop(self) -> None:
        """Its files are in the directory `DemoTemplates.drop` removes."""


def _sqlite_copy(source: Path, destination: Path) -> None:
    """The backup API copies committed pages, including those still in the WAL."""
    with (
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(destination)) as dst,
    ):
        src.backup(dst)


# Connections of this database, other than the asking one, whose last statement
# named the schema (every statement the service sends names its schema).
LEFT_RUNNING = (
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND pid <> pg_backend_pid() AND position(%s in query) > 0"
)


class DemoTemplates:
    """The templates of one test run (per xdist worker), each made when first needed."""

    def __init__(
        self,
        sqlite_settings: Callable[[Path], Settings],
        postgres_settings: Callable[[str], Settings],
        connect: Callable[[], psycopg.Connection],
    ):
        self.sqlite_settings, self.postgres_settings, self.connect = (
            sqlite_settings,
            postgres_settings,
            connect,
        )
        # (backend, what shapes the data) → its template; how often each was asked for
        self.made: dict[tuple[str, str], SQLiteTemplate | PostgresTemplate] = {}
        self.asked: dict[tuple[str, str], int] = {}
        self.directories: list[Path] = []
        self.warm: str | None = None  # tests/demo_postgres.py
        self.left: list[str] = []  # warm schemas a leaked container still used

    def warm_schema(self) -> str:
        """The worker's one schema that tests of the demo `container` fixture reuse."""
        if self.warm is None:
            self.warm = f"t_warm_{uuid.uuid4().hex[:12]}"
            with self.connect() as conn:
                conn.execute(SQL("CREATE SCHEMA {}").format(Identifier(self.warm)))
        return self.warm

    def release_warm(self) -> None:
        """After a test: a container it left running would write into the next test's
        rows, so a warm schema some connection still queries is left to it (dropped at
        the end of the run, as every test's own schema used to be at its end)."""
        if self.warm is None:
            return
        with self.connect() as conn:
            (users,) = conn.execute(LEFT_RUNNING, (self.warm,)).fetchone() or (0,)
        if users:
            self.left.append(self.warm)
            self.warm = None

    def container(self, settings: Settings, **build: Any) -> Container:
        """`build_container(settings, **build)` on the demo, as if `load_demo` ran."""
        template = self.for_settings(settings)
        if template is not None:
            template.clone_into(settings)
        built = build_container(settings, **build)
        if template is None:
            load_demo(built)
        return built

    def for_settings(
        self, settings: Settings
    ) -> SQLiteTemplate | PostgresTemplate | None:
        """The template to clone for these settings; None: load the demo afresh.

        The usual shape has its template from the first test; another shape (a file of
        tests with their own request profile) gets one when it is asked for again."""
        shape = (settings.backend, repr(sorted(what_shapes_the_data(settings).items())))
        if shape in self.made:
            return self.made[shape]
        self.asked[shape] = self.asked.get(shape, 0) + 1
        usual = self.usual_shape(settings.backend)
        if shape[1] != usual and self.asked[shape] < 2:
            return None
        self.made[shape] = self._make(settings if shape[1] != usual else None, shape[0])
        return self.made[shape]

    def usual_shape(self, backend: str) -> str:
        usual = (
            self.sqlite_settings(Path("usual"))
            if backend == "sqlite"
            else self.postgres_settings("usual")
        )
        return repr(sorted(what_shapes_the_data(usual).items()))

    def _make(
        self, like: Settings | None, backend: str
    ) -> SQLiteTemplate | PostgresTemplate:
        """A template of the usual shape (`like` None), or of `like`'s."""
        if backend == "sqlite":
            directory = Path(tempfile.mkdtemp(prefix="gov-demo-template-"))
            self.directories.append(directory)
            usual = self.sqlite_settings(directory)
            return SQLiteTemplate(
                like.model_copy(update={"sqlite_path": usual.sqlite_path})
                if like
                else usual
            )
        schema = f"t_tmpl_{uuid.uuid4().hex[:12]}"
        with self.connect() as conn:
            conn.execute(SQL("CREATE SCHEMA {}").format(Identifier(schema)))
        try:
            settings = (
                like.model_copy(update={"postgres_schema": schema})
                if like
                else self.postgres_settings(schema)
            )
            fill_template(settings)
            return PostgresTemplate(settings, self.connect)
        except BaseException:
            drop_schema(self.connect, schema)
            raise

    def drop(self) -> None:
        for schema in [*self.left, *([self.warm] if self.warm else [])]:
            drop_schema(self.connect, schema)
        for template in self.made.values():
            template.drop()
        self.made.clear()
        for directory in self.directories:
            shutil.rmtree(directory, ignore_errors=True)
