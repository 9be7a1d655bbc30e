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

R, GL, CS, SS, DS, SC, AD = (Role.RESIDENT, Role.GROUP_LEADER, Role.COMMUNITY_STAFF, Role.STREET_STAFF,
                             Role.DISTRICT_STAFF, Role.SUPERVISION_COMMITTEE, Role.ADMINISTRATOR)


def everyone(scope: Scope) -> dict[Role, Scope]:
    """Every role a person can hold; public rows reach the system too (it needs no token)."""
    roles = tuple(Role) if scope is Scope.PUBLIC else (R, GL, CS, SS, DS, SC, AD)
    return {role: scope for role in roles}


HANDLERS = {GL: Scope.OWN_UNIT, CS: Scope.SUBTREE, SS: Scope.SUBTREE, DS: Scope.SUBTREE}
READERS = {**HANDLERS, SC: Scope.COMMUNITY, AD: Scope.SUBTREE}
ISSUERS = {CS: Scope.SUBTREE, SS: Scope.SUBTREE, DS: Scope.SUBTREE}
URGERS = {CS: Scope.ABOVE, SS: Scope.ABOVE, DS: Scope.ABOVE, SC: Scope.COMMUNITY}
RESIDENT = {R: Scope.OWN}
ADMIN = {AD: Scope.ANYWHERE}
AUDITORS = {SC: Scope.COMMUNITY, DS: Scope.SUBTREE, AD: Scope.SUBTREE}
PROOF_READERS = {SC: Scope.ANYWHERE, DS: Scope.ANYWHERE, AD: Scope.ANYWHERE}

DELIBERATION_NOTE = ("proposer, convenor, recorder or participant of the topic, or the community's staff and "
                     "supervision committee: the deliberation service checks it (WZ-5.x)")
TOPIC_ACTIONS = ("register", "review", "notify_proposer", "plan", "draft_rules", "announce", "file", "communicate",
                 "correct", "implement", "explain_dissent", "report", "refer", "appraise", "post", "archive", "consult",
                 "reopen")
SITTING_ACTIONS = ("sign_in", "open_vote", "explain", "request_floor", "speak", "expert_statement", "cast",
                   "record_counts", "close_vote", "settle", "note_discussion", "attach_media")
STATE_NOTE = "the domain then refuses what the state does not allow (409)"
NOTICE_NOTE = "a resident's notice allows only acknowledge and answer_urge: the domain refuses this one (409)"


def _request_actions() -> list[Rule]:
    unit = [Rule(f"requests.{a}", "POST", f"/requests/{{request_id}}/{a}", "request", HANDLERS, note=note)
            for a, note in (("accept", ""), ("escalate", "a request at the district cannot be escalated (409)"),
                            ("delegate", "a request at a group has nothing below to delegate to (409)"),
                            ("resolve", ""), ("answer_urge", "only while an urge is open"))]
    unit[2] = replace(unit[2], domain_refuses=frozenset({GL}))
    own = [Rule(f"requests.{a}", "POST", f"/requests/{{request_id}}/{a}", "request", RESIDENT,
                note="only the resident who raised it")
           for a in ("withdraw", "confirm", "dispute", "rate")]
    return [*unit, *own]


def _assignment_actions() -> list[Rule]:
    notice_refuses = {"delegate", "progress", "complete", "return"}
    return [Rule(f"assignments.{a}", "POST", f"/assignments/{{assignment_id}}/{a}", "assignment",
                 {**HANDLERS, **RESIDENT}, note=NOTICE_NOTE if a in notice_refuses else "",
                 domain_refuses=frozenset({R}) if a in notice_refuses else frozenset())
            for a in ("acknowledge", "delegate", "progress", "complete", "return", "answer_urge")]


