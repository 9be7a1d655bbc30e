"""Finding a person by phone without keeping phones in plaintext: a blind index.

The index maps HMAC-SHA256(normalised phone) to a person id. It is a projection of
the people events of the log (decrypted by the ledger's mapper), kept in sign-in's
own table and brought up to date before each lookup. Erasure leaves the person's
row without a hash, so their phone finds nobody any more.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from application.ledger import Ledger
from application.signin.errors import SignInRefused
from application.signin.ports import SignInStore
from domain.people import Person
from domain.personal import ERASED

PHONE = re.compile(r"^1[3-9]\d{9}$")
PERSON_TOPICS = tuple(
    get_topic(cls)
    for cls in (Person.Registered, Person.DetailsChanged, Person.PersonErased)
)
BATCH = 500


def normalise(phone: str) -> str:
    """The 11-digit mainland number, without spaces, dashes or a +86 prefix."""
    digits = re.sub(r"[\s\-()]", "", phone or "")
    for prefix in ("+86", "0086"):
        digits = digits.removeprefix(prefix)
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not PHONE.match(digits):
        raise SignInRefused("bad_phone")
    return digits


class PhoneIndex:
    def __init__(self, ledger: Ledger, store: SignInStore, key: bytes):
        self.ledger, self.store, self.key = ledger, store, key

    def blind(self, phone: str) -> str:
        normalised = normalise(phone)
        return hmac.new(self.key, normalised.encode(), hashlib.sha256).hexdigest()

    def person_for(self, phone_hash: str) -> str | None:
        self.catch_up()
        return self.store.person_for_phone(phone_hash)

    def catch_up(self) -> None:
        """Apply the people events written since the index's position."""
        position = self.store.phones_position()
        while True:
            found = self.ledger.recorder.select_notifications(
                position, BATCH, topics=PERSON_TOPICS, inclusive_of_start=False
            )
            if not found:
                return
            rows = [self._row(notification) for notification in found]
            position = found[-1].id
            self.store.index_phones(rows, position)

    def _row(self, notification: Notification) -> tuple[str, str | None, int]:
        event = self.ledger.mapper.to_domain_event(notification)
        person_id, version = str(event.originator_id), event.originator_version
        phone = getattr(event, "phone", None)
        if isinstance(event, Person.PersonErased) or phone in (None, "", ERASED):
            return person_id, None, version
        try:
            return person_id, self.blind(phone), version
        except SignInRefused:  # a number no code can reach: not indexed
            return person_id, None, version
