"""Refusals in Chinese by default and in English with `Accept-Language: en`, rule IDs unchanged.

The same refused call is sent without the header, with a Chinese preference and
with an English one: the title and the detail change language, the status, the
rule ID and the allowed actions do not, and nothing is written either way.
"""

from __future__ import annotations

import pytest

from api.problem_language import (
    domain_detail,
    prefers_english,
    signin_detail,
    token_detail,
)
from application.signin import errors as signin_errors
from application.signin.errors import SignInRefused
from application.signin.tokens import InvalidToken
from domain.errors import TransitionNotAllowed
from tests.api.problem_helpers import (
    API,
    RAISE,
    act,
    assert_problem,
    at_community,
    log_unchanged,
    resolved,
)

ENGLISH = {"Accept-Language": "en-GB,en;q=0.9"}
CHINESE = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"}


def both(call) -> tuple[dict, dict]:
    """(the Chinese answer, the English answer) of the same refused call."""
    chinese, english = call({}), call(ENGLISH)
    assert chinese.headers["content-language"] == "zh-CN"
    assert english.headers["content-language"] == "en"
    assert "accept-language" in chinese.headers["vary"].lower()
    return chinese.json(), english.json()


def same_refusal(chinese: dict, english: dict) -> None:
    keep = ("status", "rule_id", "allowed_actions")
    assert {k: chinese[k] for k in keep} == {k: english[k] for k in keep}


def test_an_unknown_unit_in_both_languages_BZ_L1(client, container, auth):
    def call(headers):
        return client.get(
            f"{API}/units/CX9999/inbox", headers={**auth("P0002"), **headers}
        )

    with log_unchanged(container):
        chinese, english = both(call)
    assert_problem(call({}), 404, "BZ-L1")
    assert (chinese["title"], chinese["detail"]) == (
        "未找到",
        "没有编码为 CX9999 的单位",
    )
    assert (english["title"], english["detail"]) == (
        "Not found",
        "unknown unit 'CX9999'",
    )
    same_refusal(chinese, english)


def test_a_delegation_not_below_in_both_languages_BZ_D1(client, container, auth):
    request_id = at_community(client, auth)

    def call(headers):
        return client.post(
            f"{API}/requests/{request_id}/delegate",
            headers={**auth("P0010"), **headers},
            json={"to_unit": "CX01", "instructions": "请处理"},
        )

    with log_unchanged(container):
        chinese, english = both(call)
    assert (
        chinese["rule_id"] == "BZ-D1" and chinese["detail"] == "CX01 不是 CX0101 的下级"
    )
    assert english["detail"] == "CX01 is not below CX0101"
    assert english["title"] == "Input does not meet the requirements"
    same_refusal(chinese, english)


def test_a_state_refusal_names_the_state_and_action_in_chinese_BZ_D1(
    client, container, auth
):
    request_id = resolved(client, auth)
    with log_unchanged(container):
        response = act(client, auth, "P0037", request_id, "accept")
    body = assert_problem(response, 409, "BZ-D1")
    assert body["detail"] == "CX010101 处于“已办结”的诉求不能受理"
    assert body["title"] == "当前状态不允许此操作"


def test_schema_refusals_and_token_refusals_in_both_languages(client, container):
    def call(headers):
        return client.post(f"{API}/requests", headers=headers, json=RAISE)

    chinese, english = both(call)  # no token at all
    assert (
        chinese["detail"].startswith("缺少令牌")
        and chinese["title"] == "未登录或凭据无效"
    )
    assert english["detail"].startswith("no bearer token")
    assert chinese["token_error"] == english["token_error"] == "missing"


def test_a_validation_refusal_in_both_languages(client, container, auth):
    def call(headers):
        body = {**RAISE, "category": 5}
        return client.post(
            f"{API}/requests", headers={**auth("P0038"), **headers}, json=body
        )

    with log_unchanged(container):
        chinese, english = both(call)
    assert chinese["detail"].startswith("请求不符合接口定义：body.category")
    assert english["detail"].startswith(
        "the request does not match the API: body.category"
    )
    assert chinese["errors"] == english["errors"]


def test_an_unknown_path_in_both_languages(client):
    def call(headers):
        return client.get(f"{API}/no-such-thing", headers=headers)

    chinese, english = both(call)
    assert chinese["detail"] == "没有这个地址" and english["detail"] == "Not Found"


@pytest.mark.parametrize(
    "header,english",
    [
        ("", False),
        ("en", True),
        ("en-US,en;q=0.9", True),
        ("zh-CN,zh;q=0.9,en;q=0.8", False),
        ("en;q=0.5,zh;q=0.6", False),
        ("zh;q=0.5,en;q=0.6", True),
        ("fr-FR,fr", False),
        ("en, zh", False),  # a tie goes to Chinese
    ],
)
def test_which_language_a_header_asks_for(header, english):
    assert prefers_english({"accept-language": header}) is english


def test_a_refusal_built_without_its_chinese_says_its_kind_and_rule_in_chinese_only():
    """A safe fallback only: the service's own refusals all carry `zh=`
    (tests/unit/test_refusals_in_chinese.py); one built without shows no English by default."""
    error = TransitionNotAllowed("some English text", rule_id="WZ-1")
    assert domain_detail(error, english=False) == "当前状态不允许此操作（规则 WZ-1）"
    assert domain_detail(error, english=True) == "some English text"


def test_every_sign_in_and_token_refusal_has_both_languages():
    """Issue 15: Chinese by default and English with `Accept-Language: en`, for each reason."""
    assert set(signin_errors.DETAILS) == set(signin_errors.DETAILS_EN)
    assert set(InvalidToken.DETAILS) == set(InvalidToken.DETAILS_ZH)
    for reason in signin_errors.DETAILS:
        refusal = SignInRefused(reason)
        assert signin_detail(refusal, english=False) == refusal.detail
        assert signin_detail(refusal, english=True) == signin_errors.DETAILS_EN[reason]
    for reason in InvalidToken.DETAILS:
        token = InvalidToken(reason)
        assert token_detail(token, english=True) == InvalidToken.DETAILS[reason]
        assert token_detail(token, english=False) == InvalidToken.DETAILS_ZH[reason]
