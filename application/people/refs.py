"""People named by their reference (P0039) or their id, wherever a deliberation names them:
the plan's participants and host (WZ-5.3-a/c), the topic's roles (WZ-5.2-b), sign-in and the
floor at a sitting (WZ-5.6-a).

A person's id is derived from their reference (`person_id_for`), so a reference is resolved to
the id of a registered person, and an id is accepted as it is once it names one. A name that is
neither is refused before anything is written. Experts and departments from outside the
register may still be named by a label (`expert:1`); stakeholders may not, since they sign in
and vote themselves (WZ-5.5-d).
"""

from __future__ import annotations

from application.ledger import Ledger
from domain.deliberation.participants import VOTING, ParticipantCategory
from domain.errors import InvalidValue, UnknownPerson
from domain.people import person_id_for


def person_named(ledger: Ledger, key: str) -> str | None:
    """The id of the registered person `key` names (their id or their reference), else None."""
    for candidate in (key, str(person_id_for(key))):
        try:
            return str(ledger.person(candidate).id)
        except UnknownPerson:
            continue
    return None


def named_person(ledger: Ledger, key: str, rule_id: str) -> str:
    """The person `key` names, or a refusal (404) saying so in Chinese."""
    found = person_named(ledger, key)
    if found is None:
        raise UnknownPerson(
            f"{key} is not the number or id of a registered person: check the person number (e.g. P0039)",
            rule_id=rule_id,
            zh=f"{key} 不是登记在册人员的编号或标识：请核对人员编号（如 P0039）",
        )
    return found


def named_participants(
    ledger: Ledger, participants: dict[str, ParticipantCategory]
) -> dict[str, ParticipantCategory]:
    """The plan's participants keyed by person id; a stakeholder must be a registered person
    (WZ-5.3-c, WZ-5.5-d), an outside expert or department may keep a label."""
    named: dict[str, ParticipantCategory] = {}
    for key, category in participants.items():
        person = (
            named_person(ledger, key, "WZ-5.3-c")
            if category in VOTING
            else person_named(ledger, key) or key
        )
        if person in named:
            raise InvalidValue(
                f"{key} is the same person as another participant: list each person once",
                rule_id="WZ-5.3-c",
                zh=f"{key} 与另一位参与人员是同一人：每人只列一次",
            )
        named[person] = category
    return named


def sitting_member(ledger: Ledger, participants: set[str], key: str) -> str:
    """A participant of a sitting as the sitting knows them: its own key, or the person named."""
    if key in participants:
        return key
    return named_person(ledger, key, "WZ-5.6-a")
