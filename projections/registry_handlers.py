"""What unit and person events change in the read model (gov_units, gov_people; no I/O).

Pure functions of (event, log position), so the live projection, a restart's
catch-up and a replay into a fresh in-memory view all apply the same code.
"""

from __future__ import annotations

from typing import Any

from application.privacy.view_values import Personal
from domain.people import Person
from domain.personal import ERASED
from domain.registry import Registry
from projections.handler_table import HandlerTable
from projections.schema import Statement

HANDLERS = HandlerTable()


def _own(e: Any, value: str) -> Personal:
    """A person's own detail (name), sealed with their key."""
    return Personal(str(e.originator_id), value)


@HANDLERS.handles(Registry.UnitRegistered)
def _unit_registered(e: Any, _: int) -> list[Statement]:
    return [
        (
            "INSERT INTO gov_units (code, level, name, parent) VALUES (:code, :level, :name, :parent) "
            "ON CONFLICT (code) DO UPDATE SET level = :level, name = :name, parent = :parent, retired = 0",
            {"code": e.code, "level": e.level, "name": e.name, "parent": e.parent},
        )
    ]


@HANDLERS.handles(Registry.UnitRenamed)
def _unit_renamed(e: Any, _: int) -> list[Statement]:
    return [
        (
            "UPDATE gov_units SET name = :name WHERE code = :code",
            {"code": e.code, "name": e.name},
        )
    ]


@HANDLERS.handles(Registry.UnitMoved)
def _unit_moved(e: Any, _: int) -> list[Statement]:
    return [
        (
            "UPDATE gov_units SET parent = :parent WHERE code = :code",
            {"code": e.code, "parent": e.new_parent},
        )
    ]


@HANDLERS.handles(Registry.UnitRetired)
def _unit_retired(e: Any, _: int) -> list[Statement]:
    return [("UPDATE gov_units SET retired = 1 WHERE code = :code", {"code": e.code})]


@HANDLERS.handles(Person.Registered)
def _person_registered(e: Any, _: int) -> list[Statement]:
    return [
        (
            "INSERT INTO gov_people (person_id, ref, name, home_group) VALUES (:id, :ref, :name, :group) "
            "ON CONFLICT (person_id) DO NOTHING",
            {
                "id": str(e.originator_id),
                "ref": e.ref,
                "name": _own(e, e.name),
                "group": e.home_group,
            },
        )
    ]


@HANDLERS.handles(Person.DetailsChanged)
def _person_details(e: Any, _: int) -> list[Statement]:
    return [
        (
            "UPDATE gov_people SET name = :name WHERE person_id = :id",
            {"id": str(e.originator_id), "name": _own(e, e.name)},
        )
    ]


@HANDLERS.handles(Person.PublicationConsentChanged)
def _consent(e: Any, _: int) -> list[Statement]:
    return [
        (
            "UPDATE gov_people SET publish_consent = :consent WHERE person_id = :id",
            {"id": str(e.originator_id), "consent": int(e.consent)},
        )
    ]


@HANDLERS.handles(Person.PersonErased)
def _person_erased(e: Any, _: int) -> list[Statement]:
    """Blank, in place, every personal field the views hold about the person (a rebuild reads them as erased)."""
    params = {"p": str(e.originator_id), "erased": ERASED}
    return [
        (
            "UPDATE gov_people SET name = :erased, publish_consent = 0 WHERE person_id = :p",
            params,
        ),
        ("UPDATE gov_requests SET title = :erased WHERE resident_id = :p", params),
        (
            "UPDATE gov_request_events SET personal = NULL WHERE subject_id = :p AND personal IS NOT NULL",
            params,
        ),
        ("UPDATE gov_assignments SET note = :erased WHERE note_subject = :p", params),
        ("UPDATE gov_topics SET title = :erased WHERE proposer_id = :p", params),
    ]


@HANDLERS.handles(Person.HomeGroupChanged)
def _person_moved(e: Any, _: int) -> list[Statement]:
    return [
        (
            "UPDATE gov_people SET home_group = :group WHERE person_id = :id",
            {"id": str(e.originator_id), "group": e.home_group},
        )
    ]
