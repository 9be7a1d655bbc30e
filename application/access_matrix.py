"""The access matrix: who may do what, where. One row per API operation.

Each row names the route it guards (method and path), how the API finds the
target (`target`, resolved in api/access.py), the scope of each role, and the
rule cited when a caller is refused (403). A role a row does not name has scope
`none`. The system role acts only through the scheduler, never through the API.
docs/access.md is generated from this table (`python -m application.access_doc`); a test keeps them equal.
"""

from __future__ import annotations

from dataclasses import replace

from application.access import Rule, Scope
from domain.levels import Role

R, GL, CS, SS, DS, SC, AD = (
    Role.RESIDENT,
    Role.GROUP_LEADER,
    Role.COMMUNITY_STAFF,
    Role.STREET_STAFF,
    Role.DISTRICT_STAFF,
    Role.SUPERVISION_COMMITTEE,
    Role.ADMINISTRATOR,
)


def everyone(scope: Scope) -> dict[Role, Scope]:
    """Every role a person can hold; public rows reach the system too (it needs no token)."""
    roles = tuple(Role) if scope is Scope.PUBLIC else (R, GL, CS, SS, DS, SC, AD)
    return {role: scope for role in roles}


HANDLERS = {GL: Scope.OWN_UNIT, CS: Scope.SUBTREE, SS: Scope.SUBTREE, DS: Scope.SUBTREE}
READERS = {**HANDLERS, SC: Scope.COMMUNITY, AD: Scope.SUBTREE}
STAFF = {CS: Scope.SUBTREE, SS: Scope.SUBTREE, DS: Scope.SUBTREE}
ISSUERS = STAFF
URGERS = {CS: Scope.ABOVE, SS: Scope.ABOVE, DS: Scope.ABOVE, SC: Scope.COMMUNITY}
RESIDENT = {R: Scope.OWN}
ADMIN = {AD: Scope.ANYWHERE}
AUDITORS = {SC: Scope.COMMUNITY, DS: Scope.SUBTREE, AD: Scope.SUBTREE}
PROOF_READERS = {SC: Scope.ANYWHERE, DS: Scope.ANYWHERE, AD: Scope.ANYWHERE}

# Deliberation: (scopes, rule cited on refusal, the topic roles the domain lets act, note).
Actors = tuple[dict[Role, Scope], str, tuple[str, ...], str]
ON_TOPIC = {R: Scope.TOPIC_ROLE, GL: Scope.TOPIC_ROLE}
TOPIC_READ: Actors = (
    {
        R: Scope.MEMBER,
        GL: Scope.MEMBER,
        **STAFF,
        SC: Scope.COMMUNITY,
        AD: Scope.SUBTREE,
    },
    "WZ-5.6-e",
    (),
    "its community's residents too, once it is announced (WZ-5.4)",
)
TOPIC_RECORDS: Actors = (
    {**ON_TOPIC, **STAFF, SC: Scope.COMMUNITY, AD: Scope.SUBTREE},
    "WZ-5.6-e",
    (),
    "residents and group leaders only through a role on the topic: speeches, votes, names",
)
PROPOSERS = {R: Scope.MEMBER, GL: Scope.MEMBER, CS: Scope.OWN_UNIT, SC: Scope.MEMBER}
BY_STAFF: Actors = (STAFF, "BZ-D3", (), "staff over the topic's community")
CONVENOR: Actors = (
    {**ON_TOPIC, CS: Scope.SUBTREE},
    "BZ-D3",
    ("convenor",),
    "the convenor, or the community's staff (WZ-5.2-b)",
)
OFFICERS: Actors = (
    {**ON_TOPIC, **STAFF},
    "BZ-D3",
    ("host", "recorder"),
    "the host or the recorder, or staff over the community",
)
FOR_PARTICIPANTS: Actors = (
    {**ON_TOPIC, **STAFF},
    "BZ-D3",
    ("host", "recorder", "participant"),
    "a participant for themselves; the host, the recorder or staff for a participant",
)


