"""Bearer tokens signed by the service (HMAC-SHA256): `gov1.<payload>.<signature>`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass


class InvalidToken(Exception):
    """Missing, malformed, tampered or expired."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class TokenService:
    secret: str
    ttl_seconds: int = 12 * 3600

    def issue(self, person_id: str, now: float | None = None, ttl_seconds: int | None = None) -> str:
        issued = int(now if now is not None else time.time())
        payload = {"sub": person_id, "iat": issued, "exp": issued + (ttl_seconds or self.ttl_seconds)}
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"gov1.{body}.{self._sign(body)}"

    def verify(self, token: str, now: float | None = None) -> str:
        """The person id the token was issued to."""
        try:
            version, body, signature = token.split(".")
            payload = json.loads(_unb64(body))
        except ValueError:
            raise InvalidToken("malformed token") from None
        if version != "gov1" or not hmac.compare_digest(signature, self._sign(body)):
            raise InvalidToken("token signature does not match")
        if not isinstance(payload, dict) or payload.get("exp", 0) < (now if now is not None else time.time()):
            raise InvalidToken("token expired")
        return str(payload.get("sub"))

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self.secret.encode(), body.encode(), hashlib.sha256).digest())
