"""The assessment projection's tables and the statements that keep them (one SQL, both
backends; application/assessment/marks.py says what a mark is).

- `gov_assessment_units`: each unit's chain by level (`l1` district … `l4` group), as the
  registry stood when each event was applied: a fact counts where it happened then.
- `gov_assessment_clock`: the training clock's offset, so each mark is in service time.
- `gov_assessment_tracks`: each request as the log goes (origin, holder, resolver, the
  deadlines of its stay, accepted, open), what a mark's conditions read.
- `gov_assessment_marks`: the marks; `n1`…`n4` the next mark's time at each level;
  `bucket` what a period's read groups by (application/assessment/marks.py).
Times are integer microseconds since 1970 (UTC).
"""

from __future__ import annotations

from application.assessment.marks import LEVELS

Statement = tuple[str, dict]

LEVEL_NUMBERS = range(1, LEVELS + 1)
CHAIN_COLUMNS = ", ".join(f"l{k}" for k in LEVEL_NUMBERS)
_CHAIN = ", ".join(f"l{k} TEXT" for k in LEVEL_NUMBERS)
_NEXT = ", ".join(f"n{k} BIGINT" for k in LEVEL_NUMBERS)

ASSESSMENT_DDL = [
    "CREATE TABLE IF NOT EXISTS gov_assessment_units (code TEXT PRIMARY KEY, "
    f"depth INTEGER NOT NULL, {_CHAIN})",
    "CREATE TABLE IF NOT EXISTS gov_assessment_clock (id INTEGER PRIMARY KEY, "
    "offset_us BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS gov_assessment_tracks (request_id TEXT PRIMARY KEY, "
    "origin TEXT NOT NULL, holder TEXT NOT NULL, resolver TEXT, accept_due BIGINT, "
    "resolve_due BIGINT, accepted INTEGER NOT NULL, is_open INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS gov_assessment_marks (request_id TEXT NOT NULL, "
    f"mark TEXT NOT NULL, at_us BIGINT NOT NULL, {_CHAIN}, {_NEXT}, "
    "bucket TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS ix_gov_assessment_marks_at "
    "ON gov_assessment_marks (at_us)",
    "CREATE INDEX IF NOT EXISTS ix_gov_assessment_marks_request "
    "ON gov_assessment_marks (request_id, mark)",
]
ASSESSMENT_TABLES = (
    "gov_assessment_units",
    "gov_assessment_clock",
    "gov_assessment_tracks",
    "gov_assessment_marks",
)

# The event's service time: its recorded time plus the training offset then in force.
SERVICE_TIME = "(:wall + COALESCE((SELECT offset_us FROM gov_assessment_clock), 0))"
# Where a mark counts: the fact's own unit, or where the request is held or was resolved.
AT_UNIT = ":unit"
AT_HOLDER = "(SELECT holder FROM gov_assessment_tracks WHERE request_id = :rid)"
AT_RESOLVER = "(SELECT resolver FROM gov_assessment_tracks WHERE request_id = :rid)"
ALWAYS = "1 = 1"
# BZ-A2: accepted by the accept deadline in force (none set: on time).
ON_TIME = (
    "NOT EXISTS (SELECT 1 FROM gov_assessment_tracks t WHERE t.request_id = :rid "
    f"AND t.accept_due < {SERVICE_TIME})"
)
# BZ-D1: resolved by the group where the request entered.
AT_ORIGIN = (
    "EXISTS (SELECT 1 FROM gov_assessment_tracks t WHERE t.request_id = :rid "
    "AND t.origin = :unit)"
)
WHOLE_CHAIN = tuple(f"u.l{k}" for k in LEVEL_NUMBERS)
OWN_LEVEL_ONLY = tuple(
    f"CASE WHEN u.depth = {k - 1} THEN u.l{k} END" for k in LEVEL_NUMBERS
)
# An escalation counts for the units it left: those above `unit` and not above `to_unit`.
LEFT_BEHIND = tuple(
    f"CASE WHEN u.l{k} = dest.l{k} THEN NULL ELSE u.l{k} END" for k in LEVEL_NUMBERS
)