def _step(rule_id: str, who: str = "the community's staff") -> Actors:
    """A step after the outcome, by the role the standard gives it (domain/deliberation/aftermath.py)."""
    return {CS: Scope.SUBTREE}, "BZ-D3", (), f"{who} ({rule_id})"


TOPIC_ACTORS: dict[str, Actors] = {
    "register": BY_STAFF,
    "review": BY_STAFF,
    "notify_proposer": BY_STAFF,
    "plan": CONVENOR,
    "draft_rules": CONVENOR,
    "announce": BY_STAFF,
    "file": _step("WZ-5.7-a"),
    "communicate": _step("WZ-5.7-c"),
    "correct": (
        {SS: Scope.SUBTREE},
        "WZ-5.7-b",
        (),
        "the street corrects an unlawful outcome",
    ),
    "implement": _step("WZ-5.8-a"),
    "explain_dissent": (
        CONVENOR[0],
        "BZ-D3",
        ("convenor",),
        "the convenor, or the community's staff (WZ-5.8-b)",
    ),
    "report": (
        {SC: Scope.COMMUNITY},
        "WZ-5.8-d",
        (),
        "the community's supervision committee reports",
    ),
    "refer": _step("LS-2.4.9"),
    "appraise": (
        {CS: Scope.SUBTREE, SC: Scope.COMMUNITY},
        "LS-3.2.4",
        (),
        "the community's staff or its supervision committee score the work",
    ),
    "post": _step("JH-5.4"),
    "archive": _step("JH-5.4", "the community's staff, once filed, told and posted"),
    "consult": (
        CONVENOR[0],
        "BZ-D3",
        ("convenor",),
        "the convenor, or the community's staff (WZ-5.6-f)",
    ),
    "reopen": (
        {CS: Scope.SUBTREE, SC: Scope.COMMUNITY},
        "LS-2.4.11",
        (),
        "the community's staff or supervision committee, on a problem found while implementing",
    ),
}
RECORDER: Actors = (
    {**ON_TOPIC, CS: Scope.SUBTREE},
    "BZ-D3",
    ("recorder",),
    "the sitting's recorder, or the community's staff (WZ-5.6-d, LS-2.4.5)",
)
SITTING_ACTORS: dict[str, Actors] = {
    "sign_in": FOR_PARTICIPANTS,
    "open_vote": OFFICERS,
    "explain": (
        {**ON_TOPIC, **STAFF},
        "BZ-D3",
        ("proposer", "host", "recorder"),
        "the proposer, the host or the recorder, or staff over the community (WZ-5.6-a)",
    ),
    "request_floor": FOR_PARTICIPANTS,
    "speak": OFFICERS,
    "expert_statement": OFFICERS,
    "cast": (
        ON_TOPIC,
        "WZ-5.3-c",
        ("participant",),
        "a participant casts their own ballot (WZ-5.5-d)",
    ),
    "record_counts": (
        {**ON_TOPIC, CS: Scope.TOPIC_ROLE, SS: Scope.TOPIC_ROLE, DS: Scope.TOPIC_ROLE},
        "WZ-5.2-b",
        ("recorder",),
        "only the sitting's recorder enters on-site counts",
    ),
    "close_vote": OFFICERS,
    "settle": OFFICERS,
    "redraft_rules": (
        {**ON_TOPIC, **STAFF},
        "BZ-D3",
        ("host", "convenor"),
        "the convenor or the host, or staff over the community (WZ-5.5-a)",
    ),
    "close_without_result": (
        {**ON_TOPIC, **STAFF},
        "BZ-D3",
        ("host", "convenor"),
        "the convenor or the host, or staff, once the draft rules are voted down "
        "(WZ-5.6-b)",
    ),
    "attach_media": RECORDER,
    "note_discussion": RECORDER,
}
STATE_NOTE = "the domain then refuses what the state does not allow (409)"
NOTICE_NOTE = "a resident's notice allows only acknowledge and answer_urge: the domain refuses this one (409)"


