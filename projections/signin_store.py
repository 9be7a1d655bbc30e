"""Sign-in's own tables on each backend: phone blind index, codes, sessions,
passwords.

Not views of governance facts except the phone index (a projection of the people
events, applied by application/signin/phones.py with a version guard, so two
processes catching up at once cannot bring back an older number).
"""

from __future__ import annotations

from typing import Any

REAL = {"sqlite": "REAL", "postgres": "DOUBLE PRECISION"}


def ddl(backend: str) -> list[str]:
    real = REAL[backend]
    return [
        "CREATE TABLE IF NOT EXISTS gov_signin_phones (person_id TEXT PRIMARY KEY, "
        "phone_hash TEXT, version INTEGER NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_gov_signin_phones_hash "
        "ON gov_signin_phones (phone_hash)",
        "CREATE TABLE IF NOT EXISTS gov_signin_position (name TEXT PRIMARY KEY, "
        "position BIGINT NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS gov_signin_codes (code_id TEXT PRIMARY KEY, "
        f"phone_hash TEXT NOT NULL, code_hash TEXT NOT NULL, "
        f"address_hash TEXT NOT NULL, "
        f"created_at {real} NOT NULL, expires_at {real} NOT NULL, "
        f"tries INTEGER NOT NULL DEFAULT 0, used INTEGER NOT NULL DEFAULT 0)",
        "CREATE INDEX IF NOT EXISTS ix_gov_signin_codes_phone ON gov_signin_codes "
        "(phone_hash, created_at)",
        "CREATE INDEX IF NOT EXISTS ix_gov_signin_codes_address ON gov_signin_codes "
        "(address_hash, created_at)",
        f"CREATE TABLE IF NOT EXISTS gov_signin_sessions ("
        f"session_hash TEXT PRIMARY KEY, "
        f"person_id TEXT NOT NULL, created_at {real} NOT NULL, "
        f"last_seen_at {real} NOT NULL, ended_at {real})",
        "CREATE TABLE IF NOT EXISTS gov_signin_passwords (person_id TEXT PRIMARY KEY, "
        "password_hash TEXT NOT NULL)",
    ]


UPSERT_PHONE = (
    "INSERT INTO gov_signin_phones (person_id, phone_hash, version) "
    "VALUES (:person_id, :phone_hash, :version) ON CONFLICT (person_id) DO UPDATE "
    "SET phone_hash = excluded.phone_hash, version = excluded.version "
    "WHERE excluded.version > gov_signin_phones.version"
)
SET_POSITION = (
    "INSERT INTO gov_signin_position (name, position) VALUES ('phones', :position) "
    "ON CONFLICT (name) DO UPDATE SET position = excluded.position "
    "WHERE excluded.position > gov_signin_position.position"
)
ADD_CODE = (
    "INSERT INTO gov_signin_codes (code_id, phone_hash, code_hash, address_hash, "
    "created_at, expires_at) VALUES (:code_id, :phone_hash, :code_hash, :address_hash, "
    ":created_at, :expires_at)"
)
ADD_SESSION = (
    "INSERT INTO gov_signin_sessions "
    "(session_hash, person_id, created_at, last_seen_at) "
    "VALUES (:session_hash, :person_id, :created_at, :last_seen_at)"
)
SET_PASSWORD = (
    "INSERT INTO gov_signin_passwords (person_id, password_hash) "
    "VALUES (:person_id, :password_hash) ON CONFLICT (person_id) "
    "DO UPDATE SET password_hash = excluded.password_hash"
)
COUNT_CODES = {
    column: "SELECT COUNT(*) AS n FROM gov_signin_codes "
    f"WHERE {column} = :v AND created_at > :t"
    for column in ("phone_hash", "address_hash")
}


