"""The ledger's cache after an erasure: every cached aggregate that may hold decrypted data of the
erased is dropped, the registry (units' codes, levels, names, parents: nothing personal) is kept,
because reloading it replays every unit's event (seconds at a city's size, bench/registry_scale.py)."""

from __future__ import annotations

from application.registry.commands import RenameUnit
from domain.people import ErasureBasis, person_id_for
from domain.registry import REGISTRY_ID, Registry
from tests.integration.audit_helpers import principal

NEIGHBOUR = person_id_for("P0037")  # a group leader of the demo district, not erased


def test_an_erasure_drops_cached_people_but_keeps_the_registry(container):
    ledger = container.ledger
    registry, neighbour = ledger.registry(), ledger.person(NEIGHBOUR)
    assert ledger.registry() is registry and ledger.person(NEIGHBOUR) is neighbour
    container.erasure.erase(
        principal(container, "P0001"),
        person_id_for("P0038"),
        ErasureBasis.CONSENT_WITHDRAWN,
        "case-16",
    )
    assert ledger.person(NEIGHBOUR) is not neighbour, "people are loaded afresh"
    assert ledger.registry() is registry, "the registry is not replayed"


def test_the_kept_registry_still_sees_every_later_edit(container):
    ledger = container.ledger
    registry = ledger.registry()
    ledger.forget_personal()
    container.registry.change(
        principal(container, "P0001"), RenameUnit(code="CX010101", name="更名小组")
    )
    assert ledger.registry() is registry
    assert registry.unit("CX010101").name == "更名小组"


def test_dropping_the_whole_cache_drops_the_registry_too(container):
    """What a read despite damage does (application/ledger.py): the next load is checked again."""
    registry = container.ledger.registry()
    container.ledger.forget_cached()
    reloaded = container.ledger.registry()
    assert reloaded is not registry and reloaded.units == registry.units


def test_a_started_container_holds_the_registry_before_its_first_command(container):
    """Loaded by `build_container` before the process serves, so the first commands do not
    each replay it (bench/registry_scale.py: 3 s a replay at Beijing's size)."""
    cached = container.ledger.repository.cache.get(REGISTRY_ID)
    assert isinstance(cached, Registry) and cached.unit("CX").parent is None
