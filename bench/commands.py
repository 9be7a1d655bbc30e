"""The same command three ways: through the HTTP API, the application, and the bare library."""

from __future__ import annotations

import httpx
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from application.principals import Principal
from application.registry.service import PersonSpec
from application.signin.tokens import TokenService
from bench.load import Op
from domain.people import person_id_for
from domain.vocabulary import Category
from infra.container import Container

TITLE, DESCRIPTION, LOCATION = (
    "路灯不亮",
    "小区东门的路灯已经三天不亮了，晚上出行不便，请尽快修理。",
    "东门",
)


def body(n: int) -> dict[str, str]:
    return {
        "title": f"{TITLE} #{n}",
        "description": DESCRIPTION,
        "category": Category.FACILITIES.value,
        "location": LOCATION,
    }


# ---- HTTP API ----------------------------------------------------------------
def bearer(tokens: TokenService, spec: PersonSpec) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.issue(str(person_id_for(spec.ref)))}"}


def api_op(base_url: str, tokens: TokenService, residents: list[PersonSpec]) -> Op:
    client = httpx.Client(base_url=base_url, timeout=30.0)
    headers = [bearer(tokens, spec) for spec in residents]

    def op(n: int) -> None:
        response = client.post(
            "/api/v1/requests", json=body(n), headers=headers[n % len(headers)]
        )
        if response.status_code != 201:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")

    return op


# ---- application, in process --------------------------------------------------
def app_op(container: Container, residents: list[PersonSpec]) -> Op:
    principals = [
        Principal.of(container.ledger.person(person_id_for(spec.ref)))
        for spec in residents
    ]

    def op(n: int) -> None:
        fields = body(n)
        container.requests.raise_request(
            principals[n % len(principals)],
            title=fields["title"],
            description=fields["description"],
            category=Category.FACILITIES,
            location=fields["location"],
        )

    return op


# ---- the library's ceiling ------------------------------------------------------
class BenchItem(Aggregate):
    """As small as a request: one created event with the same fields, no rules."""

    @event("Raised")
    def __init__(
        self,
        resident_id: str,
        group: str,
        category: str,
        channel: str,
        title: str,
        description: str,
        location: str,
        actor_id: str,
        actor_role: str,
        actor_unit: str | None,
    ) -> None:
        self.resident_id, self.group, self.status = resident_id, group, "new"


class BenchLibrary(Application):
    name = "benchlib"
    env = {"IS_SNAPSHOTTING_ENABLED": "n"}


def library_op(app: BenchLibrary, residents: list[PersonSpec]) -> Op:
    people = [
        (str(person_id_for(spec.ref)), str(spec.home_group)) for spec in residents
    ]

    def op(n: int) -> None:
        person_id, group = people[n % len(people)]
        app.save(
            BenchItem(
                resident_id=person_id,
                group=group,
                channel="app",
                actor_id=person_id,
                actor_role="resident",
                actor_unit=group,
                **body(n),
            )
        )

    return op
