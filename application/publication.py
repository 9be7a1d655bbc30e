"""What is published to everyone: figures and results, without personal data unless the person consented.

Every public rendering goes through `publishable`, so a field marked personal never reaches a
public page by accident: it is dropped unless its subject consented (and was not erased).
"""

from __future__ import annotations

from typing import Any

from application.ledger import IdempotencyKey, Ledger, Outcome
from application.principals import Principal
from application.public_notices import public_notice
from domain.actors import Actor
from domain.levels import Role

# Personal columns of the public result rows: the request's title is the resident's own words.
RESULT_PERSONAL = ("title",)
RESULT_FIELDS = (
    "request_id",
    "category",
    "status",
    "origin_group",
    "resolved_by",
    "raised_at",
    "resolved_at",
    "rating",
    *RESULT_PERSONAL,
)
# JH-5.4: a posted deliberation result; the topic's title is its proposer's words.
POSTED_FIELDS = (
    "topic_id",
    "community",
    "number",
    "category",
    "outcome",
    "settled_at",
    "posted_at",
    *RESULT_PERSONAL,
)


def publishable(
    row: dict[str, Any],
    fields: tuple[str, ...],
    personal: tuple[str, ...],
    consented: bool,
) -> dict[str, Any]:
    """The row's public fields; the personal ones only with the subject's consent."""
    return {k: row[k] for k in fields if consented or k not in personal}


class PublicationService:
    def __init__(self, ledger: Ledger, view: Any):
        self.ledger, self.view = ledger, view

    def statistics(self, unit: str) -> dict[str, Any]:
        """A unit's figures (BZ-A1) for anyone: counts and averages carry no personal data."""
        registry = self.ledger.registry()
        registry.unit(unit)
        return {"unit": unit, **self.view.stats(unit, registry.subtree(unit))}

    def results(self, unit: str, after: int, limit: int) -> dict[str, Any]:
        return self._page(
            unit,
            self.view.published_results,
            RESULT_FIELDS,
            "raised_position",
            after,
            limit,
        )

    def posted_deliberations(self, unit: str, after: int, limit: int) -> dict[str, Any]:
        """JH-5.4: the deliberation results the communities of the unit's subtree posted publicly."""
        return self._page(
            unit,
            self.view.posted_topics,
            POSTED_FIELDS,
            "posted_position",
            after,
            limit,
        )

    def notices(self, unit: str, after: int, limit: int) -> dict[str, Any]:
        """WZ-5.8-d, LS-2.4.12: what the communities of the unit's subtree published."""
        registry = self.ledger.registry()
        registry.unit(unit)
        rows = self.view.public_notices(registry.subtree(unit), after, limit + 1)
        page = rows[:limit]
        return {
            "unit": unit,
            "items": [public_notice(r) for r in page],
            "next_cursor": page[-1]["position"] if len(rows) > limit else None,
        }

    def _page(
        self,
        unit: str,
        query: Any,
        fields: tuple[str, ...],
        position: str,
        after: int,
        limit: int,
    ) -> dict[str, Any]:
        registry = self.ledger.registry()
        registry.unit(unit)
        rows = query(registry.subtree(unit), after, limit + 1)
        page = rows[:limit]
        return {
            "unit": unit,
            "items": [
                publishable(r, fields, RESULT_PERSONAL, bool(r["publish_consent"]))
                for r in page
            ],
            "next_cursor": page[-1][position] if len(rows) > limit else None,
        }

    def set_consent(
        self, principal: Principal, consent: bool, idem: IdempotencyKey | None = None
    ) -> dict[str, Any]:
        def build() -> Outcome:
            person = self.ledger.person(principal.person_id, for_update=True)
            person.set_publication_consent(
                Actor(principal.person_id, Role.RESIDENT, principal.home_group), consent
            )
            return Outcome(
                [person],
                {"consent": person.publication_consent, "version": person.version},
            )

        return self.ledger.commit(build, idem)
