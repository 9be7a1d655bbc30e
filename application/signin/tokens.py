"""Bearer tokens signed by the service (HMAC-SHA256): `gov1.<payload>.<signature>`.

The payload names the signing key (`kid`, a fingerprint of the secret, never the
secret), so keys can be rotated: tokens are signed with the current secret and
still accepted under the previous secrets listed in the settings; a token whose
key is in neither list was signed with a retired key and is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any


class InvalidToken(Exception):
    """The bearer token cannot authenticate anyone; `reason` says why (shown to the client)."""

    DETAILS = {
        "missing": "no bearer token: send `Authorization: Bearer <token>`",
        "malformed": "the bearer token is malformed",
        "tampered": "the bearer token's signature does not match its content",
        "expired": "the bearer token has expired; ask for a new one",
        "retired_key": "the bearer token was signed with a retired key; ask for a new one",
        "revoked": "the bearer token was revoked; ask for a new one",
        "unknown_person": "the bearer token names no registered person",
        "erased": "the bearer token names a person whose data was erased",
    }

    DETAILS_ZH = {  # the same in Chinese, shown by default
        "missing": "缺少令牌：请以 `Authorization: Bearer <令牌>` 认证",
        "malformed": "令牌格式不正确",
        "tampered": "令牌签名与内容不符",
        "expired": "令牌已过期，请重新获取",
        "retired_key": "令牌的签名密钥已停用，请重新获取",
        "revoked": "令牌已被撤销，请重新获取",
        "unknown_person": "令牌所指的人不在名册中",
        "erased": "令牌所指的人的个人信息已被删除",
    }

    def __init__(self, reason: str):
        super().__init__(self.DETAILS[reason])
        self.reason = reason
        self.detail_en, self.detail_zh = self.DETAILS[reason], self.DETAILS_ZH[reason]


@dataclass(frozen=True)
class Claims:
    person_id: str
    issued_at: float
    key_id: str


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(secret: str) -> str:
    """A public name for a secret: a short fingerprint (the secret cannot be read back from it)."""
    return hashlib.sha256(b"gov-token-key:" + secret.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class TokenService:
    secret: str
    ttl_seconds: int = 12 * 3600
    previous_secrets: tuple[str, ...] = ()
    _keys: dict[str, bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = {key_id(s): s.encode() for s in (*self.previous_secrets, self.secret)}
        object.__setattr__(self, "_keys", keys)

    @property
    def current_key_id(self) -> str:
        return key_id(self.secret)

    def issue(
        self, person_id: str, now: float | None = None, ttl_seconds: int | None = None
    ) -> str:
        # In ms: a revocation and the next token may fall in the same second.
        issued = round(now if now is not None else time.time(), 3)
        payload = {
            "sub": person_id,
            "iat": issued,
            "exp": int(issued) + (ttl_seconds or self.ttl_seconds),
            "kid": self.current_key_id,
        }
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"gov1.{body}.{_sign(self.secret.encode(), body)}"

    def claims(self, token: str, now: float | None = None) -> Claims:
        """What a genuine, unexpired token says; InvalidToken with the reason otherwise."""
        version, body, signature, payload = _parse(token)
        key = self._keys.get(payload["kid"])
        if key is None:
            raise InvalidToken("retired_key")
        if version != "gov1" or not hmac.compare_digest(signature, _sign(key, body)):
            raise InvalidToken("tampered")
        if payload["exp"] < (now if now is not None else time.time()):
            raise InvalidToken("expired")
        return Claims(payload["sub"], float(payload["iat"]), payload["kid"])

    def verify(self, token: str, now: float | None = None) -> str:
        """The person id the token was issued to."""
        return self.claims(token, now).person_id


def _sign(key: bytes, body: str) -> str:
    return _b64(hmac.new(key, body.encode(), hashlib.sha256).digest())


CLAIM_TYPES = {"sub": (str,), "iat": (int, float), "exp": (int, float), "kid": (str,)}


def _parse(token: str) -> tuple[str, str, str, dict[str, Any]]:
    try:
        version, body, signature = token.split(".")
        payload = json.loads(_unb64(body))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise InvalidToken("malformed") from None
    well_formed = isinstance(payload, dict) and all(
        isinstance(payload.get(name), kinds) and not isinstance(payload.get(name), bool)
        for name, kinds in CLAIM_TYPES.items()
    )
    if not well_formed:
        raise InvalidToken("malformed")
    return version, body, signature, payload
