"""`gov doctor`'s database checks: reachable, schema there, tables there, clock, positions.

Reading only: SQLite is opened read-only, PostgreSQL through one short connection
outside the pools. Only when those pass is a container built (every table then
exists, so its `CREATE … IF NOT EXISTS` changes nothing) to read the positions
and the calendar years an administrator loaded.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

import psycopg

from infra.doctor import Finding, error, passed, sqlite_path_findings, warning
from infra.keystore import keys_path
from infra.schema_setup import connection_args
from infra.settings import Settings

# The tables every version of the service has had; one missing means a schema the
# service never finished creating, or a database of something else.
CORE_TABLES = frozenset(
    {
        "gov_units",
        "gov_people",
        "gov_requests",
        "gov_tasks",
        "gov_audit_leaves",
        "gov_audit_checkpoints",
        "gov_runner_status",
    }
)
EVENTS_TABLE = {"sqlite": "stored_events", "postgres": "ledger_events"}
CLOCK_SKEW_SECONDS = 5.0  # more than this between this machine and PostgreSQL
START_ONCE = (
    "启动一次 `gov worker`（或 `gov serve`）以建表；若是从备份恢复，用 `gov restore`"
)


def database_findings(settings: Settings) -> tuple[bool, list[Finding]]:
    """(whether the schema is complete, the findings)."""
    if settings.backend == "sqlite":
        return _sqlite(settings)
    return _postgres(settings)


def _sqlite(settings: Settings) -> tuple[bool, list[Finding]]:
    path = settings.sqlite_path
    found = sqlite_path_findings(path)
    if found:
        return False, found
    if not path.exists():
        return False, [
            warning("数据库", f"数据库文件 {path} 尚不存在（空部署）", START_ONCE)
        ]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute(SQLITE_TABLES)}
        finally:
            conn.close()
    except sqlite3.DatabaseError as broken:
        fix = "改正 GOV_SQLITE_PATH，或用 `gov restore` 从备份恢复"
        return False, [
            error("数据库", f"{path} 不是可读的 SQLite 数据库：{broken}", fix)
        ]
    found = [passed("数据库", f"SQLite {path} 可读")]
    complete, structure = _tables("sqlite", tables)
    return complete, [*found, *structure, *_key_store(settings)]


SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"


def _key_store(settings: Settings) -> list[Finding]:
    """The per-person keys live in a file beside the ledger; the two move together."""
    keys = keys_path(settings.sqlite_path)
    if settings.personal_data_encryption and not keys.exists():
        return [
            error(
                "数据库",
                f"个人信息密钥库 {keys} 不存在：已加密的姓名、电话无法解密",
                "从与账本同一次的备份恢复两者（`gov restore`），不要只复制账本文件",
            )
        ]
    return []


def _postgres(settings: Settings) -> tuple[bool, list[Finding]]:
    where = (
        f"{settings.postgres_host}:{settings.postgres_port}/{settings.postgres_dbname}"
    )
    args = {**connection_args(settings), "connect_timeout": 3}
    try:
        with psycopg.connect(**args, autocommit=True) as conn:
            schema, tables, skew = _pg_facts(conn, settings.postgres_schema)
    except psycopg.Error as unreachable:
        reason = str(unreachable).strip().splitlines()[0] if str(unreachable) else ""
        fix = "检查 GOV_DATABASE_URL（或 GOV_POSTGRES_HOST/PORT/USER/PASSWORD/DBNAME）与服务器是否在运行"
        return False, [error("数据库", f"无法连接 PostgreSQL {where}：{reason}", fix)]
    found = [passed("数据库", f"PostgreSQL {where} 可连接"), *_skew(skew)]
    if not schema:
        name = settings.postgres_schema
        text = f"模式 GOV_POSTGRES_SCHEMA={name} 不存在：服务启动时会失败"
        return False, [*found, error("结构", text, f"CREATE SCHEMA {name}；或改正名字")]
    complete, structure = _tables("postgres", tables)
    return complete, [*found, *structure]


def _pg_facts(conn: Any, schema: str) -> tuple[bool, set[str], float]:
    present = conn.execute(
        "SELECT 1 FROM information_schema.schemata WHERE schema_name = %s", (schema,)
    ).fetchone()
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
        (schema,),
    ).fetchall()
    (server_now,) = conn.execute("SELECT now()").fetchone()
    skew = (server_now - datetime.now(UTC)).total_seconds()
    return present is not None, {r[0] for r in rows}, skew


def _skew(seconds: float) -> list[Finding]:
    if abs(seconds) <= CLOCK_SKEW_SECONDS:
        return [passed("时钟", f"本机与数据库时钟相差 {abs(seconds):.1f} 秒")]
    return [
        error(
            "时钟",
            f"本机时钟与 PostgreSQL 相差 {seconds:+.0f} 秒：期限与签名时间会错",
            "两台机器都启用时间同步（chrony 或 systemd-timesyncd）",
        )
    ]


def _tables(backend: str, tables: set[str]) -> tuple[bool, list[Finding]]:
    events = EVENTS_TABLE[backend]
    if not tables:
        return False, [warning("结构", "数据库是空的（尚未建表）", START_ONCE)]
    missing = sorted((CORE_TABLES | {events}) - tables)
    if missing:
        text = f"缺少表 {', '.join(missing)}：结构不完整或不是本服务的数据库"
        return False, [error("结构", text, START_ONCE)]
    return True, [passed("结构", f"{len(tables)} 张表齐全")]


def position_findings(container: Any, now: datetime) -> list[Finding]:
    """The log, the views and the sealed log agree; the newest checkpoint is not in the future."""
    from infra.readiness import positions
    from infra.rebuild import version_findings

    figures = positions(container)
    head, view, sealed = (
        figures["log_position"],
        figures["view_position"],
        figures["sealed_position"],
    )
    text = f"日志头 {head}，视图位置 {view}，封存位置 {sealed}"
    if view > head or sealed > head:
        fix = "视图或审计表来自另一份日志：从同一次备份恢复（`gov restore`），或重建视图（`gov rebuild`）"
        return [error("结构", f"{text}：视图或封存超过了日志头", fix)]
    found = [passed("结构", text), *version_findings(container)]
    latest = container.audit_parts.store.latest_checkpoint()
    newest = datetime.fromisoformat(latest["at"]) if latest else None
    if newest is not None and (newest - now).total_seconds() > 300:
        found.append(
            error(
                "时钟",
                f"最新审计检查点的时间 {newest.isoformat()} 晚于本机时钟：时钟被回拨了",
                "校正本机时钟并启用时间同步（chrony 或 systemd-timesyncd）",
            )
        )
    return found
