"""Read-model queries for deliberation: a community's topics, a person's, and what is due."""

from __future__ import annotations

from typing import Any

from projections.schema import in_list

TOPIC_COLUMNS = (
    "t.topic_id, t.community, t.category, t.title, t.status, t.number, t.topic_class, t.profile, "
    "t.convenor, t.recorder, t.guide, t.proposer_id, t.plan_due, t.sit_due, t.plan_late, t.sitting_at, "
    "t.current_sitting, t.sittings, t.outcome, t.settled_at, t.file_due, t.filed_at, t.file_late, "
    "t.communicate_due, t.communicated_at, t.communicate_late, t.implement_due, t.reported, "
    "t.proposer_notified, t.rules_drafted, t.proposed_position, t.version"
)


class TopicQueries:
    def fetch(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def community_topics(
        self, community: str, after: int, limit: int
    ) -> list[dict[str, Any]]:
        return self.fetch(
            f"SELECT {TOPIC_COLUMNS} FROM gov_topics t WHERE t.community = :c "
            "AND t.proposed_position > :after ORDER BY t.proposed_position LIMIT :limit",
            {"c": community, "after": after, "limit": limit},
        )

    def person_topics(self, person_id: str) -> list[dict[str, Any]]:
        return self.fetch(
            f"SELECT {TOPIC_COLUMNS}, p.role FROM gov_topics t JOIN gov_topic_people p "
            "ON p.topic_id = t.topic_id WHERE p.person_id = :p ORDER BY t.proposed_position, p.role",
            {"p": person_id},
        )

    def topic_row(self, topic_id: str) -> dict[str, Any] | None:
        rows = self.fetch(
            f"SELECT {TOPIC_COLUMNS} FROM gov_topics t WHERE t.topic_id = :id",
            {"id": topic_id},
        )
        return rows[0] if rows else None

    def open_requests_in(self, groups: list[str]) -> list[dict[str, Any]]:
        groups_sql, params = in_list("g", groups)
        return self.fetch(
            "SELECT request_id, title, category, status, origin_group FROM gov_requests "
            f"WHERE origin_group IN {groups_sql} AND status IN ('new', 'accepted', 'delegated', "
            "'reopened') ORDER BY raised_position LIMIT 2000",
            params,
        )

    def filings_due(self, community: str) -> list[dict[str, Any]]:
        """Settled topics not filed yet, or filed late, for the supervision committee (WZ-5.7-a)."""
        return self.fetch(
            f"SELECT {TOPIC_COLUMNS} FROM gov_topics t WHERE t.community = :c AND t.outcome IS NOT NULL "
            "AND (t.filed_at IS NULL OR t.file_late = 1) ORDER BY t.file_due",
            {"c": community},
        )

    def posted_topics(
        self, communities: list[str], after: int, limit: int
    ) -> list[dict[str, Any]]:
        """Results posted publicly (JH-5.4), with whether the proposer consents to their words being shown."""
        communities_sql, params = in_list("c", communities)
        return self.fetch(
            "SELECT t.topic_id, t.community, t.number, t.category, t.outcome, t.settled_at, p.posted_at, "
            "p.posted_position, t.title, COALESCE(pp.publish_consent, 0) AS publish_consent "
            "FROM gov_posted_topics p JOIN gov_topics t ON t.topic_id = p.topic_id "
            "LEFT JOIN gov_people pp ON pp.person_id = t.proposer_id "
            f"WHERE p.community IN {communities_sql} AND p.posted_position > :after "
            "ORDER BY p.posted_position LIMIT :limit",
            {**params, "after": after, "limit": limit},
        )

    def public_notices(
        self, communities: list[str], after: int, limit: int
    ) -> list[dict[str, Any]]:
        """What deliberation published (WZ-5.8-d, LS-2.4.12), with the consents that decide
        whether the topic's title and the author's name may be shown."""
        communities_sql, params = in_list("c", communities)
        return self.fetch(
            "SELECT n.position, n.topic_id, n.community, n.kind, n.stage, n.at, n.complete, "
            "n.parts, n.vote, t.number, t.title, COALESCE(pp.publish_consent, 0) AS publish_consent, "
            "a.name AS author_name, COALESCE(a.publish_consent, 0) AS author_consent "
            "FROM gov_public_notices n JOIN gov_topics t ON t.topic_id = n.topic_id "
            "LEFT JOIN gov_people pp ON pp.person_id = t.proposer_id "
            "LEFT JOIN gov_people a ON a.person_id = n.author_id "
            f"WHERE n.community IN {communities_sql} AND n.position > :after "
            "ORDER BY n.position LIMIT :limit",
            {**params, "after": after, "limit": limit},
        )
