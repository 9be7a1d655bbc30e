"""Sign-in refusals: a reason, its Chinese explanation, what may be done next."""

from __future__ import annotations

DETAILS = {
    "bad_phone": (
        422,
        "手机号格式不正确：请输入11位手机号。",
        ["sessions.request_code"],
    ),
    "wrong_code": (
        401,
        "验证码不正确或已过期。",
        ["sessions.create", "sessions.request_code"],
    ),
    "locked": (429, "验证码错误次数过多，该手机号已锁定15分钟，请稍后再试。", []),
    "too_soon": (429, "验证码发送过于频繁，请1分钟后再试。", ["sessions.create"]),
    "phone_quota": (
        429,
        "该手机号今日获取验证码次数过多，请稍后再试。",
        ["sessions.create"],
    ),
    "address_quota": (429, "本网络获取验证码次数过多，请稍后再试。", []),
    "wrong_password": (401, "手机号或密码不正确。", ["sessions.request_code"]),
    "no_session": (401, "请先登录。", ["sessions.request_code"]),
    "csrf": (
        403,
        "表单已失效（缺少或错误的安全令牌），请刷新页面后重试；未做任何更改。",
        [],
    ),
    "staff_only": (403, "只有工作人员可以设置密码。", []),
    "weak_password": (422, "密码至少10位。", ["account.password"]),
}

# The same in English, for `Accept-Language: en`.
DETAILS_EN = {
    "bad_phone": "the phone number is not 11 digits",
    "wrong_code": "the code is wrong or has expired",
    "locked": "too many wrong codes: this phone is locked for 15 minutes",
    "too_soon": "codes are sent at most once a minute",
    "phone_quota": "too many codes for this phone today",
    "address_quota": "too many codes for this network",
    "wrong_password": "wrong phone number or password",
    "no_session": "sign in first",
    "csrf": "the form has expired (missing or wrong security token); nothing changed",
    "staff_only": "only staff set a password",
    "weak_password": "a password has at least 10 characters",
}

# Seconds after which asking again can succeed (the Retry-After of a 429).
RETRY_AFTER = {
    "locked": 900,
    "too_soon": 60,
    "phone_quota": 3600,
    "address_quota": 3600,
}


class SignInRefused(Exception):
    """Signing in was refused; `status` is the HTTP status the API maps it to."""

    def __init__(self, reason: str):
        status, detail, allowed = DETAILS[reason]
        super().__init__(detail)
        self.reason, self.status, self.detail, self.allowed = (
            reason,
            status,
            detail,
            allowed,
        )
        self.detail_en = DETAILS_EN[reason]
        self.rule_id = f"SIGNIN-{reason.upper().replace('_', '-')}"
        self.retry_after = RETRY_AFTER.get(reason)