def _request_actions() -> list[Rule]:
    unit = [
        Rule(
            f"requests.{a}",
            "POST",
            f"/requests/{{request_id}}/{a}",
            "request",
            HANDLERS,
            note=note,
        )
        for a, note in (
            ("accept", ""),
            ("escalate", "a request at the district cannot be escalated (409)"),
            ("delegate", "a request at a group has nothing below to delegate to (409)"),
            ("resolve", ""),
            ("answer_urge", "only while an urge is open"),
        )
    ]
    unit[2] = replace(unit[2], domain_refuses=frozenset({GL}))
    own = [
        Rule(
            f"requests.{a}",
            "POST",
            f"/requests/{{request_id}}/{a}",
            "request",
            RESIDENT,
            note="only the resident who raised it",
        )
        for a in ("withdraw", "confirm", "dispute", "rate")
    ]
    return [*unit, *own]


def _assignment_actions() -> list[Rule]:
    notice_refuses = {"delegate", "progress", "complete", "return"}
    return [
        Rule(
            f"assignments.{a}",
            "POST",
            f"/assignments/{{assignment_id}}/{a}",
            "assignment",
            {**HANDLERS, **RESIDENT},
            note=NOTICE_NOTE if a in notice_refuses else "",
            domain_refuses=frozenset({R}) if a in notice_refuses else frozenset(),
        )
        for a in (
            "acknowledge",
            "delegate",
            "progress",
            "complete",
            "return",
            "answer_urge",
        )
    ]


def _deliberation() -> list[Rule]:
    """Topics and sittings (docs/deliberation.md): staff over the topic's community act on it, its
    supervision committee and administrators read it; residents and group leaders act only through
    a role they hold on it (`topic role`: the domain then checks it is the role the action needs)."""

    def on_topic(operation: str, method: str, path: str, who: Actors) -> Rule:
        scopes, rule_id, roles, note = who
        return Rule(
            operation,
            method,
            path,
            "sitting" if path.startswith("/sittings") else "topic",
            scopes,
            rule_id=rule_id,
            topic_roles=frozenset(roles),
            note=note,
        )

    return [
        Rule(
            "topics.propose",
            "POST",
            "/topics",
            "proposal",
            PROPOSERS,
            rule_id="WZ-5.1-a",
            note="a resident or group leader of the body's `community` (a supervision member as its resident), "
            "or its own staff; the domain checks the proposer kind and the category (WZ-5.1-a, 403)",
        ),
        on_topic("topics.read", "GET", "/topics/{topic_id}", TOPIC_READ),
        on_topic(
            "topics.records",
            "GET",
            "/topics/{topic_id}/records/{number}",
            TOPIC_RECORDS,
        ),
        *(
            on_topic(f"topics.{a}", "POST", f"/topics/{{topic_id}}/{a}", who)
            for a, who in TOPIC_ACTORS.items()
        ),
        on_topic(
            "topics.open_sitting",
            "POST",
            "/topics/{topic_id}/sittings",
            (
                {**ON_TOPIC, **STAFF},
                "BZ-D3",
                ("convenor",),
                "the convenor, or staff over the community",
            ),
        ),
        on_topic(
            "topics.major_decision",
            "POST",
            "/topics/{topic_id}/major-decision/{stage}",
            (
                STAFF,
                "LS-2.4.12",
                (),
                "the 五议两公开 stages after a major-decision outcome",
            ),
        ),
        on_topic("sittings.read", "GET", "/sittings/{sitting_id}", TOPIC_READ),
        *(
            on_topic(f"sittings.{a}", "POST", f"/sittings/{{sitting_id}}/{a}", who)
            for a, who in SITTING_ACTORS.items()
        ),
    ]