class SignInTables:
    """Over a read model's datastore (its connections and its SQL dialect)."""

    def __init__(self, view: Any, backend: str):
        self.view, self.backend = view, backend
        self.dialect = view._sql if backend == "postgres" else (lambda sql: sql)
        for statement in ddl(backend):
            self.execute(statement)

    def execute(self, sql: str, params: dict[str, Any] | None = None) -> int:
        with self.view.datastore.transaction(commit=True) as cursor:
            cursor.execute(self.dialect(sql), params or {})
            return getattr(cursor, "sqlite_cursor", cursor).rowcount

    def one(self, sql: str, params: dict[str, Any]) -> dict[str, Any] | None:
        rows = self.view.fetch(sql, params)
        return rows[0] if rows else None

    def count(self, sql: str, params: dict[str, Any]) -> int:
        """The `n` of a COUNT query (which always answers one row)."""
        return int(self.view.fetch(sql, params)[0]["n"])

    def phones_position(self) -> int:
        row = self.one(
            "SELECT position FROM gov_signin_position WHERE name = 'phones'", {}
        )
        return int(row["position"]) if row else 0

    def index_phones(
        self, rows: list[tuple[str, str | None, int]], position: int
    ) -> None:
        with self.view.datastore.transaction(commit=True) as cursor:
            for person_id, phone_hash, version in rows:
                params = {
                    "person_id": person_id,
                    "phone_hash": phone_hash,
                    "version": version,
                }
                cursor.execute(self.dialect(UPSERT_PHONE), params)
            cursor.execute(self.dialect(SET_POSITION), {"position": position})

    def person_for_phone(self, phone_hash: str) -> str | None:
        sql = (
            "SELECT person_id FROM gov_signin_phones WHERE phone_hash = :h "
            "ORDER BY person_id"
        )
        row = self.one(sql, {"h": phone_hash})
        return row["person_id"] if row else None

    def add_code(self, row: dict[str, Any]) -> None:
        self.execute(ADD_CODE, row)

    def latest_code(self, phone_hash: str) -> dict[str, Any] | None:
        sql = (
            "SELECT * FROM gov_signin_codes WHERE phone_hash = :h "
            "ORDER BY created_at DESC, code_id LIMIT 1"
        )
        return self.one(sql, {"h": phone_hash})

    def codes_since(self, column: str, value: str, since: float) -> int:
        sql = COUNT_CODES[column]  # a KeyError for any other column: never input
        return self.count(sql, {"v": value, "t": since})

    def locked_since(self, phone_hash: str, since: float, tries: int) -> bool:
        sql = (
            "SELECT COUNT(*) AS n FROM gov_signin_codes WHERE phone_hash = :h "
            "AND created_at > :t AND tries >= :tries"
        )
        return self.count(sql, {"h": phone_hash, "t": since, "tries": tries}) > 0

    def count_try(self, code_id: str) -> None:
        self.execute(
            "UPDATE gov_signin_codes SET tries = tries + 1 WHERE code_id = :c",
            {"c": code_id},
        )

    def use_code(self, code_id: str) -> bool:
        """Mark the code used; False when another sign-in used it first."""
        sql = "UPDATE gov_signin_codes SET used = 1 WHERE code_id = :c AND used = 0"
        return self.execute(sql, {"c": code_id}) == 1

    def add_session(self, row: dict[str, Any]) -> None:
        self.execute(ADD_SESSION, row)

    def session(self, session_hash: str) -> dict[str, Any] | None:
        sql = "SELECT * FROM gov_signin_sessions WHERE session_hash = :s"
        return self.one(sql, {"s": session_hash})

    def touch_session(self, session_hash: str, now: float) -> None:
        sql = "UPDATE gov_signin_sessions SET last_seen_at = :t WHERE session_hash = :s"
        self.execute(sql, {"t": now, "s": session_hash})

    def end_session(self, session_hash: str, now: float) -> None:
        sql = (
            "UPDATE gov_signin_sessions SET ended_at = :t "
            "WHERE session_hash = :s AND ended_at IS NULL"
        )
        self.execute(sql, {"t": now, "s": session_hash})

    def set_password(self, person_id: str, password_hash: str) -> None:
        self.execute(
            SET_PASSWORD, {"person_id": person_id, "password_hash": password_hash}
        )

    def password_hash(self, person_id: str) -> str | None:
        sql = "SELECT password_hash FROM gov_signin_passwords WHERE person_id = :p"
        row = self.one(sql, {"p": person_id})
        return row["password_hash"] if row else None
