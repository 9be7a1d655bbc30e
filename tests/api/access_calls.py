"""For each operation of the access matrix: arrange its target at a place and say how to call it.

A builder gets the world, the unit the target should lie at, the person it should
belong to (None: anyone of the unit) and the caller's person id; it returns the
method, path and body of one call in a state where the operation is possible.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.access.grants import Rule
from application.access.matrix import RULES
from application.audit.notes import (
    COSIGNER_KEY,
    VerifierKey,
    cosign_line,
    raw_public,
    split_note,
)
from application.registry.commands import RegisterUnit
from application.registry.service import PersonSpec
from domain.actors import SYSTEM
from domain.deliberation.vocabulary import ProposerKind, TopicCategory
from domain.levels import Level, Role
from tests.api.access_topics import Bodies
from tests.api.access_world import World, pid

RAISE = {
    "title": "楼道灯坏了",
    "description": "5栋2单元楼道灯一周不亮",
    "category": "facilities",
}
Call = tuple[str, str, Any]
Builder = Callable[[World, str, "str | None", str], Call]


def get(path: str) -> Builder:
    return lambda w, unit, owner, caller: ("GET", path, None)


def on_request(
    action: str,
    state: str,
    body: dict | None = None,
    method: str = "POST",
    prefix: str = "/requests",
) -> Builder:
    def build(w: World, unit: str, owner: str | None, caller: str) -> Call:
        request_id = w.request_at(unit, owner, state)
        return method, f"{prefix}/{request_id}" + (f"/{action}" if action else ""), body

    return build


def on_delegable_request(w: World, unit: str, owner: str | None, caller: str) -> Call:
    body = {"to_unit": w.first_child(unit), "instructions": "请办理"}
    return "POST", f"/requests/{w.request_at(unit, owner)}/delegate", body


def on_misrouted_request(w: World, unit: str, owner: str | None, caller: str) -> Call:
    """改派: to the first unit beside the holder under the same parent."""
    parent = w.registry().unit(unit).parent
    beside = [c for c in (w.registry().children(parent) if parent else []) if c != unit]
    body = {"to_unit": beside[0] if beside else unit, "reason": "分派错了小组"}
    return "POST", f"/requests/{w.request_at(unit, owner)}/reassign", body


def raise_for(w: World, unit: str, owner: str | None, caller: str) -> Call:
    if owner == caller:
        return "POST", "/requests", RAISE
    resident = owner or w.plain_resident(w.group_under(unit))
    return (
        "POST",
        "/requests",
        {**RAISE, "on_behalf_of": resident, "channel": "hotline"},
    )


def on_unit(view: str) -> Builder:
    return lambda w, unit, owner, caller: ("GET", f"/units/{unit}/{view}", None)


def register_unit(w: World, unit: str, owner: str | None, caller: str) -> Call:
    return (
        "POST",
        "/units",
        {
            "code": w.fresh("CXT"),
            "level": "group",
            "name": "新小组",
            "parent": "CX0101",
        },
    )


def on_fresh_unit(action: str, body: dict) -> Builder:
    def build(w: World, unit: str, owner: str | None, caller: str) -> Call:
        code = w.fresh("CXT")
        w.c.registry.change(
            w.principal("P0001"),
            RegisterUnit(code=code, level="group", name="新小组", parent="CX0101"),
        )
        return "POST", f"/units/{code}/{action}", body

    return build


def erase_fresh_person(w: World, unit: str, owner: str | None, caller: str) -> Call:
    """A person registered for the cell, so erasing them leaves the walked people intact."""
    ref = w.fresh("E")
    w.c.registry.import_tree(
        SYSTEM, [], [PersonSpec(ref, "待删除居民", home_group="CX010102")]
    )
    return (
        "POST",
        f"/people/{ref}/erase",
        {"basis": "consent_withdrawn", "reference": f"case-{ref}"},
    )


def revoke_fresh_persons_tokens(
    w: World, unit: str, owner: str | None, caller: str
) -> Call:
    """A person registered for the cell, so the walked people keep their tokens."""
    ref = w.fresh("T")
    w.c.registry.import_tree(
        SYSTEM, [], [PersonSpec(ref, "令牌待撤销居民", home_group="CX010102")]
    )
    return "POST", f"/people/{ref}/revoke_tokens", {"reason": "令牌泄露"}


def community_of(w: World, unit: str) -> str:
    """The community a unit's deliberations happen in: its own, the one above a group, the first below."""
    level = w.registry().unit(unit).level
    if level is Level.GROUP:
        return w.registry().unit(unit).parent
    while w.registry().unit(unit).level is not Level.COMMUNITY:
        unit = w.registry().children(unit)[0]
    return unit


