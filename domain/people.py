"""People: residents of a group and/or holders of roles at units.

Personal data (name, phone, address) lives only in the fields listed in each
event's `personal_fields`, so a later per-person cipher can find and erase it.
The person's id is derived from an opaque reference, never from personal data.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.actors import ActedEvent, Actor
from domain.errors import InvalidValue, TransitionNotAllowed
from domain.levels import ROLE_LEVEL, Level, Role
from domain.personal import ERASED
from domain.vocabulary import label


def person_id_for(ref: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"gov:person:{ref}")


class Person(Aggregate):
    class Registered(Aggregate.Created):
        personal_fields = ("name", "phone", "address")
        subject_field = "originator_id"
        ref: str
        name: str
        phone: str
        address: str
        home_group: str | None
        actor_id: str
        actor_role: str
        actor_unit: str | None

    class DetailsChanged(ActedEvent):
        personal_fields = ("name", "phone", "address")
        subject_field = "originator_id"
        name: str
        phone: str
        address: str

        def apply(self, aggregate: Person) -> None:
            aggregate.name, aggregate.phone, aggregate.address = (
                self.name,
                self.phone,
                self.address,
            )

    class HomeGroupChanged(ActedEvent):
        home_group: str | None

        def apply(self, aggregate: Person) -> None:
            aggregate.home_group = self.home_group

    class RoleGranted(ActedEvent):
        role: str
        unit: str

        def apply(self, aggregate: Person) -> None:
            aggregate.roles.add((Role(self.role), self.unit))

    class RoleRevoked(ActedEvent):
        role: str
        unit: str

        def apply(self, aggregate: Person) -> None:
            aggregate.roles.discard((Role(self.role), self.unit))

    class TokensRevoked(ActedEvent):
        """Every bearer token issued to the person before this event's moment is refused from now on."""

        personal_fields = ("reason",)
        subject_field = "originator_id"
        reason: str

        def apply(self, aggregate: Person) -> None:
            aggregate.tokens_revoked_before = self.timestamp

    class PersonErased(ActedEvent):
        """The person's key was destroyed on a lawful request: who did it, on what basis, under which case
        reference. What was erased is not recorded."""

        basis: str
        reference: str

        def apply(self, aggregate: Person) -> None:
            aggregate.name = aggregate.phone = aggregate.address = ERASED
            aggregate.erased = True

    class PublicationConsentChanged(ActedEvent):
        """Whether the person agrees that their personal fields appear in what is published."""

        consent: bool

        def apply(self, aggregate: Person) -> None:
            aggregate.publication_consent = self.consent

    erased = False
    publication_consent = False

    @event(Registered)
    def __init__(
        self,
        ref: str,
        name: str,
        phone: str,
        address: str,
        home_group: str | None,
        actor_id: str,
        actor_role: str,
        actor_unit: str | None,
    ) -> None:
        self.ref = ref
        self.name, self.phone, self.address = name, phone, address
        self.home_group: str | None = home_group
        self.roles: set[tuple[Role, str]] = set()
        self.tokens_revoked_before: datetime | None = None

    @classmethod
    def create_id(cls, ref: str, **_: object) -> UUID:
        return person_id_for(ref)

    @classmethod
    def register(
        cls,
        actor: Actor,
        ref: str,
        name: str,
        phone: str,
        address: str,
        home_group: str | None,
    ) -> Person:
        return cls(
            ref=ref,
            name=name,
            phone=phone,
            address=address,
            home_group=home_group,
            **actor.event_fields(),
        )

    def change_details(self, actor: Actor, name: str, phone: str, address: str) -> None:
        self._refuse_if_erased()
        self.trigger_event(
            self.DetailsChanged,
            name=name,
            phone=phone,
            address=address,
            **actor.event_fields(),
        )

    def move_home(self, actor: Actor, home_group: str | None) -> None:
        self.trigger_event(
            self.HomeGroupChanged, home_group=home_group, **actor.event_fields()
        )

    def grant(self, actor: Actor, role: Role, unit: str, unit_level: Level) -> None:
        self._refuse_if_erased()
        check_role_level(role, unit_level)
        if (role, unit) in self.roles:
            raise TransitionNotAllowed(
                f"{self.ref} already holds {role.value} at {unit}",
                zh=f"{self.ref} 已在 {unit} 担任{label('role', role.value)}",
                allowed=["revoke"],
            )
        self.trigger_event(
            self.RoleGranted, role=role.value, unit=unit, **actor.event_fields()
        )

    def revoke(self, actor: Actor, role: Role, unit: str) -> None:
        if (role, unit) not in self.roles:
            raise TransitionNotAllowed(
                f"{self.ref} holds no {role.value} at {unit}",
                zh=f"{self.ref} 未在 {unit} 担任{label('role', role.value)}",
                allowed=["grant"],
            )
        self.trigger_event(
            self.RoleRevoked, role=role.value, unit=unit, **actor.event_fields()
        )
        self.revoke_tokens(actor, f"role {role.value} at {unit} ended")

    def revoke_tokens(self, actor: Actor, reason: str) -> None:
        self.trigger_event(self.TokensRevoked, reason=reason, **actor.event_fields())

    def set_publication_consent(self, actor: Actor, consent: bool) -> bool:
        """Give or withdraw consent to publication; False if nothing changed."""
        self._refuse_if_erased()
        if consent == self.publication_consent:
            return False
        self.trigger_event(
            self.PublicationConsentChanged, consent=consent, **actor.event_fields()
        )
        return True

    def erase(self, actor: Actor, basis: ErasureBasis, reference: str) -> None:
        """Erasure (PIPL-47): the person first loses every role and their home group, then is erased."""
        self._refuse_if_erased()
        for role, unit in sorted(self.roles):
            self.revoke(actor, role, unit)
        if self.home_group is not None:
            self.move_home(actor, None)
        self.trigger_event(
            self.PersonErased,
            basis=basis.value,
            reference=reference,
            **actor.event_fields(),
        )

    def _refuse_if_erased(self) -> None:
        if self.erased:
            raise TransitionNotAllowed(
                f"{self.ref} has been erased",
                zh=f"{self.ref} 的个人信息已删除",
                rule_id="PIPL-47",
                allowed=[],
            )


class ErasureBasis(str, Enum):
    """The grounds of PIPL art. 47 on which personal information is deleted."""

    PURPOSE_ENDED = "purpose_ended"  # 处理目的已实现、无法实现或者不再必要
    SERVICE_ENDED = "service_ended"  # 停止提供服务，或者保存期限已届满
    CONSENT_WITHDRAWN = "consent_withdrawn"  # 个人撤回同意
    UNLAWFUL = "unlawful"  # 违反法律、行政法规或者违反约定处理
    OTHER_LAW = "other_law"  # 法律、行政法规规定的其他情形


def check_role_level(role: Role, unit_level: Level) -> None:
    expected = ROLE_LEVEL.get(role)
    if expected is None:
        raise InvalidValue(
            f"role {role.value} cannot be granted",
            zh=f"不能授予{label('role', role.value)}",
            rule_id="BZ-L2",
        )
    if expected is not unit_level:
        raise InvalidValue(
            f"{role.value} is held at a {expected.value}, not a {unit_level.value}",
            zh=f"{label('role', role.value)}设在{label('level', expected.value)}，"
            f"不在{label('level', unit_level.value)}",
            rule_id="BZ-L2",
        )
