"""Who a person id stands for on a page: their name and reference, never the UUID."""

from __future__ import annotations

from api.context import ApiContext
from domain.errors import UnknownPerson


class Names:
    """Names of the people a page mentions, each person loaded once per page."""

    def __init__(self, ctx: ApiContext):
        self.ctx = ctx
        self.found: dict[str, str] = {}

    def __call__(self, person_id: str | None) -> str:
        if not person_id:
            return "系统"
        if person_id not in self.found:
            self.found[person_id] = self._load(person_id)
        return self.found[person_id]

    def ref(self, person_id: str) -> str:
        """Only the reference (P0038): for lists of people read about (the access log)."""
        try:
            return str(self.ctx.ledger.person(person_id).ref)
        except UnknownPerson:
            return "未知人员"

    def _load(self, person_id: str) -> str:
        try:
            person = self.ctx.ledger.person(person_id)
        except UnknownPerson:
            return "系统"
        return f"{person.name}（{person.ref}）"


def unit_names(ctx: ApiContext) -> dict[str, str]:
    return {code: unit.name for code, unit in ctx.ledger.registry().units.items()}
