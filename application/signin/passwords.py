"""Staff passwords (argon2id), an alternative to a code for people holding a role."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from application.principals import Principal
from application.signin.errors import SignInRefused
from application.signin.phones import PhoneIndex
from application.signin.ports import SignInStore

MIN_LENGTH = 10


class Passwords:
    def __init__(
        self,
        store: SignInStore,
        phones: PhoneIndex,
        hasher: PasswordHasher | None = None,
    ):
        self.store, self.phones = store, phones
        self.hasher = hasher or PasswordHasher()
        # Verified when the phone finds nobody, so both answers take as long.
        self._decoy = _decoy(self.hasher)

    def set(self, principal: Principal, password: str) -> None:
        if not principal.roles:
            raise SignInRefused("staff_only")
        if len(password or "") < MIN_LENGTH:
            raise SignInRefused("weak_password")
        self.store.set_password(principal.person_id, self.hasher.hash(password))

    def verify(self, phone: str, password: str) -> str:
        person_id = self.phones.person_for(self.phones.blind(phone))
        stored = self.store.password_hash(person_id) if person_id else None
        try:
            self.hasher.verify(stored or self._decoy, password or "")
        except (VerificationError, InvalidHashError):
            raise SignInRefused("wrong_password") from None
        if stored is None or person_id is None:
            raise SignInRefused("wrong_password")
        return person_id


def _decoy(hasher: PasswordHasher) -> str:
    """A hash with `hasher`'s parameters, made once per process for each set of them
    (an argon2id hash costs about half a second of CPU; a process may build several
    services, as the tests do)."""
    return _decoy_with(
        hasher.time_cost,
        hasher.memory_cost,
        hasher.parallelism,
        hasher.hash_len,
        hasher.salt_len,
        hasher.type,
    )


@cache
def _decoy_with(
    time_cost: int,
    memory_cost: int,
    parallelism: int,
    hash_len: int,
    salt_len: int,
    kind: Type,
) -> str:
    hasher = PasswordHasher(
        time_cost, memory_cost, parallelism, hash_len, salt_len, type=kind
    )
    return hasher.hash("decoy-password-never-valid")
