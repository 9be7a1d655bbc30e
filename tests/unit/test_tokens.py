"""Bearer tokens: signed, expiring, tamper-evident."""

import pytest

from application.tokens import InvalidToken, TokenService


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
