"""The access matrix's rows anyone may use: the service's health, signing in, the caller's own
data and the public figures.
"""

from __future__ import annotations

from application.access.grants import Rule, Scope
from application.access.roles import everyone

OPEN_RULES: tuple[Rule, ...] = (
    Rule("health", "none", everyone(Scope.PUBLIC), rule_id=""),
    Rule("ready", "none", everyone(Scope.PUBLIC), rule_id=""),
    Rule(
        "sessions.request_code",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="a sign-in code by SMS; the answer is the same whether or not the phone finds anyone",
    ),
    Rule(
        "sessions.create",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="phone and code give a bearer token (5 tries, then the phone is locked out)",
    ),
    Rule("me.read", "none", everyone(Scope.SELF), rule_id=""),
    Rule("me.requests", "none", everyone(Scope.SELF), rule_id=""),
    Rule("me.notices", "none", everyone(Scope.SELF), rule_id=""),
    Rule(
        "me.deliberations",
        "none",
        everyone(Scope.SELF),
        rule_id="",
    ),
    Rule(
        "me.publication_consent",
        "none",
        everyone(Scope.SELF),
        rule_id="",
    ),
    Rule(
        "public.stats",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="figures without personal data",
    ),
    Rule(
        "public.results",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="titles only where the resident consented",
    ),
    Rule(
        "public.deliberations",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="",
        note="deliberation results posted publicly (JH-5.4); titles only where the proposer consented",
    ),
    Rule(
        "public.notices",
        "none",
        everyone(Scope.PUBLIC),
        rule_id="WZ-5.8-d",
        note="implementation reports (WZ-5.8-d) and 五议两公开 publications (LS-2.4.12); "
        "names only where their person consented, otherwise masked",
    ),
)