def _deliberation() -> list[Rule]:
    """Topics and sittings: who may act is the topic's business (its proposer, convenor, recorder,
    participants), so the matrix passes every person to the deliberation service, which checks it."""
    def delegated(operation: str, method: str, path: str) -> Rule:
        return Rule(operation, method, path, "none", everyone(Scope.DELIBERATION), rule_id="", note=DELIBERATION_NOTE)
    return [delegated("topics.propose", "POST", "/topics"), delegated("topics.read", "GET", "/topics/{topic_id}"),
            delegated("topics.records", "GET", "/topics/{topic_id}/records/{number}"),
            *(delegated(f"topics.{a}", "POST", f"/topics/{{topic_id}}/{a}") for a in TOPIC_ACTIONS),
            delegated("topics.open_sitting", "POST", "/topics/{topic_id}/sittings"),
            delegated("topics.major_decision", "POST", "/topics/{topic_id}/major-decision/{stage}"),
            delegated("sittings.read", "GET", "/sittings/{sitting_id}"),
            *(delegated(f"sittings.{a}", "POST", f"/sittings/{{sitting_id}}/{a}") for a in SITTING_ACTIONS)]


def _audit() -> list[Rule]:
    """The audit log (docs/audit.md): proofs carry no personal data; bundles and dossiers do."""
    def proofs(operation: str, path: str) -> Rule:
        return Rule(f"audit.{operation}", "GET", f"/audit/{path}", "none", PROOF_READERS, rule_id="WZ-5.6-e",
                    note="tree sizes, roots, hashes: no personal data")
    witness = {SC: Scope.ANYWHERE}
    return [proofs("checkpoints", "checkpoints"), proofs("checkpoint_latest", "checkpoints/latest"),
            proofs("inclusion", "proofs/inclusion"), proofs("consistency", "proofs/consistency"),
            Rule("audit.bundles", "GET", "/audit/bundles", "audit_scope", AUDITORS, rule_id="WZ-5.6-e", personal=True,
                 note="a request it passed through, a topic's community, a unit's subtree; a time window is the whole "
                      "district"),
            Rule("audit.dossier_request", "GET", "/audit/dossiers/requests/{request_id}", "request_path",
                 {**READERS, **RESIDENT}, personal=True, note="as reading the request"),
            Rule("audit.dossier_topic", "GET", "/audit/dossiers/topics/{topic_id}", "none",
                 everyone(Scope.DELIBERATION), rule_id="", note=DELIBERATION_NOTE),
            Rule("audit.witness_register", "POST", "/audit/witnesses", "none", witness, rule_id="WZ-5.6-e"),
            Rule("audit.cosign", "POST", "/audit/witnesses/me/cosignatures", "none", witness, rule_id="WZ-5.6-e",
                 note="a registered witness; the cosignature must verify with its key (422)")]


def _registry_changes() -> list[Rule]:
    return [Rule(f"units.{a}", "POST", f"/units/{{code}}/{a}", "none", ADMIN, rule_id="BZ-L1")
            for a in ("rename", "move", "retire")]


