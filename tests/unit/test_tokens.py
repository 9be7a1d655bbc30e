"""Bearer tokens: signed, expiring, tamper-evident."""

import pytest

from application.signin.tokens import InvalidToken, TokenService


def test_token_round_trip_and_refusals():
    tokens = TokenService("secret", ttl_seconds=60)
    token = tokens.issue("person-1", now=1000)
    assert tokens.verify(token, now=1030) == "person-1"
    with pytest.raises(InvalidToken):
        tokens.verify(token, now=1061)  # expired
    with pytest.raises(InvalidToken):
        TokenService("other").verify(token, now=1030)  # signed with another secret
    version, body, signature = token.split(".")
    with pytest.raises(InvalidToken):
        tokens.verify(f"{version}.{body}x.{signature}", now=1030)  # tampered payload
    with pytest.raises(InvalidToken):
        tokens.verify("not-a-token", now=1030)


def reason(call) -> str:
    with pytest.raises(InvalidToken) as refused:
        call()
    return refused.value.reason


def test_each_refusal_names_its_reason():
    tokens = TokenService("secret", ttl_seconds=60)
    token = tokens.issue("person-1", now=1000)
    version, body, signature = token.split(".")
    assert reason(lambda: tokens.verify(token, now=1061)) == "expired"
    altered = signature[:-1] + ("B" if signature[-1] == "A" else "A")
    assert (
        reason(lambda: tokens.verify(f"{version}.{body}.{altered}", now=1030))
        == "tampered"
    )
    assert reason(lambda: tokens.verify("a.b", now=1030)) == "malformed"
    assert (
        reason(lambda: tokens.verify("gov1.W1tbWzFdXV1d.x", now=1030)) == "malformed"
    )  # [[[[1]]]]: no claims
    assert (
        reason(lambda: TokenService("other").verify(token, now=1030)) == "retired_key"
    )


def test_rotation_keeps_previous_keys_and_names_the_current_one():
    old = TokenService("old", ttl_seconds=60)
    rotated = TokenService("new", ttl_seconds=60, previous_secrets=("old",))
    assert rotated.verify(old.issue("p", now=1000), now=1010) == "p"
    assert (
        rotated.claims(rotated.issue("p", now=1000), now=1010).key_id
        == rotated.current_key_id
    )
    assert (
        "new" not in rotated.current_key_id
        and rotated.current_key_id != old.current_key_id
    )
    retired = TokenService("newer", previous_secrets=("new",))
    assert (
        reason(lambda: retired.verify(old.issue("p", now=1000), now=1010))
        == "retired_key"
    )


def test_issued_at_has_millisecond_precision():
    assert (
        TokenService("s")
        .claims(TokenService("s").issue("p", now=1000.1234), now=1000)
        .issued_at
        == 1000.123
    )
