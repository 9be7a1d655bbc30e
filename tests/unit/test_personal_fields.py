"""Personal data stays in named fields of events, never in ids or topics (ready for per-person keys)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from eventsourcing.domain import Aggregate

import domain
from domain.actors import SYSTEM, ActedEvent, Actor
from domain.errors import TransitionNotAllowed
from domain.levels import Level, Role
from domain.people import ErasureBasis, Person, person_id_for
from domain.personal import ERASED, personal_fields, subject_field
from domain.requests import Request
from domain.vocabulary import Category, Channel

FREE_TEXT = {
    "title",
    "description",
    "location",
    "resolution",
    "reason",
    "note",
    "instructions",
    "name",
    "phone",
    "address",
    "summary",
    "problem",
}
# Official text, about no person: a policy task's title and instructions are an office's public notice to
# every unit below it (sealing them under the issuer's key would blank residents' notices if that official
# were erased), a unit's name and the reason it was retired belong to the registry of units.
OFFICIAL_TEXT = {
    ("TaskIssued", "title"),
    ("TaskIssued", "instructions"),
    ("UnitRegistered", "name"),
    ("UnitRenamed", "name"),
    ("UnitRetired", "reason"),
    # why an administrator moved the training clock: a note about a training session
    ("ClockAdvanced", "reason"),
}


def event_classes():
    """Every event class of every domain module (a new module cannot slip past)."""
    for info in pkgutil.walk_packages(domain.__path__, "domain."):
        module = importlib.import_module(info.name)
        for _, aggregate in inspect.getmembers(module, inspect.isclass):
            if aggregate.__module__ != module.__name__:
                continue
            for _, member in inspect.getmembers(aggregate, inspect.isclass):
                if issubclass(
                    member, (ActedEvent, Aggregate.Event)
                ):  # created events too (TopicProposed, …)
                    yield member


def test_every_free_text_field_about_people_is_declared_personal():
    """Fields carrying names, phones, addresses or free text are listed in `personal_fields`."""
    for cls in set(event_classes()):
        fields = {
            name
            for klass in cls.__mro__
            for name in klass.__dict__.get("__annotations__", {})
        }
        declared = set(getattr(cls, "personal_fields", ()))
        undeclared = {
            f
            for f in (fields & FREE_TEXT) - declared
            if (cls.__name__, f) not in OFFICIAL_TEXT
        }
        assert not undeclared, (
            f"{cls.__qualname__} carries {undeclared} without declaring them personal"
        )


def test_person_id_is_derived_from_the_opaque_reference_not_the_name():
    person = Person.register(
        SYSTEM,
        ref="P9999",
        name="张三",
        phone="19900000000",
        address="x",
        home_group=None,
    )
    assert person.id == person_id_for("P9999") and "张三" not in str(person.id)


def test_every_event_with_personal_fields_names_its_data_subject():
    """The persistence layer encrypts personal fields with the key of the person they are about."""
    for cls in set(event_classes()):
        if not personal_fields(cls):
            continue
        fields = {
            name
            for klass in cls.__mro__
            for name in klass.__dict__.get("__annotations__", {})
        }
        assert subject_field(cls) in fields | {"originator_id"}, (
            f"{cls.__qualname__} names no data subject"
        )


def test_a_request_s_events_are_about_its_resident_whoever_acts():
    request = Request.raise_(
        SYSTEM,
        resident_id="resident-1",
        group="G1",
        category=Category.OTHER,
        channel=Channel.APP,
        title="t",
        description="d",
    )
    request.withdraw(Actor("staff-9", Role.COMMUNITY_STAFF, "C1"), reason="duplicate")
    raised, withdrawn = request.collect_events()
    assert getattr(raised, subject_field(type(raised))) == "resident-1"
    assert withdrawn.subject_id == "resident-1"


def test_person_erasure_revokes_roles_leaves_the_group_and_is_final_PIPL_47():
    person = Person.register(
        SYSTEM, ref="P9998", name="李四", phone="1", address="a", home_group="G1"
    )
    person.grant(SYSTEM, Role.GROUP_LEADER, "G1", Level.GROUP)
    person.erase(SYSTEM, ErasureBasis.CONSENT_WITHDRAWN, "case-7")
    assert (person.erased, person.roles, person.home_group, person.name) == (
        True,
        set(),
        None,
        ERASED,
    )
    for attempt in (
        lambda: person.erase(SYSTEM, ErasureBasis.OTHER_LAW, "case-8"),
        lambda: person.change_details(SYSTEM, "李四", "1", "a"),
        lambda: person.grant(SYSTEM, Role.GROUP_LEADER, "G1", Level.GROUP),
    ):
        with pytest.raises(TransitionNotAllowed) as refused:
            attempt()
        assert refused.value.rule_id == "PIPL-47"
    erased = person.collect_events()[-1]
    assert type(erased).__name__ == "PersonErased" and not personal_fields(type(erased))


def test_view_statements_carry_personal_fields_only_to_be_sealed_PIPL_47():
    """What a projection writes for an event holds its personal fields only inside `Personal`, which the
    view seals with the subject's key (application/privacy/view_values.py): no plain parameter repeats them."""
    from application.privacy.view_values import Personal
    from projections.dispatch import changes_for

    request = Request.raise_(
        SYSTEM,
        resident_id="resident-1",
        group="G1",
        category=Category.OTHER,
        channel=Channel.APP,
        title="门前积水甲",
        description="积水三天乙",
        location="五栋丙",
    )
    request.withdraw(Actor("staff-9", Role.COMMUNITY_STAFF, "C1"), reason="重复提交丁")
    person = Person.register(
        SYSTEM,
        ref="P9997",
        name="王五戊",
        phone="19900001111",
        address="六栋己",
        home_group="G1",
    )
    person.change_details(SYSTEM, "王五庚", "19900002222", "七栋辛")
    for event in [*request.collect_events(), *person.collect_events()]:
        secrets = [
            str(getattr(event, f))
            for f in personal_fields(type(event))
            if getattr(event, f, None)
        ]
        statements = changes_for(event, 7)
        assert statements and secrets, type(event).__name__
        plain = [
            v
            for _, params in statements
            for v in params.values()
            if not isinstance(v, Personal)
        ]
        leaked = [s for s in secrets for v in plain if s in str(v)]
        assert not leaked, f"{type(event).__name__} writes {leaked} unsealed"
        sealed = {
            v.value
            for _, params in statements
            for v in params.values()
            if isinstance(v, Personal)
        }
        assert sealed, f"{type(event).__name__} seals nothing"
