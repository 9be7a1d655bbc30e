"""One-time sign-in codes: 6 digits, single use, 5 minutes, 5 tries, rate limited.

Only an HMAC of the code is stored (keyed with a server secret) and compared in
constant time. A phone that finds nobody is answered exactly as one that does —
a code row is written and counted, only no SMS goes out — so the answers never
tell who is registered.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass

from application.calendar.deadlines import Clock
from application.signin.errors import SignInRefused
from application.signin.phones import PhoneIndex
from application.signin.ports import SignInStore, SmsSender

HOUR = 3600.0


@dataclass(frozen=True)
class CodeRules:
    ttl_seconds: float = 300.0
    max_tries: int = 5
    lockout_seconds: float = 900.0
    resend_after_seconds: float = 60.0
    per_phone_per_hour: int = 5
    per_address_per_hour: int = 30


class OneTimeCodes:
    def __init__(
        self,
        store: SignInStore,
        phones: PhoneIndex,
        sender: SmsSender,
        secret: bytes,
        clock: Clock,
        rules: CodeRules = CodeRules(),
    ):
        self.store, self.phones, self.sender = store, phones, sender
        self.secret, self.clock, self.rules = secret, clock, rules

    def _hash(self, purpose: str, value: str) -> str:
        message = f"{purpose}:{value}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def request(self, phone: str, address: str) -> None:
        """Send a code if the phone finds a person; refuse when asked too often."""
        phone_hash, now = self.phones.blind(phone), self.clock().timestamp()
        address_hash = self._hash("address", address)
        self._check_quota(phone_hash, address_hash, now)
        code = f"{secrets.randbelow(10**6):06d}"
        self.store.add_code(
            {
                "code_id": uuid.uuid4().hex,
                "phone_hash": phone_hash,
                "code_hash": self._hash("code", code),
                "address_hash": address_hash,
                "created_at": now,
                "expires_at": now + self.rules.ttl_seconds,
            }
        )
        if self.phones.person_for(phone_hash) is not None:
            self.sender.send(
                phone, f"【社区治理台账】您的登录验证码是{code}，5分钟内有效。"
            )

    def _check_quota(self, phone_hash: str, address_hash: str, now: float) -> None:
        rules = self.rules
        if self.store.locked_since(
            phone_hash, now - rules.lockout_seconds, rules.max_tries
        ):
            raise SignInRefused("locked")
        if self.store.codes_since(
            "phone_hash", phone_hash, now - rules.resend_after_seconds
        ):
            raise SignInRefused("too_soon")
        if (
            self.store.codes_since("phone_hash", phone_hash, now - HOUR)
            >= rules.per_phone_per_hour
        ):
            raise SignInRefused("phone_quota")
        by_address = self.store.codes_since("address_hash", address_hash, now - HOUR)
        if by_address >= rules.per_address_per_hour:
            raise SignInRefused("address_quota")

    def verify(self, phone: str, code: str) -> str:
        """The person the phone finds, once its latest code matches (then used up)."""
        phone_hash, now = self.phones.blind(phone), self.clock().timestamp()
        rules = self.rules
        if self.store.locked_since(
            phone_hash, now - rules.lockout_seconds, rules.max_tries
        ):
            raise SignInRefused("locked")
        latest = self.store.latest_code(phone_hash)
        if latest is None or latest["used"] or latest["expires_at"] < now:
            raise SignInRefused("wrong_code")
        given = self._hash("code", (code or "").strip())
        if not hmac.compare_digest(given, latest["code_hash"]):
            self.store.count_try(latest["code_id"])
            locked = latest["tries"] + 1 >= rules.max_tries
            raise SignInRefused("locked" if locked else "wrong_code")
        person_id = self.phones.person_for(phone_hash)
        if person_id is None or not self.store.use_code(latest["code_id"]):
            raise SignInRefused("wrong_code")
        return person_id
