"""Tables of the deliberation read model (same dialect rules as projections/schema.py)."""

from __future__ import annotations

TOPIC_DDL = [
    "CREATE TABLE IF NOT EXISTS gov_topics (topic_id TEXT PRIMARY KEY, community TEXT NOT NULL, "
    "category TEXT NOT NULL, title TEXT NOT NULL, proposer_id TEXT NOT NULL, channel TEXT NOT NULL, "
    "status TEXT NOT NULL, number TEXT, topic_class TEXT, profile TEXT, convenor TEXT, recorder TEXT, guide TEXT, "
    "proposer_notified INTEGER NOT NULL DEFAULT 0, plan_due TEXT, sit_due TEXT, plan_late INTEGER, sitting_at TEXT, "
    "rules_drafted INTEGER NOT NULL DEFAULT 0, current_sitting TEXT, sittings INTEGER NOT NULL DEFAULT 0, "
    "outcome TEXT, settled_at TEXT, file_due TEXT, filed_at TEXT, file_late INTEGER, communicate_due TEXT, "
    "communicated_at TEXT, communicate_late INTEGER, implement_due TEXT, reported INTEGER NOT NULL DEFAULT 0, "
    "completed INTEGER NOT NULL DEFAULT 0, plan_passed TEXT, sit_passed TEXT, file_passed TEXT, "
    "communicate_passed TEXT, implement_passed TEXT, "
    "proposed_at TEXT NOT NULL, proposed_position BIGINT NOT NULL, updated_at TEXT NOT NULL, "
    "version INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_gov_topics_community ON gov_topics (community, proposed_position)",
    "CREATE TABLE IF NOT EXISTS gov_topic_people (topic_id TEXT NOT NULL, person_id TEXT NOT NULL, "
    "role TEXT NOT NULL, PRIMARY KEY (topic_id, person_id, role))",
    "CREATE INDEX IF NOT EXISTS ix_gov_topic_people_person ON gov_topic_people (person_id)",
    # JH-5.4: results posted publicly; a table of its own so an existing read model gains it without a migration
    "CREATE TABLE IF NOT EXISTS gov_posted_topics (topic_id TEXT PRIMARY KEY, community TEXT NOT NULL, "
    "posted_at TEXT NOT NULL, posted_position BIGINT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_gov_posted_topics_community ON gov_posted_topics (community, posted_position)",
]
# WZ-5.8-d, LS-2.4.12: what deliberation publishes on the board (projections/notice_handlers.py)
NOTICE_DDL = [
    "CREATE TABLE IF NOT EXISTS gov_public_notices (position BIGINT PRIMARY KEY, "
    "topic_id TEXT NOT NULL, community TEXT NOT NULL, kind TEXT NOT NULL, stage TEXT, "
    "at TEXT NOT NULL, author_id TEXT NOT NULL, complete INTEGER, parts TEXT NOT NULL, "
    "vote TEXT)",
    "CREATE INDEX IF NOT EXISTS ix_gov_public_notices_community "
    "ON gov_public_notices (community, position)",
]
