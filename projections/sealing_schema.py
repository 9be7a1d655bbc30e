"""Tables of the sealed log (leaves, perfect tree nodes, checkpoints), in SQL both backends accept.

Hashes are lowercase hex text, the same on both backends and in bundles.
"""

from __future__ import annotations

SEAL_APP = "ledger-seal"  # its own tracking row, apart from the governance views'
SEAL_TABLES = (
    "gov_audit_leaves",
    "gov_audit_nodes",
    "gov_audit_checkpoints",
)  # append-only, like the log

SEAL_DDL = [
    "CREATE TABLE IF NOT EXISTS gov_audit_leaves (leaf_index BIGINT PRIMARY KEY, position BIGINT NOT NULL UNIQUE, "
    "aggregate_id TEXT NOT NULL, at TEXT, envelope TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_gov_audit_leaves_aggregate ON gov_audit_leaves (aggregate_id, leaf_index)",
    "CREATE INDEX IF NOT EXISTS ix_gov_audit_leaves_at ON gov_audit_leaves (at)",
    "CREATE TABLE IF NOT EXISTS gov_audit_nodes (level INTEGER NOT NULL, idx BIGINT NOT NULL, hash TEXT NOT NULL, "
    "PRIMARY KEY (level, idx))",
    "CREATE TABLE IF NOT EXISTS gov_audit_checkpoints (size BIGINT PRIMARY KEY, root TEXT NOT NULL, "
    "at TEXT NOT NULL, note TEXT NOT NULL)",
]

INSERT_LEAF = (
    "INSERT INTO gov_audit_leaves (leaf_index, position, aggregate_id, at, envelope) "
    "VALUES (:leaf_index, :position, :aggregate_id, :at, :envelope)"
)
INSERT_NODE = (
    "INSERT INTO gov_audit_nodes (level, idx, hash) VALUES (:level, :idx, :hash)"
)
INSERT_CHECKPOINT = (
    "INSERT INTO gov_audit_checkpoints (size, root, at, note) VALUES (:size, :root, :at, :note) "
    "ON CONFLICT (size) DO NOTHING"
)
