"""Personal data stays in named fields of events, never in ids or topics (ready for per-person keys)."""

from __future__ import annotations

import inspect

import domain.assignments
import domain.people
import domain.requests
from domain.actors import SYSTEM, ActedEvent
from domain.people import Person, person_id_for

FREE_TEXT = {"title", "description", "location", "resolution", "reason", "note", "instructions", "name", "phone",
             "address"}


def event_classes():
    for module in (domain.requests, domain.people, domain.assignments):
        for _, aggregate in inspect.getmembers(module, inspect.isclass):
            if aggregate.__module__ != module.__name__:
                continue
            for _, member in inspect.getmembers(aggregate, inspect.isclass):
                if issubclass(member, (ActedEvent,)) or member.__name__.endswith(("Raised", "Registered")):
                    yield member


def test_every_free_text_field_about_people_is_declared_personal():
    """Fields carrying names, phones, addresses or free text are listed in `personal_fields`."""
    for cls in set(event_classes()):
        fields = {name for klass in cls.__mro__ for name in klass.__dict__.get("__annotations__", {})}
        declared = set(getattr(cls, "personal_fields", ()))
        undeclared = (fields & FREE_TEXT) - declared
        assert not undeclared, f"{cls.__qualname__} carries {undeclared} without declaring them personal"


def test_person_id_is_derived_from_the_opaque_reference_not_the_name():
    person = Person.register(SYSTEM, ref="P9999", name="张三", phone="19900000000", address="x", home_group=None)
    assert person.id == person_id_for("P9999") and "张三" not in str(person.id)
