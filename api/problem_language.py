"""The language of a refusal: Chinese by default, English when the client prefers it.

`Accept-Language: en` (or any list where English outranks Chinese) gets English
titles and details; anything else, or nothing, gets Chinese. The rule ID and the
allowed actions are the same in both.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from application.signin.errors import SignInRefused
from application.tokens import InvalidToken
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
# A domain refusal not yet given its Chinese text: the kind in Chinese, then the English.
KIND_ZH = {
    "not_found": "找不到该项",
    "forbidden": "超出您的权限或管辖范围",
    "conflict": "当前状态不允许此操作",
    "invalid": "输入不符合规则",
}
TOKEN_ZH = {  # InvalidToken.reason → its Chinese (the English is the error's text)
    "missing": "缺少令牌：请以 `Authorization: Bearer <令牌>` 认证",
    "malformed": "令牌格式不正确",
    "tampered": "令牌签名与内容不符",
    "expired": "令牌已过期，请重新获取",
    "retired_key": "令牌的签名密钥已停用，请重新获取",
    "revoked": "令牌已被撤销，请重新获取",
    "unknown_person": "令牌所指的人不在名册中",
    "erased": "令牌所指的人的个人信息已被删除",
}
SIGNIN_EN = {
    "bad_phone": "the phone number is not 11 digits",
    "wrong_code": "the code is wrong or has expired",
    "locked": "too many wrong codes: this phone is locked for 15 minutes",
    "too_soon": "codes are sent at most once a minute",
    "phone_quota": "too many codes for this phone today",
    "address_quota": "too many codes for this network",
    "wrong_password": "wrong phone number or password",
    "no_session": "sign in first",
    "csrf": "the form has expired (missing or wrong security token); nothing changed",
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
    return f"{KIND_ZH[error.kind]}{rule}：{error.detail_en}"


def token_detail(error: InvalidToken, english: bool) -> str:
    return str(error) if english else TOKEN_ZH.get(error.reason, str(error))


def signin_detail(error: SignInRefused, english: bool) -> str:
    return SIGNIN_EN.get(error.reason, error.detail) if english else error.detail


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
