"""Settings from the environment (prefix GOV_) or a .env file; nothing is read at import."""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlparse

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "development-only-secret-change-me"
# 32 bytes, url-safe base64; for development only: production refuses to start with it.
DEV_MASTER_KEY = "ZGV2ZWxvcG1lbnQtb25seS1tYXN0ZXIta2V5LTMyYiE="


class InsecureSettings(Exception):
    pass


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="GOV_", env_file=".env", extra="ignore", populate_by_name=True
    )

    mode: Literal["development", "production"] = "development"
    sqlite_path: Path = Path("var/ledger.sqlite")
    database_url: str | None = Field(
        None, validation_alias=AliasChoices("GOV_DATABASE_URL", "DATABASE_URL")
    )
    postgres_host: str | None = Field(
        None, validation_alias=AliasChoices("GOV_POSTGRES_HOST", "POSTGRES_HOST")
    )
    postgres_port: int = Field(
        5432, validation_alias=AliasChoices("GOV_POSTGRES_PORT", "POSTGRES_PORT")
    )
    postgres_dbname: str = Field(
        "postgres",
        validation_alias=AliasChoices("GOV_POSTGRES_DBNAME", "POSTGRES_DBNAME"),
    )
    postgres_user: str = Field(
        "postgres", validation_alias=AliasChoices("GOV_POSTGRES_USER", "POSTGRES_USER")
    )
    postgres_password: str = Field(
        "", validation_alias=AliasChoices("GOV_POSTGRES_PASSWORD", "POSTGRES_PASSWORD")
    )
    postgres_schema: str = Field(
        "public",
        validation_alias=AliasChoices("GOV_POSTGRES_SCHEMA", "POSTGRES_SCHEMA"),
    )
    # Per store (events, views, audit) and process: connections kept open, and how many more a burst
    # may open. `gov serve --workers 4` (five processes) then idles at about 60 connections, inside
    # PostgreSQL's default 100; at 10 it took nearly all of them and the next command was refused.
    postgres_pool_size: int = 2
    postgres_max_overflow: int = 8
    # Outages (docs/operations.md): how long a request may wait for a pooled connection,
    # for a new connection, and for one statement; once a connection was lost, only
    # `postgres_outage_wait_seconds`, so it answers 503 within about the pool timeout.
    # Connections are checked before use (pre-ping) so those a restart killed are
    # replaced, not handed out.
    postgres_pool_timeout_seconds: int = Field(3, ge=1)
    postgres_connect_timeout_seconds: float = Field(3.0, gt=0)
    postgres_statement_timeout_seconds: float = Field(30.0, gt=0)
    postgres_outage_wait_seconds: float = Field(0.1, gt=0)
    postgres_pre_ping: bool = True
    # the library's insert function, without the table lock (ids may commit out of order;
    # the runners then read through infra/gap_guard.py)
    postgres_db_functions: bool = False
    # concurrent commands' events saved in shared transactions (infra/group_commit.py)
    group_commit: bool = True
    # SQLite: a write waits this long for the file lock, then answers 503.
    sqlite_busy_timeout_seconds: int = Field(10, ge=1)
    token_secret: str = DEV_SECRET
    token_ttl_seconds: int = 12 * 3600
    # Key rotation (docs/security.md): tokens signed with these are still accepted; JSON list in the env.
    token_previous_secrets: list[str] = []
    # Writes (POST/PUT/PATCH/DELETE) per bearer token and per client address: token buckets that
    # hold `burst` writes and refill at `rate` per second, in each API process (docs/security.md).
    rate_limit_enabled: bool = True
    write_rate_per_token: float = Field(1.0, gt=0)
    write_burst_per_token: int = Field(30, ge=1)
    write_rate_per_address: float = Field(10.0, gt=0)
    write_burst_per_address: int = Field(300, ge=1)
    read_wait_seconds: float = 5.0
    allow_level_skip: bool = False
    request_profile: Literal["standard", "auto-escalate"] = "standard"
    deliberation_profile: Literal[
        "wenzhou-2021", "lishui-2017", "jinhua-2023", "shaoxing-2024"
    ] = "wenzhou-2021"
    scheduler_in_process: bool = True
    scheduler_interval_seconds: float = 30.0
    projections_in_process: bool = True
    catchup_interval_seconds: float = 0.2
    max_body_bytes: int = 64 * 1024
    # A request's head (request line and headers): larger is refused 431; one not
    # complete this long after the connection opened or the last answer is 408
    # (infra/http_limits.py, `gov serve` only; docs/security.md).
    max_header_bytes: int = Field(32 * 1024, ge=1024)
    header_timeout_seconds: float = Field(10.0, gt=0)
    personal_data_encryption: bool = (
        True  # off only to measure its cost; production refuses it off
    )
    master_key: str = ""
    master_key_file: Path | None = None
    previous_master_keys: list[
        str
    ] = []  # still accepted for unwrapping until `gov keys rotate` has run
    # PostgreSQL: how long an erasure waits for older transactions before vacuuming the key table
    key_purge_wait_seconds: float = 10.0
    # audit log (docs/audit.md): the checkpoint origin and signing key, and how often to sign
    audit_origin: str = "gov-ledger/development"
    audit_signing_key: str | None = None  # base64 of the 32-byte Ed25519 private key
    audit_key_file: Path | None = None  # a file holding that base64 text
    checkpoint_every_events: int = 1000
    checkpoint_every_seconds: float = 60.0
    sealing_interval_seconds: float = 1.0
    # online self-audit (docs/audit.md §self-audit): the whole sealed log re-checked once a period,
    # in steps of at most `slice` leaves every `interval`; the newest leaves soon after sealing
    self_audit_enabled: bool = True
    self_audit_period_seconds: float = Field(3600.0, gt=0)
    self_audit_interval_seconds: float = Field(1.0, gt=0)
    self_audit_slice: int = Field(500, ge=1)
    integrity_cache_seconds: float = Field(
        1.0, ge=0
    )  # how long a process reuses the verdict it read
    # Supervision and readiness (docs/operations.md): the heartbeat of the process running the runners,
    # when its rows count as stale, `gov serve`'s restart pauses for a dead worker, a stuck batch's retry
    # pauses, and the lags (in events) beyond which /ready answers 503.
    heartbeat_interval_seconds: float = Field(1.0, gt=0)
    heartbeat_stale_seconds: float = Field(5.0, gt=0)
    worker_restart_initial_seconds: float = Field(0.5, gt=0)
    worker_restart_max_seconds: float = Field(30.0, gt=0)
    worker_healthy_after_seconds: float = Field(60.0, gt=0)
    stuck_retry_seconds: float = Field(1.0, gt=0)
    stuck_retry_max_seconds: float = Field(60.0, gt=0)
    ready_max_projection_lag: int = Field(1000, ge=0)
    ready_max_sealing_lag: int = Field(10000, ge=0)
    # the access log's writer (docs/operations.md §access log): entries queued by reads before they
    # are written in batches; a full queue makes reads wait
    access_log_queue_size: int = Field(10_000, ge=1)
    # sign-in (application/signin): who sends the codes; `auto` is the development sender
    # (service log and /dev/sms) in development mode and no sender at all outside it
    sms_sender: Literal["auto", "development", "disabled"] = "auto"
    session_idle_seconds: float = 30 * 60.0
    session_lifetime_seconds: float = 12 * 3600.0
    # Operations (docs/operations.md): the log's form (auto: JSON lines in production), and who
    # may read /metrics: a bearer token, or a client address in these networks
    log_format: Literal["auto", "json", "text"] = "auto"
    metrics_token: str | None = None
    metrics_allowed_networks: list[str] = ["127.0.0.1/32", "::1/128"]

    @model_validator(mode="after")
    def _from_url(self) -> Settings:
        if self.database_url:
            url = urlparse(self.database_url)
            self.postgres_host = url.hostname or "127.0.0.1"
            self.postgres_port = url.port or 5432
            self.postgres_dbname = url.path.lstrip("/") or "postgres"
            self.postgres_user = unquote(url.username or "postgres")
            self.postgres_password = unquote(url.password or "")
        return self

    @property
    def backend(self) -> Literal["sqlite", "postgres"]:
        return "postgres" if self.postgres_host else "sqlite"

    def check_secure(self) -> None:
        """Refuse to run outside development mode with the built-in secret."""
        if self.mode == "development":
            return
        if self.token_secret == DEV_SECRET:
            raise InsecureSettings(
                "set GOV_TOKEN_SECRET: the default secret is for development only"
            )
        if (
            not self.personal_data_encryption
            or self.current_master_key() == DEV_MASTER_KEY
        ):
            raise InsecureSettings(
                "set GOV_MASTER_KEY or GOV_MASTER_KEY_FILE; personal data must be encrypted"
            )
        if self.sms_sender == "development":
            raise InsecureSettings(
                "the development SMS sender shows codes on a page: development only"
            )
        if not (self.audit_signing_key or self.audit_key_file):
            raise InsecureSettings(
                "set GOV_AUDIT_SIGNING_KEY or GOV_AUDIT_KEY_FILE: the generated audit key "
                "is for development only"
            )

    def current_master_key(self) -> str:
        if self.master_key:
            return self.master_key
        if self.master_key_file is not None:
            return self.master_key_file.read_text().strip()
        return DEV_MASTER_KEY

    def audit_dev_key_path(self) -> Path:
        """Where development mode keeps the audit key it generates (beside the SQLite file, in var/)."""
        return self.sqlite_path.parent / "audit-signing.key"

    def persistence_env(self) -> dict[str, str]:
        if self.backend == "sqlite":
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            # secure_delete on every connection (infra/sqlite_secure.py)
            return {
                "PERSISTENCE_MODULE": "infra.sqlite_secure:SecureSQLiteFactory",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": str(self.sqlite_busy_timeout_seconds),
                "APPLICATION_RECORDER_TOPIC": (
                    "infra.group_commit:GroupCommitSQLiteRecorder"
                    if self.group_commit
                    else "projections.ordered_log:SQLiteOrderedRecorder"
                ),
            }
        return {
            "PERSISTENCE_MODULE": (
                "infra.pg_datastore:GroupCommitPostgresFactory"
                if self.group_commit
                else "infra.pg_datastore:GovPostgresFactory"
            ),
            "POSTGRES_HOST": str(self.postgres_host),
            "POSTGRES_PORT": str(self.postgres_port),
            "POSTGRES_DBNAME": self.postgres_dbname,
            "POSTGRES_USER": self.postgres_user,
            "POSTGRES_PASSWORD": self.postgres_password,
            "POSTGRES_SCHEMA": self.postgres_schema,
            "POSTGRES_POOL_SIZE": str(self.postgres_pool_size),
            "POSTGRES_MAX_OVERFLOW": str(self.postgres_max_overflow),
            "POSTGRES_LOCK_TIMEOUT": "10",
            "POSTGRES_ENABLE_DB_FUNCTIONS": "y" if self.postgres_db_functions else "n",
            **self._outage_env(),  # the application recorder: infra/pg_datastore.py
        }

    def _outage_env(self) -> dict[str, str]:
        """How long PostgreSQL calls may wait (infra/pg_datastore.py reads the last three)."""
        return {
            "POSTGRES_CONNECT_TIMEOUT": str(self.postgres_pool_timeout_seconds),
            "POSTGRES_PRE_PING": "y" if self.postgres_pre_ping else "n",
            "POSTGRES_STATEMENT_TIMEOUT": str(self.postgres_statement_timeout_seconds),
            "POSTGRES_SOCKET_CONNECT_TIMEOUT": str(
                self.postgres_connect_timeout_seconds
            ),
            "POSTGRES_OUTAGE_WAIT": str(self.postgres_outage_wait_seconds),
        }