def closing(where: str, condition: str, chain: tuple[str, ...] = WHOLE_CHAIN) -> str:
    """The previous mark of this kind, at each level where the new one counts, now has
    a next: the new mark's time."""
    sets = ", ".join(
        f"n{k} = CASE WHEN n{k} IS NULL AND l{k} = (SELECT {unit} FROM "
        f"gov_assessment_units u WHERE u.code = {where}) THEN {SERVICE_TIME} "
        f"ELSE n{k} END"
        for k, unit in zip(LEVEL_NUMBERS, chain, strict=True)
    )
    still_open = " OR ".join(f"n{k} IS NULL" for k in LEVEL_NUMBERS)
    return (
        f"UPDATE gov_assessment_marks SET {sets} WHERE request_id = :rid "
        f"AND mark = :mark AND ({still_open}) AND ({condition})"
    )


def marking(where: str, condition: str, chain: tuple[str, ...] = WHOLE_CHAIN) -> str:
    """A mark at the unit `where` names, with its chain, if `condition` holds."""
    joined = (
        " LEFT JOIN gov_assessment_units dest ON dest.code = :to_unit"
        if chain == LEFT_BEHIND
        else ""
    )
    # l1…l4 the whole chain of the unit (a subtree's read finds its marks by it); the
    # bucket the units the mark counts for (`chain`: all of them, or fewer).
    bucket = " || '/' || ".join(f"COALESCE({unit}, '')" for unit in chain)
    return (
        "INSERT INTO gov_assessment_marks (request_id, mark, at_us, "
        f"{CHAIN_COLUMNS}, bucket) "
        f"SELECT :rid, :mark, {SERVICE_TIME}, {', '.join(WHOLE_CHAIN)}, "
        f"CAST(:head AS TEXT) || {bucket} "
        f"FROM gov_assessment_units u{joined} WHERE u.code = {where} AND ({condition})"
    )


def registering(depth: int) -> str:
    """A unit's chain: its parent's above its own level, itself at it."""
    chain = [
        f"(SELECT l{k} FROM gov_assessment_units WHERE code = :parent)"
        if k - 1 < depth
        else (":code" if k - 1 == depth else "NULL")
        for k in LEVEL_NUMBERS
    ]
    updates = ", ".join(f"l{k} = excluded.l{k}" for k in LEVEL_NUMBERS)
    return (
        f"INSERT INTO gov_assessment_units (code, depth, {CHAIN_COLUMNS}) "
        f"VALUES (:code, {depth}, {', '.join(chain)}) "
        f"ON CONFLICT (code) DO UPDATE SET depth = excluded.depth, {updates}"
    )


def _moved_level(k: int) -> str:
    return (
        f"l{k} = CASE WHEN {k - 1} < (SELECT depth FROM gov_assessment_units "
        f"WHERE code = :code) THEN (SELECT l{k} FROM gov_assessment_units "
        f"WHERE code = :new_parent) ELSE l{k} END"
    )


# The moved unit and every unit under it take the new parent's chain above its level.
MOVED = (
    f"UPDATE gov_assessment_units SET {', '.join(_moved_level(k) for k in LEVEL_NUMBERS)} "
    f"WHERE :code IN ({CHAIN_COLUMNS})"
)
CLOCK_MOVED = (
    "INSERT INTO gov_assessment_clock AS c (id, offset_us) VALUES (1, :us) "
    "ON CONFLICT (id) DO UPDATE SET offset_us = c.offset_us + excluded.offset_us"
)
TRACK_RAISED = (
    "INSERT INTO gov_assessment_tracks (request_id, origin, holder, resolver, "
    "accept_due, resolve_due, accepted, is_open) VALUES (:rid, :unit, :unit, NULL, "
    ":accept_due, :resolve_due, 0, 1) ON CONFLICT (request_id) DO UPDATE SET "
    "origin = excluded.origin, holder = excluded.holder, resolver = NULL, "
    "accept_due = excluded.accept_due, resolve_due = excluded.resolve_due, "
    "accepted = 0, is_open = 1"
)
TRACK_ARRIVED = (
    "UPDATE gov_assessment_tracks SET holder = :unit, accept_due = :accept_due, "
    "resolve_due = :resolve_due, accepted = 0, is_open = 1 WHERE request_id = :rid"
)
TRACK_ACCEPTED = "UPDATE gov_assessment_tracks SET accepted = 1 WHERE request_id = :rid"
TRACK_RESOLVED = (
    "UPDATE gov_assessment_tracks SET resolver = :unit, is_open = 0 "
    "WHERE request_id = :rid"
)
TRACK_CLOSED = "UPDATE gov_assessment_tracks SET is_open = 0 WHERE request_id = :rid"
