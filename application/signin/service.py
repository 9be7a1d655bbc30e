"""Sign-in as the pages and the API use it: code or password, then session or token."""

from __future__ import annotations

from dataclasses import dataclass

from application.ledger import Ledger
from application.principals import Principal
from application.signin.codes import OneTimeCodes
from application.signin.passwords import Passwords
from application.signin.sessions import Sessions
from application.signin.tokens import TokenService
from domain.levels import Role


@dataclass(frozen=True)
class DemoPerson:
    ref: str
    person_id: str
    role: Role
    unit: str


class SignInService:
    def __init__(
        self,
        ledger: Ledger,
        codes: OneTimeCodes,
        passwords: Passwords,
        sessions: Sessions,
        tokens: TokenService,
        development: bool,
    ):
        self.ledger, self.codes, self.passwords = ledger, codes, passwords
        self.sessions, self.tokens, self.development = sessions, tokens, development
        self.sender = codes.sender  # the development outbox, for /dev/sms

    def request_code(self, phone: str, address: str) -> None:
        self.codes.request(phone, address)

    def token_by_code(self, phone: str, code: str) -> str:
        """A bearer token for an API client, issued as `gov token` would."""
        return self.tokens.issue(self.codes.verify(phone, code))

    def session_by_code(self, phone: str, code: str) -> str:
        return self.sessions.start(self.codes.verify(phone, code))

    def session_by_password(self, phone: str, password: str) -> str:
        return self.sessions.start(self.passwords.verify(phone, password))

    def person_by_phone(self, phone: str) -> str | None:
        """Whose number this is (staff raising on a resident's behalf): a person id or None."""
        phones = self.codes.phones
        return phones.person_for(phones.blind(phone))

    def set_password(self, principal: Principal, password: str) -> None:
        self.passwords.set(principal, password)

    def demo_session(self, person_id: str) -> str:
        """One-click sign-in as a demo person: development mode only."""
        if not self.development:
            raise PermissionError("demo sign-in exists only in development mode")
        return self.sessions.start(person_id)
