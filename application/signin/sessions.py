"""Cookie sessions for the pages: signed, ended by logout, idle timeout or lifetime.

The cookie holds a random session id and its HMAC; the store keeps only a hash
of the id. A session counts as a credential issued when it started, so revoking
a person's tokens (`gov tokens revoke`) or erasing them ends it too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from application.calendar.deadlines import Clock
from application.principals import Principal
from application.signin.authentication import Authentication
from application.signin.errors import SignInRefused
from application.signin.ports import SignInStore
from application.signin.tokens import InvalidToken

TOUCH_EVERY_SECONDS = 30.0  # last-seen is rewritten at most this often


@dataclass(frozen=True)
class SessionRules:
    idle_seconds: float = 30 * 60.0
    lifetime_seconds: float = 12 * 3600.0


@dataclass(frozen=True)
class Session:
    session_hash: str
    principal: Principal
    csrf: str

    def check_csrf(self, given: str | None) -> None:
        if not given or not hmac.compare_digest(self.csrf, given):
            raise SignInRefused("csrf")


class Sessions:
    def __init__(
        self,
        store: SignInStore,
        authentication: Authentication,
        secret: bytes,
        clock: Clock,
        rules: SessionRules = SessionRules(),
    ):
        self.store, self.authentication = store, authentication
        self.secret, self.clock, self.rules = secret, clock, rules

    def _mac(self, purpose: str, value: str) -> str:
        message = f"{purpose}:{value}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def start(self, person_id: str) -> str:
        """A new session for the person: the cookie value."""
        session_id, now = secrets.token_urlsafe(32), self.clock().timestamp()
        self.store.add_session(
            {
                "session_hash": _digest(session_id),
                "person_id": person_id,
                "created_at": now,
                "last_seen_at": now,
            }
        )
        return f"{session_id}.{self._mac('session', session_id)}"

    def open(self, cookie: str | None) -> Session:
        """The live session a cookie names, or SignInRefused('no_session')."""
        session_id = self._session_id(cookie)
        row, now = self.store.session(_digest(session_id)), self.clock().timestamp()
        if row is None or row["ended_at"] is not None or self._expired(row, now):
            raise SignInRefused("no_session")
        try:
            principal = self.authentication.principal_since(
                row["person_id"], row["created_at"]
            )
        except InvalidToken:
            self.store.end_session(row["session_hash"], now)
            raise SignInRefused("no_session") from None
        if now - row["last_seen_at"] > TOUCH_EVERY_SECONDS:
            self.store.touch_session(row["session_hash"], now)
        return Session(row["session_hash"], principal, self.csrf_for(session_id))

    def end(self, cookie: str | None) -> None:
        try:
            session_id = self._session_id(cookie)
        except SignInRefused:
            return
        self.store.end_session(_digest(session_id), self.clock().timestamp())

    def csrf_for(self, binding: str) -> str:
        """The form token for a session id (or an anonymous visitor's id)."""
        return self._mac("csrf", binding)

    def check_csrf(self, binding: str, given: str | None) -> None:
        if not given or not hmac.compare_digest(self.csrf_for(binding), given):
            raise SignInRefused("csrf")

    def _session_id(self, cookie: str | None) -> str:
        session_id, _, mac = (cookie or "").partition(".")
        if not session_id or not hmac.compare_digest(
            mac, self._mac("session", session_id)
        ):
            raise SignInRefused("no_session")
        return session_id

    def _expired(self, row: dict[str, Any], now: float) -> bool:
        last_seen: float = row["last_seen_at"]
        created: float = row["created_at"]
        idle = now - last_seen > self.rules.idle_seconds
        return idle or now - created > self.rules.lifetime_seconds


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()