RULES: tuple[Rule, ...] = (
    Rule("health", "GET", "/health", "none", everyone(Scope.PUBLIC), rule_id=""),
    Rule("ready", "GET", "/ready", "none", everyone(Scope.PUBLIC), rule_id=""),
    Rule("me.read", "GET", "/me", "none", everyone(Scope.SELF), rule_id=""),
    Rule("me.requests", "GET", "/me/requests", "none", everyone(Scope.SELF), rule_id=""),
    Rule("me.notices", "GET", "/me/notices", "none", everyone(Scope.SELF), rule_id=""),
    Rule("me.deliberations", "GET", "/me/deliberations", "none", everyone(Scope.SELF), rule_id=""),
    Rule("me.publication_consent", "PUT", "/me/publication-consent", "none", everyone(Scope.SELF), rule_id=""),
    Rule("public.stats", "GET", "/public/units/{code}/stats", "none", everyone(Scope.PUBLIC), rule_id="",
         note="figures without personal data"),
    Rule("public.results", "GET", "/public/units/{code}/results", "none", everyone(Scope.PUBLIC), rule_id="",
         note="titles only where the resident consented"),
    Rule("public.deliberations", "GET", "/public/units/{code}/deliberations", "none", everyone(Scope.PUBLIC),
         rule_id="", note="deliberation results posted publicly (JH-5.4); titles only where the proposer consented"),
    Rule("requests.raise", "POST", "/requests", "raised_for", {**HANDLERS, **RESIDENT},
         note="a resident for themselves at their group; staff for a resident of their jurisdiction"),
    Rule("requests.read", "GET", "/requests/{request_id}", "request_path", {**READERS, **RESIDENT}, personal=True,
         note="staff and supervision of any unit it passed through"),
    *_request_actions(),
    Rule("requests.urge", "POST", "/requests/{request_id}/urge", "request", URGERS, rule_id="WZ-5.6-e",
         note="a unit above the holder, or the supervision committee over it; only an overdue request (409)"),
    Rule("units.list", "GET", "/units", "none", everyone(Scope.ANYONE), rule_id=""),
    Rule("units.inbox", "GET", "/units/{code}/inbox", "unit", READERS, personal=True),
    Rule("units.stats", "GET", "/units/{code}/stats", "unit", READERS),
    Rule("units.access_log", "GET", "/units/{code}/access-log", "unit", AUDITORS, rule_id="ACCESS-LOG",
         note="who read whose personal data in the unit's subtree"),
    Rule("units.deliberations", "GET", "/units/{code}/deliberations", "unit",
         {CS: Scope.SUBTREE, SS: Scope.SUBTREE, DS: Scope.SUBTREE, SC: Scope.COMMUNITY, AD: Scope.SUBTREE},
         note="a community's topics and what is due"),
    Rule("units.topic_suggestions", "GET", "/units/{code}/topic-suggestions", "unit",
         {CS: Scope.SUBTREE, SS: Scope.SUBTREE, DS: Scope.SUBTREE, SC: Scope.COMMUNITY, AD: Scope.SUBTREE},
         note="requests raised more than once on the same matter: candidates for one topic"),
    Rule("units.deliberation_profile", "PUT", "/units/{code}/deliberation-profile", "unit", ISSUERS,
         note="the rule profile a community adopts; the domain refuses a unit that is not a community (422)"),
    Rule("units.register", "POST", "/units", "none", ADMIN, rule_id="BZ-L1"),
    *_registry_changes(),
    Rule("tasks.issue", "POST", "/tasks", "task_issuer", ISSUERS,
         note="a unit with units below it; a group reaches its residents by delegating an assignment"),
    Rule("tasks.rollup", "GET", "/tasks/{task_id}/rollup", "rollup", READERS, personal=True,
         note="from the `unit` asked for (the issuing unit by default)"),
    Rule("tasks.cancel", "POST", "/tasks/{task_id}/cancel", "task", ISSUERS,
         note="the issuing unit or above it"),
    Rule("tasks.extend", "POST", "/tasks/{task_id}/extend", "task", ISSUERS,
         note="the issuing unit or above it"),
    *_assignment_actions(),
    *_audit(),
    *_deliberation(),
    Rule("assignments.urge", "POST", "/assignments/{assignment_id}/urge", "assignment_holder", URGERS,
         rule_id="WZ-5.6-e", note="a resident's notice is urged at their group; only an overdue one (409)"),
    Rule("people.erase", "POST", "/people/{ref}/erase", "none", ADMIN, rule_id="BZ-L1",
         note="on a lawful request (PIPL art. 47)"),
    Rule("people.revoke_tokens", "POST", "/people/{ref}/revoke_tokens", "none", ADMIN, rule_id="BZ-L1",
         note="tokens issued before now are refused (docs/security.md)"),
    Rule("calendar.read", "GET", "/calendar/{year}", "none", everyone(Scope.ANYONE), rule_id=""),
    Rule("calendar.load", "PUT", "/calendar/{year}", "none", ADMIN, rule_id="ACCESS-ADMIN"),
)

MATRIX: dict[str, Rule] = {rule.operation: rule for rule in RULES}


def same_target(rule: Rule) -> tuple[Rule, ...]:
    """Rules whose target the API resolves the same way: what a refused caller may do instead."""
    return tuple(r for r in RULES if r.target == rule.target and r.target != "none")
