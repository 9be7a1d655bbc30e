"""The demo district's people as the benchmark uses them: residents, readers, handlers."""

from __future__ import annotations

from dataclasses import dataclass

from application.principals import Principal
from application.registry.service import PersonSpec, UnitSpec
from domain.levels import HANDLING_ROLES
from domain.people import person_id_for
from infra.registry_file import demo_registry_path, load_registry_file

READER_REF = "P0001"  # the demo administrator: reads every unit's inbox


@dataclass(frozen=True)
class Demo:
    units: list[UnitSpec]
    people: list[PersonSpec]

    @classmethod
    def load(cls) -> Demo:
        return cls(*load_registry_file(demo_registry_path()))

    def residents(self) -> list[PersonSpec]:
        return [p for p in self.people if p.home_group]

    def unit_codes(self) -> list[str]:
        return [u.code for u in self.units]

    def parents(self) -> dict[str, str | None]:
        return {u.code: u.parent for u in self.units}

    def reader(self) -> Principal:
        spec = next(p for p in self.people if p.ref == READER_REF)
        return principal(spec)

    def handlers(self) -> dict[str, Principal]:
        """For each unit, a person holding a handling role there or at the nearest unit above."""
        direct = {
            unit: p
            for p in self.people
            for role, unit in p.roles
            if role in HANDLING_ROLES
        }
        parents, found = self.parents(), {}
        for code in self.unit_codes():
            unit: str | None = code
            while unit is not None and unit not in direct:
                unit = parents[unit]
            if unit is not None:
                found[code] = principal(direct[unit])
        return found


def principal(spec: PersonSpec) -> Principal:
    return Principal(
        str(person_id_for(spec.ref)), spec.ref, spec.home_group, spec.roles
    )


def resident_slices(
    residents: list[PersonSpec], clients: int
) -> list[list[PersonSpec]]:
    """Disjoint sets of residents, one per client, so no two clients act as the same person."""
    return [residents[i::clients] for i in range(clients)]
