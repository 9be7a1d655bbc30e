"""Reads of deliberation: a topic with its sittings, a community's topics with what is due, a
person's topics. Who may read a topic or a sitting is the access matrix's (rows `topics.read`,
`sittings.read`), checked by the API against `topic_reach`: the topic's community and the people
holding a role on it."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from application.access.grants import Reach
from application.deliberation.mine import my_next_steps, one_row_a_topic
from application.ledger import Ledger
from application.principals import Principal
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic
from domain.jurisdiction import reading_role

DUE = {
    "approved": ("plan", "plan_due"),
    "adjourned": ("plan", "plan_due"),  # WZ-5.6-b: rules voted down, planned again
    "planned": ("announce", "sitting_at"),
    "announced": ("open_sitting", "sitting_at"),
}


class TopicReadModel(Protocol):
    def community_topics(
        self, community: str, after: int, limit: int
    ) -> list[dict[str, Any]]: ...
    def person_topics(self, person_id: str) -> list[dict[str, Any]]: ...
    def topic_row(self, topic_id: str) -> dict[str, Any] | None: ...
    def filings_due(self, community: str) -> list[dict[str, Any]]: ...
    def open_requests_in(self, groups: list[str]) -> list[dict[str, Any]]: ...


def due_items(row: dict[str, Any], now: datetime) -> list[dict[str, Any]]:
    """What the topic waits for next, with its due moment and whether it is late."""
    items = []
    if row["status"] in DUE:
        action, column = DUE[row["status"]]
        items.append((action, row[column]))
    if row["outcome"] is not None:
        items += [
            (a, row[due])
            for a, due, done in (
                ("file", "file_due", "filed_at"),
                ("communicate", "communicate_due", "communicated_at"),
            )
            if row[done] is None
        ]
    return [
        {
            "action": a,
            "due": due,
            "late": bool(due and datetime.fromisoformat(due) < now),
        }
        for a, due in items
    ]


def sitting_state(sitting: Sitting) -> dict[str, Any]:
    turn = sitting.next_speaker()
    return {
        "sitting_id": str(sitting.id),
        "sequence": sitting.sequence,
        "previous_sitting": sitting.previous_sitting,
        "mode": sitting.mode,
        "form": sitting.form,
        "profile": sitting.profile_key,
        "host": sitting.host,
        "recorder": sitting.recorder,
        "participants": {p: c.value for p, c in sitting.participants.items()},
        "eligible": sorted(sitting.eligible),
        "present": sorted(sitting.present),
        "rules_adopted": sitting.rules_adopted,
        "rules": {  # the rules the sitting follows: adopted, or the profile's (WZ-5.5)
            **sitting.applied_rules.fields(),
            "source": "adopted" if sitting.adopted_rules else "profile",
        },
        "explained": sitting.explained,
        "waiting_to_speak": [h.participant for h in sitting.hands],
        "next_speaker": turn.participant if turn else None,
        "speeches": dict(sitting.spoken),
        "open_vote": sitting.ballots.open_item,
        "ballots_cast": len(sitting.ballots.cast),
        "votes": {
            item: {
                **vars(t),
                "passed": sitting.ballots.passed[item],
                "shares": t.shares(),
            }
            for item, t in sitting.ballots.closed.items()
        },
        "outcome": sitting.outcome.value if sitting.outcome else None,
        "allowed_actions": sitting.allowed_actions(),
        "version": sitting.version,
    }


def topic_reach(ledger: Ledger, topic: Topic) -> Reach:
    """Where a topic lies for the access matrix: its community, and everyone holding a role on it or
    on one of its sittings (`topic role`)."""
    holders = topic.role_holders().union(
        *(ledger.sitting(s).role_holders() for s in topic.sittings)
    )
    return Reach(
        (topic.community,), role_holders=holders, open_to_members=topic.announced
    )


def topic_subjects(ledger: Ledger, topic_id: str) -> dict[str, str | None]:
    """The people a topic's records speak of (its role holders: the proposer's words, speeches, votes),
    each with their group, for the access log; named outsiders (an expert, a department) are no residents."""
    holders = topic_reach(ledger, ledger.topic(topic_id)).role_holders
    people = [ledger.person(p) for p in holders if _is_person_id(p)]
    return {str(person.id): person.home_group for person in people}


def _is_person_id(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True


def _matter(title: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKC", title).lower() if ch.isalnum()
    )


class DeliberationQueries:
    def __init__(
        self, ledger: Ledger, view: TopicReadModel, clock: Callable[[], datetime]
    ) -> None:
        self.ledger, self.view, self.clock = ledger, view, clock

    def topic(self, topic_id: str) -> dict[str, Any]:
        aggregate: Topic = self.ledger.topic(topic_id)
        row = self.view.topic_row(topic_id) or {}
        sittings = [sitting_state(self.ledger.sitting(s)) for s in aggregate.sittings]
        return {
            **row,
            "topic_id": str(aggregate.id),
            "status": aggregate.status,
            "version": aggregate.version,
            "linked_requests": aggregate.linked_requests,
            "arrangements": aggregate.arrangements,
            "allowed_actions": aggregate.allowed_actions(),
            "due": due_items(row, self.clock()) if row else [],
            "sittings": sittings,
        }

    def sitting(self, sitting_id: str) -> dict[str, Any]:
        return sitting_state(self.ledger.sitting(sitting_id))

    def community(
        self, principal: Principal, community: str, after: int, limit: int
    ) -> dict[str, Any]:
        reading_role(
            principal.person_id, principal.roles, community, self.ledger.registry()
        )
        rows, now = (
            self.view.community_topics(community, after, limit + 1),
            self.clock(),
        )
        page = rows[:limit]
        return {
            "community": community,
            "items": [{**r, "due": due_items(r, now)} for r in page],
            "filings_due": [
                {**r, "due": due_items(r, now)}
                for r in self.view.filings_due(community)
            ],
            "next_cursor": page[-1]["proposed_position"] if len(rows) > limit else None,
        }

    def suggestions(self, principal: Principal, community: str) -> list[dict[str, Any]]:
        """Open requests of the community raised more than once on the same matter (same category and
        the same title once spaces and punctuation are ignored): candidates for one topic (WZ-5.1)."""
        registry = self.ledger.registry()
        reading_role(principal.person_id, principal.roles, community, registry)
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in self.view.open_requests_in(registry.subtree(community)):
            groups.setdefault((row["category"], _matter(row["title"])), []).append(row)
        return [
            {
                "category": category,
                "title": rows[0]["title"],
                "request_ids": [r["request_id"] for r in rows],
            }
            for (category, _), rows in groups.items()
            if len(rows) > 1
        ]

    def mine(self, principal: Principal) -> list[dict[str, Any]]:
        """One row a topic: every role the caller holds, what is due, their own next steps."""
        now, ledger = self.clock(), self.ledger
        return [
            {
                **r,
                "due": due_items(r, now),
                "next_steps": my_next_steps(
                    ledger, principal, r["topic_id"], r["roles"]
                ),
            }
            for r in one_row_a_topic(self.view.person_topics(principal.person_id))
        ]