def on_community(view: str, method: str = "GET") -> Builder:
    def build(w: World, unit: str, owner: str | None, caller: str) -> Call:
        body = (
            {"profile": PROFILES[w.made % len(PROFILES)]} if method == "PUT" else None
        )
        w.made += 1
        return method, f"/units/{community_of(w, unit)}/{view}", body

    return build


def on_topic(rule: Rule) -> Builder:
    """A real topic of the community (`owner`: the walked resident proposed it, the walked people hold
    roles on it) at a stage where the row's action is possible, and the body that action takes."""
    action = rule.operation.split(".", 1)[1]

    def build(w: World, community: str, owner: str | None, caller: str) -> Call:
        built = w.topics.topic(community, owner is not None, action)
        route = w.route(rule.operation)
        path = route.path.replace("{topic_id}", built.topic_id).replace(
            "{sitting_id}", built.sitting_id
        )
        path = path.replace("{number}", "1")
        if "{stage}" in path:
            path = path.replace("{stage}", w.topics.major_stage(built))
        return (
            route.method,
            path,
            None if route.method == "GET" else Bodies(w, built).of(action),
        )

    return build


def propose(w: World, community: str, owner: str | None, caller: str) -> Call:
    """As what the caller proposes: community staff for the community, a group leader for a building."""
    kind, category = PROPOSER_KINDS.get(caller, ("resident", "community_residents"))
    return (
        "POST",
        "/topics",
        {
            "community": community,
            "category": category,
            "proposer_kind": kind,
            "channel": "wechat",
            "title": "3栋加装电梯",
            "description": "老人多，上下楼困难",
        },
    )


def issue_task(w: World, unit: str, owner: str | None, caller: str) -> Call:
    return (
        "POST",
        "/tasks",
        {
            "issuer_unit": unit,
            "title": "入户宣传",
            "instructions": "每户发放指南",
            "working_days": 5,
        },
    )


def rollup(w: World, unit: str, owner: str | None, caller: str) -> Call:
    district = [unit, *w.registry().ancestors(unit)][-1]
    return "GET", f"/tasks/{w.task_from(district)}/rollup?unit={unit}", None


def rollup_export(w: World, unit: str, owner: str | None, caller: str) -> Call:
    district = [unit, *w.registry().ancestors(unit)][-1]
    return "GET", f"/tasks/{w.task_from(district)}/rollup/export?unit={unit}", None


def on_task(action: str, body: dict) -> Builder:
    return lambda w, unit, owner, caller: (
        "POST",
        f"/tasks/{w.task_from(unit)}/{action}",
        body,
    )


def on_assignment(action: str, state: str, body: dict) -> Builder:
    def build(w: World, unit: str, owner: str | None, caller: str) -> Call:
        item = (
            w.notice_for(owner, state if state != "acknowledged" else "received")
            if owner
            else w.assignment_at(unit, state)
        )
        return "POST", f"/assignments/{item}/{action}", body

    return build


def signed(w: World) -> dict:
    """Everything sealed and a checkpoint signed of it: the audit reads have something to prove."""
    w.c.audit_parts.sealing.catch_up()
    w.c.audit_parts.sealing.checkpointer.checkpoint(w.c.audit_parts.store.size())
    return w.c.audit.head()


def audited(path: str) -> Builder:
    def build(w: World, unit: str, owner: str | None, caller: str) -> Call:
        signed(w)
        return "GET", path, None

    return build