def _audit() -> list[Rule]:
    """The audit log (docs/audit.md): proofs carry no personal data; bundles and dossiers do."""

    def proofs(operation: str, path: str) -> Rule:
        return Rule(
            f"audit.{operation}",
            "GET",
            f"/audit/{path}",
            "none",
            PROOF_READERS,
            rule_id="WZ-5.6-e",
            note="tree sizes, roots, hashes: no personal data",
        )

    witness = {SC: Scope.ANYWHERE}
    return [
        proofs("checkpoints", "checkpoints"),
        proofs("checkpoint_latest", "checkpoints/latest"),
        proofs("inclusion", "proofs/inclusion"),
        proofs("consistency", "proofs/consistency"),
        Rule(
            "audit.bundles",
            "GET",
            "/audit/bundles",
            "audit_scope",
            AUDITORS,
            rule_id="WZ-5.6-e",
            personal=True,
            note="a request it passed through, a topic's community, a unit's subtree; a time window is the whole "
            "district",
        ),
        Rule(
            "audit.dossier_request",
            "GET",
            "/audit/dossiers/requests/{request_id}",
            "request_path",
            {**READERS, **RESIDENT},
            personal=True,
            note="as reading the request",
        ),
        Rule(
            "audit.dossier_topic",
            "GET",
            "/audit/dossiers/topics/{topic_id}",
            "topic",
            TOPIC_RECORDS[0],
            rule_id=TOPIC_RECORDS[1],
            note="as the trace records: every event with its actor",
        ),
        Rule(
            "audit.alerts",
            "GET",
            "/audit/alerts",
            "none",
            PROOF_READERS,
            rule_id="WZ-5.6-e",
            note="the online self-audit's findings: leaf, position, aggregate id; no personal data",
        ),
        Rule(
            "audit.witness_register",
            "POST",
            "/audit/witnesses",
            "none",
            witness,
            rule_id="WZ-5.6-e",
        ),
        Rule(
            "audit.cosign",
            "POST",
            "/audit/witnesses/me/cosignatures",
            "none",
            witness,
            rule_id="WZ-5.6-e",
            note="a registered witness; the cosignature must verify with its key (422)",
        ),
    ]


def _registry_changes() -> list[Rule]:
    return [
        Rule(
            f"units.{a}", "POST", f"/units/{{code}}/{a}", "none", ADMIN, rule_id="BZ-L1"
        )
        for a in ("rename", "move", "retire")
    ]


