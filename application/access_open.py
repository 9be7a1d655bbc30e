"""The access matrix's rows anyone may use: the service's health, signing in, the caller's own
data and the public figures.
"""

from __future__ import annotations

from application.access import Rule, Scope
from application.access_roles import everyone

OPEN_RULES: tuple[Rule, ...] = (
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
)