def bundle_of_request(w: World, unit: str, owner: str | None, caller: str) -> Call:
    request_id = w.request_at(unit, owner)
    signed(w)
    return "GET", f"/audit/bundles?request_id={request_id}", None


def bundle_of_topic(w: World, unit: str, owner: str | None, caller: str) -> Call:
    """A topic proposed by a resident of the community the unit lies in (or is above)."""
    community = community_of(w, unit)
    topic = w.keep(("bundled topic", community), lambda: proposed(w, community))
    signed(w)
    return "GET", f"/audit/bundles?topic_id={topic}", None


def proposed(w: World, community: str) -> str:
    proposer = w.principal_by_id(w.plain_resident(w.group_under(community)))
    return w.c.deliberation.propose(
        proposer,
        community,
        TopicCategory.COMMUNITY_RESIDENTS,
        ProposerKind.RESIDENT,
        "wechat",
        "加装电梯",
        "老人上下楼难",
        [],
    )["topic_id"]


def witness_key(name: str) -> tuple[Ed25519PrivateKey, str]:
    private = Ed25519PrivateKey.generate()
    return private, VerifierKey(name, COSIGNER_KEY, raw_public(private)).text()


def cosign(w: World, unit: str, owner: str | None, caller: str) -> Call:
    """A witness key registered for a supervision member (others get a key nobody registered)."""
    private, key = witness_key(f"w.{caller[:8]}")
    principal = w.principal_by_id(caller) if caller != "system" else None
    if principal and any(
        role is Role.SUPERVISION_COMMITTEE for role, _ in principal.roles
    ):
        w.c.audit_parts.witnesses.register(principal, key)
    head = signed(w)
    line = cosign_line(
        f"w.{caller[:8]}", private, split_note(head["note"])[0], 1_790_000_000 + w.made
    )
    w.made += 1
    return (
        "POST",
        "/audit/witnesses/me/cosignatures",
        {"size": head["size"], "cosignature": line},
    )


TOPIC_TARGETS = ("topic", "sitting")


def request_code(w: World, unit: str, owner: str | None, caller: str) -> Call:
    """A phone that finds nobody: answered as any other (202), so each role's call is its own phone."""
    return "POST", "/sessions/code", {"phone": f"1990{abs(hash(caller)) % 10**7:07d}"}


def sign_in_by_code(w: World, unit: str, owner: str | None, caller: str) -> Call:
    person = w.c.ledger.person(pid("P0100") if caller == "system" else caller)
    w.c.signin.request_code(person.phone, f"walk:{caller}")
    return (
        "POST",
        "/sessions",
        {"phone": person.phone, "code": w.c.signin.sender.last_code(person.phone)},
    )