RULES: tuple[Rule, ...] = (
    Rule("health", "GET", "/health", "none", everyone(Scope.PUBLIC), rule_id=""),
    Rule("ready", "GET", "/ready", "none", everyone(Scope.PUBLIC), rule_id=""),
    Rule(
        "sessions.request_code",
        "POST",
        "/sessions/code",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="a sign-in code by SMS; the answer is the same whether or not the phone finds anyone",
    ),
    Rule(
        "sessions.create",
        "POST",
        "/sessions",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="phone and code give a bearer token (5 tries, then the phone is locked out)",
    ),
    Rule("me.read", "GET", "/me", "none", everyone(Scope.SELF), rule_id=""),
    Rule(
        "me.requests", "GET", "/me/requests", "none", everyone(Scope.SELF), rule_id=""
    ),
    Rule("me.notices", "GET", "/me/notices", "none", everyone(Scope.SELF), rule_id=""),
    Rule(
        "me.deliberations",
        "GET",
        "/me/deliberations",
        "none",
        everyone(Scope.SELF),
        rule_id="",
    ),
    Rule(
        "me.publication_consent",
        "PUT",
        "/me/publication-consent",
        "none",
        everyone(Scope.SELF),
        rule_id="",
    ),
    Rule(
        "public.stats",
        "GET",
        "/public/units/{code}/stats",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="figures without personal data",
    ),
    Rule(
        "public.results",
        "GET",
        "/public/units/{code}/results",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="titles only where the resident consented",
    ),
    Rule(
        "public.deliberations",
        "GET",
        "/public/units/{code}/deliberations",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="deliberation results posted publicly (JH-5.4); titles only where the proposer consented",
    ),
    Rule(
        "requests.raise",
        "POST",
        "/requests",
        "raised_for",
        {**HANDLERS, **RESIDENT},
        note="a resident for themselves at their group; staff for a resident of their jurisdiction",
    ),
    Rule(
        "requests.read",
        "GET",
        "/requests/{request_id}",
        "request_path",
        {**READERS, **RESIDENT},
        personal=True,
        note="staff and supervision of any unit it passed through",
    ),
    *_request_actions(),
    Rule(
        "requests.urge",
        "POST",
        "/requests/{request_id}/urge",
        "request",
        URGERS,
        rule_id="WZ-5.6-e",
        note="a unit above the holder, or the supervision committee over it; only an overdue request (409)",
    ),
    Rule("units.list", "GET", "/units", "none", everyone(Scope.ANYONE), rule_id=""),
    Rule("units.inbox", "GET", "/units/{code}/inbox", "unit", READERS, personal=True),
    Rule("units.stats", "GET", "/units/{code}/stats", "unit", READERS),
    Rule(
        "units.access_log",
        "GET",
        "/units/{code}/access-log",
        "unit",
        AUDITORS,
        rule_id="ACCESS-LOG",
        note="who read whose personal data in the unit's subtree",
    ),
    Rule(
        "units.deliberations",
        "GET",
        "/units/{code}/deliberations",
        "unit",
        {
            CS: Scope.SUBTREE,
            SS: Scope.SUBTREE,
            DS: Scope.SUBTREE,
            SC: Scope.COMMUNITY,
            AD: Scope.SUBTREE,
        },
        note="a community's topics and what is due",
    ),
    Rule(
        "units.topic_suggestions",
        "GET",
        "/units/{code}/topic-suggestions",
        "unit",
        {
            CS: Scope.SUBTREE,
            SS: Scope.SUBTREE,
            DS: Scope.SUBTREE,
            SC: Scope.COMMUNITY,
            AD: Scope.SUBTREE,
        },
        note="requests raised more than once on the same matter: candidates for one topic",
    ),
    Rule(
        "units.deliberation_profile",
        "PUT",
        "/units/{code}/deliberation-profile",
        "unit",
        ISSUERS,
        note="the rule profile a community adopts; the domain refuses a unit that is not a community (422)",
    ),
    Rule("units.register", "POST", "/units", "none", ADMIN, rule_id="BZ-L1"),
    *_registry_changes(),
    Rule(
        "tasks.issue",
        "POST",
        "/tasks",
        "task_issuer",
        ISSUERS,
        note="a unit with units below it; a group reaches its residents by delegating an assignment",
    ),
    Rule(
        "tasks.rollup",
        "GET",
        "/tasks/{task_id}/rollup",
        "rollup",
        READERS,
        personal=True,
        note="from the `unit` asked for (the issuing unit by default)",
    ),
    Rule(
        "tasks.cancel",
        "POST",
        "/tasks/{task_id}/cancel",
        "task",
        ISSUERS,
        note="the issuing unit or above it",
    ),
    Rule(
        "tasks.extend",
        "POST",
        "/tasks/{task_id}/extend",
        "task",
        ISSUERS,
        note="the issuing unit or above it",
    ),
    *_assignment_actions(),
    *_audit(),
    *_deliberation(),
    Rule(
        "assignments.urge",
        "POST",
        "/assignments/{assignment_id}/urge",
        "assignment_holder",
        URGERS,
        rule_id="WZ-5.6-e",
        note="a resident's notice is urged at their group; only an overdue one (409)",
    ),
    Rule(
        "people.erase",
        "POST",
        "/people/{ref}/erase",
        "none",
        ADMIN,
        rule_id="BZ-L1",
        note="on a lawful request (PIPL art. 47)",
    ),
    Rule(
        "people.revoke_tokens",
        "POST",
        "/people/{ref}/revoke_tokens",
        "none",
        ADMIN,
        rule_id="BZ-L1",
        note="tokens issued before now are refused (docs/security.md)",
    ),
    Rule(
        "calendar.read",
        "GET",
        "/calendar/{year}",
        "none",
        everyone(Scope.ANYONE),
        rule_id="",
    ),
    Rule(
        "calendar.load",
        "PUT",
        "/calendar/{year}",
        "none",
        ADMIN,
        rule_id="ACCESS-ADMIN",
    ),
)

MATRIX: dict[str, Rule] = {rule.operation: rule for rule in RULES}


def same_target(rule: Rule) -> tuple[Rule, ...]:
    """Rules whose target the API resolves the same way: what a refused caller may do instead."""
    return tuple(r for r in RULES if r.target == rule.target and r.target != "none")
