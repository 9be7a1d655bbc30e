"""Who a bearer token authenticates, and revoking a person's tokens (e.g. when a role ends)."""

from __future__ import annotations

from typing import Any

from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from application.signin.tokens import InvalidToken, TokenService
from domain.actors import Actor
from domain.errors import UnknownPerson
from domain.people import person_id_for


class Authentication:
    def __init__(self, ledger: Ledger, tokens: TokenService):
        self.ledger, self.tokens = ledger, tokens

    def principal(self, token: str | None) -> Principal:
        """The registered person a genuine, unexpired, unrevoked token was issued to."""
        if not token:
            raise InvalidToken("missing")
        claims = self.tokens.claims(token)
        return self.principal_since(claims.person_id, claims.issued_at)

    def principal_since(self, person_id: str, issued_at: float) -> Principal:
        """The person a credential issued at `issued_at` names, unless erased or revoked since."""
        try:
            person = self.ledger.person(person_id)
        except UnknownPerson:
            raise InvalidToken("unknown_person") from None
        if person.erased:
            raise InvalidToken("erased")
        revoked_before = person.tokens_revoked_before
        if revoked_before is not None and issued_at < revoked_before.timestamp():
            raise InvalidToken("revoked")
        return Principal.of(person)

    def revoke(
        self,
        actor: Actor,
        person_ref: str,
        reason: str,
        idem: IdempotencyKey | None = None,
    ) -> dict[str, Any]:
        """Refuse every token issued to the person until now; new tokens work again."""

        def build() -> Outcome:
            person = self.ledger.person(person_id_for(person_ref), for_update=True)
            person.revoke_tokens(actor, reason)
            revoked = person.tokens_revoked_before
            return Outcome(
                [person],
                {
                    "person_id": str(person.id),
                    "ref": person.ref,
                    "version": person.version,
                    "tokens_revoked_before": revoked.isoformat() if revoked else None,
                },
            )

        return self.ledger.commit(build, idem)