PROPOSER_KINDS = {
    pid("P0010"): ("community", "community_residents"),
    pid("P0037"): ("group_leader", "building"),
}
PROFILES = ("lishui-2017", "jinhua-2023", "shaoxing-2024", "wenzhou-2021")
NOTE, REASON = {"note": "已安排人员"}, {"reason": "需要说明的理由"}
BUILDERS: dict[str, Builder] = {
    "health": get("/health"),
    "ready": get("/ready"),
    "me.read": get("/me"),
    "sessions.request_code": request_code,
    "sessions.create": sign_in_by_code,
    "me.requests": get("/me/requests"),
    "me.notices": get("/me/notices"),
    "me.publication_consent": lambda w, unit, owner, caller: (
        "PUT",
        "/me/publication-consent",
        {"consent": True},
    ),
    "public.stats": get("/public/units/CX0101/stats"),
    "public.results": get("/public/units/CX0101/results"),
    "public.deliberations": get("/public/units/CX0101/deliberations"),
    "public.notices": get("/public/units/CX0101/notices"),
    "people.erase": erase_fresh_person,
    "people.revoke_tokens": revoke_fresh_persons_tokens,
    "me.deliberations": get("/me/deliberations"),
    "units.deliberations": on_community("deliberations"),
    "units.topic_suggestions": on_community("topic-suggestions"),
    "units.deliberation_profile": on_community("deliberation-profile", "PUT"),
    **{r.operation: on_topic(r) for r in RULES if r.target in TOPIC_TARGETS},
    "topics.propose": propose,
    "requests.raise": raise_for,
    "requests.read": on_request("", "new", method="GET"),
    "requests.accept": on_request("accept", "new", {}),
    "requests.escalate": on_request("escalate", "new", {"reason": "需上级协调"}),
    "requests.delegate": on_delegable_request,
    "requests.reassign": on_misrouted_request,
    "requests.resolve": on_request("resolve", "new", {"resolution": "已修复"}),
    "requests.answer_urge": on_request("answer_urge", "urged", NOTE),
    "requests.withdraw": on_request("withdraw", "new", REASON),
    "requests.confirm": on_request("confirm", "resolved", {}),
    "requests.dispute": on_request("dispute", "resolved", REASON),
    "requests.rate": on_request("rate", "resolved", {"score": 5}),
    "requests.urge": on_request("urge", "new", NOTE),
    "requests.return_visit": on_request(
        "return_visit", "resolved", {"channel": "phone", "outcome": "confirm"}
    ),
    "units.list": get("/units"),
    "units.inbox": on_unit("inbox"),
    "units.inbox_export": on_unit("inbox/export?format=csv"),
    "units.stats": on_unit("stats"),
    "units.residents": on_unit("residents?q=P00"),
    "units.assessment": on_unit("assessment?period=2026-11"),
    "units.access_log": on_unit("access-log"),
    "units.register": register_unit,
    "units.rename": on_fresh_unit("rename", {"name": "改名小组"}),
    "units.move": on_fresh_unit("move", {"parent": "CX0102"}),
    "units.retire": on_fresh_unit("retire", REASON),
    "tasks.issue": issue_task,
    "tasks.rollup": rollup,
    "tasks.rollup_export": rollup_export,
    "tasks.cancel": on_task("cancel", REASON),
    "tasks.extend": on_task("extend", {**REASON, "working_days": 30}),
    "assignments.acknowledge": on_assignment("acknowledge", "received", {}),
    "assignments.delegate": on_assignment("delegate", "acknowledged", {}),
    "assignments.progress": on_assignment("progress", "acknowledged", NOTE),
    "assignments.complete": on_assignment("complete", "acknowledged", NOTE),
    "assignments.return": on_assignment("return", "received", REASON),
    "assignments.answer_urge": on_assignment("answer_urge", "urged", NOTE),
    "assignments.urge": on_assignment("urge", "received", NOTE),
    "audit.checkpoints": get("/audit/checkpoints"),
    "audit.checkpoint_latest": audited("/audit/checkpoints/latest"),
    "audit.inclusion": audited("/audit/proofs/inclusion?position=1"),
    "audit.consistency": audited("/audit/proofs/consistency?first=1&second=2"),
    "audit.alerts": get("/audit/alerts"),
    "audit.bundles": bundle_of_request,
    "audit.dossier_request": on_request(
        "", "new", method="GET", prefix="/audit/dossiers/requests"
    ),
    "audit.witness_register": lambda w, unit, owner, caller: (
        "POST",
        "/audit/witnesses",
        {"verifier_key": witness_key(f"w.{caller[:8]}")[1]},
    ),
    "audit.cosign": cosign,
    "clock.read": get("/clock"),
    "clock.advance": lambda w, unit, owner, caller: (
        "POST",
        "/clock/advance",
        {"by": "1s", "reason": "访问矩阵走查"},
    ),
    "calendar.read": get("/calendar/2026"),
    "calendar.load": lambda w, unit, owner, caller: (
        "PUT",
        "/calendar/2031",
        {"holidays": [], "workdays": []},
    ),
}
# Rows whose route takes another kind of target too: each is walked again with this builder.
VARIANTS: dict[str, dict[str, Builder]] = {"audit.bundles": {"topic": bundle_of_topic}}
