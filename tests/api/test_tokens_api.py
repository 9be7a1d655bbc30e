"""Bearer tokens through the API: a distinct 401 for each reason, key rotation, revocation (on both backends)."""

from __future__ import annotations

import base64
import dataclasses
import json
import time
import uuid
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import build_api
from application.principals import Principal
from application.signin.authentication import Authentication
from application.signin.tokens import InvalidToken, TokenService
from domain.actors import SYSTEM
from domain.people import ErasureBasis, Person
from infra.app import api_context
from infra.registry_file import demo_registry_path, load_registry_file
from tests.api.problem_helpers import API, RAISE, assert_problem, log_unchanged, person


def _tampered(tokens: TokenService) -> str:
    """The resident's genuine signature over a payload rewritten to name the district staff."""
    version, body, signature = tokens.issue(person("P0038")).split(".")
    payload = {**json.loads(_unb64(body)), "sub": person("P0002")}
    forged = (
        base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
        .rstrip(b"=")
        .decode()
    )
    return f"{version}.{forged}.{signature}"


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _revoked(tokens: TokenService, container) -> str:
    token = tokens.issue(person("P0038"))
    container.ledger.save(_revoke(container, "P0038"))
    return token


def _revoke(container, ref: str) -> Person:
    someone = container.ledger.person(person(ref), for_update=True)
    someone.revoke_tokens(SYSTEM, "test: token leaked")
    return someone


def _erased(tokens: TokenService, container) -> str:
    token = tokens.issue(person("P0038"))
    administrator = Principal.of(container.ledger.person(person("P0001")))
    container.erasure.erase(
        administrator, UUID(person("P0038")), ErasureBasis.CONSENT_WITHDRAWN, "case-1"
    )
    return token


CASES = {
    "missing": lambda tokens, container: None,
    "malformed": lambda tokens, container: "gov1.not-base64-json.x",
    "tampered": lambda tokens, container: _tampered(tokens),
    "expired": lambda tokens, container: tokens.issue(
        person("P0038"), now=time.time() - 10**6
    ),
    "retired_key": lambda tokens, container: TokenService("a-retired-secret").issue(
        person("P0038")
    ),
    "revoked": _revoked,
    "unknown_person": lambda tokens, container: tokens.issue(str(uuid.uuid4())),
    "erased": _erased,
}


@pytest.mark.parametrize("reason", sorted(CASES))
def test_each_bad_token_is_a_distinct_401(client, container, reason):
    token = CASES[reason](container.tokens, container)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with log_unchanged(container):
        response = client.post(f"{API}/requests", headers=headers, json=RAISE)
    body = assert_problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert body["token_error"] == reason
    assert body["detail"] == InvalidToken.DETAILS_ZH[reason]
    assert person("P0038") not in response.text and "secret" not in body["detail"]


def test_details_are_distinct():
    assert (
        len(set(InvalidToken.DETAILS.values()))
        == len(InvalidToken.DETAILS)
        == len(CASES)
    )


def _rotated_client(container, tokens: TokenService) -> TestClient:
    ctx = dataclasses.replace(
        api_context(container),
        tokens=tokens,
        authentication=Authentication(container.ledger, tokens),
    )
    return TestClient(build_api(ctx))


def test_rotation_accepts_previous_key_and_refuses_retired_one(container):
    old, retired = TokenService("old-secret"), TokenService("retired-secret")
    new = TokenService("new-secret", previous_secrets=("old-secret",))
    client = _rotated_client(container, new)
    for tokens in (old, new):
        token = tokens.issue(person("P0038"))
        assert (
            client.get(
                f"{API}/me", headers={"Authorization": f"Bearer {token}"}
            ).status_code
            == 200
        )
    assert (
        new.claims(new.issue(person("P0038"))).key_id
        == new.current_key_id
        != old.current_key_id
    )
    refused = client.get(
        f"{API}/me",
        headers={"Authorization": f"Bearer {retired.issue(person('P0038'))}"},
    )
    assert assert_problem(refused, 401)["token_error"] == "retired_key"


def test_administrator_revokes_a_persons_tokens_and_new_ones_work(
    client, container, auth
):
    before = auth("P0038")
    response = client.post(
        f"{API}/people/P0038/revoke_tokens",
        headers=auth("P0001"),
        json={"reason": "手机丢失"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["ref"] == "P0038"
    assert (
        assert_problem(client.get(f"{API}/me", headers=before), 401)["token_error"]
        == "revoked"
    )
    assert client.get(f"{API}/me", headers=auth("P0038")).status_code == 200
    revoked = container.ledger.person(person("P0038"))
    last = [e for e in container.ledger.repository.event_store.get(revoked.id)][-1]
    assert isinstance(last, Person.TokensRevoked)
    assert (last.actor_id, last.actor_role, last.reason) == (
        person("P0001"),
        "administrator",
        "手机丢失",
    )


@pytest.mark.parametrize(
    "ref,target,status",
    [("P0038", "P0037", 403), ("P0010", "P0038", 403), ("P0001", "P9999", 404)],
)
def test_only_an_administrator_revokes_known_people(
    client, container, auth, ref, target, status
):
    with log_unchanged(container):
        response = client.post(
            f"{API}/people/{target}/revoke_tokens",
            headers=auth(ref),
            json={"reason": "x"},
        )
    assert_problem(response, status)


def test_ending_a_role_revokes_the_persons_tokens(client, container, auth):
    staff = auth("P0010")
    assert client.get(f"{API}/units/CX0101/inbox", headers=staff).status_code == 200
    units, people = load_registry_file(demo_registry_path())
    people = [
        dataclasses.replace(p, roles=frozenset()) if p.ref == "P0010" else p
        for p in people
    ]
    container.registry.import_tree(SYSTEM, units, people)
    assert (
        assert_problem(client.get(f"{API}/me", headers=staff), 401)["token_error"]
        == "revoked"
    )
    fresh = client.get(f"{API}/units/CX0101/inbox", headers=auth("P0010"))
    assert_problem(fresh, 403)  # a new token works, but the role is gone
