"""The language of a refusal: Chinese by default, English when the client prefers it.

`Accept-Language: en` (or any list where English outranks Chinese) gets English
titles and details; anything else, or nothing, gets Chinese. The rule ID and the
allowed actions are the same in both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from application.signin.errors import SignInRefused
from application.signin.tokens import InvalidToken
from domain.errors import DomainError

TITLES_EN = {
    400: "Bad request",
    401: "Not signed in or invalid credentials",
    403: "Outside your jurisdiction or permissions",
    404: "Not found",
    405: "Method not allowed",
    408: "Request timeout",
    409: "The current state does not allow this",
    413: "Request too large",
    422: "Input does not meet the requirements",
    429: "Too many requests",
    431: "Request headers too large",
    503: "Service temporarily unavailable, retry shortly",
}
# The kind of a refusal in Chinese: only for an error built without its Chinese text, which
# tests/unit/test_refusals_in_chinese.py keeps out of the service's own code.
KIND_ZH = {
    "not_found": "找不到该项",
    "forbidden": "超出您的权限或管辖范围",
    "conflict": "当前状态不允许此操作",
    "invalid": "输入不符合规则",
}


def prefers_english(headers: Mapping[str, str]) -> bool:
    """True when English outranks Chinese in Accept-Language (ties go to Chinese)."""
    ranks = {"zh": 0.0, "en": 0.0}
    for part in headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary in ranks:
            ranks[primary] = max(ranks[primary], _quality(params))
    return ranks["en"] > ranks["zh"]


def scope_prefers_english(scope: Mapping[str, Any]) -> bool:
    """The same for plain ASGI middleware, from the scope's raw headers."""
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            return prefers_english({"accept-language": value.decode("latin-1")})
    return False


def _quality(params: str) -> float:
    name, _, value = params.strip().partition("=")
    if name.strip() != "q":
        return 1.0
    try:
        return float(value)
    except ValueError:
        return 0.0


def domain_detail(error: DomainError, english: bool) -> str:
    if english:
        return error.detail_en
    if error.detail_zh:
        return error.detail_zh
    rule = f"（规则 {error.rule_id}）" if error.rule_id else ""
    return f"{KIND_ZH.get(error.kind, '请求未能完成')}{rule}"


def token_detail(error: InvalidToken, english: bool) -> str:
    return error.detail_en if english else error.detail_zh


def signin_detail(error: SignInRefused, english: bool) -> str:
    return error.detail_en if english else error.detail


# Starlette's own texts (an unknown path, a wrong method) in Chinese; texts the
# service wrote itself are already in Chinese.
HTTP_ZH = {
    "Not Found": "没有这个地址",
    "Method Not Allowed": "此地址不支持这种请求方法",
}


def http_detail(detail: str, english: bool) -> str:
    if english:
        return detail
    return HTTP_ZH.get(detail, detail)
