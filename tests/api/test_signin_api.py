"""Sign-in by phone and one-time code (API clients), on both backends."""

from __future__ import annotations

import pytest

from application.signin.errors import SignInRefused
from domain.people import person_id_for
from tests.api.problem_helpers import API, assert_problem
from tests.clock import FakeClock


def phone_of(container, ref: str) -> str:
    return container.ledger.person(person_id_for(ref)).phone


def ask_code(client, container, ref: str) -> tuple[str, str]:
    phone = phone_of(container, ref)
    answer = client.post(f"{API}/sessions/code", json={"phone": phone})
    assert answer.status_code == 202, answer.text
    return phone, container.signin.sender.last_code(phone)


def table(container, name: str) -> list[dict]:
    return container.view.fetch(f"SELECT * FROM gov_signin_{name}", {})


def test_a_phone_and_its_code_give_a_bearer_token_for_that_person(client, container):
    phone, code = ask_code(client, container, "P0038")
    answer = client.post(f"{API}/sessions", json={"phone": phone, "code": code})
    assert answer.status_code == 201, answer.text
    token = answer.json()["token"]
    me = client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["ref"] == "P0038"


def test_a_code_works_once(client, container):
    phone, code = ask_code(client, container, "P0038")
    assert (
        client.post(f"{API}/sessions", json={"phone": phone, "code": code}).status_code
        == 201
    )
    again = client.post(f"{API}/sessions", json={"phone": phone, "code": code})
    assert_problem(again, 401, "SIGNIN-WRONG-CODE")


def test_five_wrong_codes_lock_the_phone_out_even_for_the_right_code(client, container):
    phone, code = ask_code(client, container, "P0038")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    answers = [
        client.post(f"{API}/sessions", json={"phone": phone, "code": wrong})
        for _ in range(5)
    ]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]
    right = client.post(f"{API}/sessions", json={"phone": phone, "code": code})
    assert_problem(right, 429, "SIGNIN-LOCKED")
    locked_out = client.post(f"{API}/sessions/code", json={"phone": phone})
    assert_problem(locked_out, 429, "SIGNIN-LOCKED")
    assert locked_out.headers["Retry-After"] == "900"


def test_a_code_expires_after_five_minutes(client, container):
    clock = FakeClock(container.signin.codes.clock())
    container.signin.codes.clock = clock
    phone, code = ask_code(client, container, "P0038")
    clock.advance(hours=301 / 3600)
    expired = client.post(f"{API}/sessions", json={"phone": phone, "code": code})
    assert_problem(expired, 401, "SIGNIN-WRONG-CODE")


def test_codes_are_rate_limited_per_phone(client, container):
    phone, _ = ask_code(client, container, "P0038")
    assert_problem(
        client.post(f"{API}/sessions/code", json={"phone": phone}),
        429,
        "SIGNIN-TOO-SOON",
    )


def test_codes_are_rate_limited_per_address(container):
    rules = container.signin.codes.rules
    for n in range(rules.per_address_per_hour):
        container.signin.request_code(f"1390000{n:04d}", "203.0.113.9")
    with pytest.raises(SignInRefused, match="本网络"):
        container.signin.request_code("13911112222", "203.0.113.9")


def test_an_unknown_phone_is_answered_alike_and_gets_no_sms(client, container):
    answer = client.post(f"{API}/sessions/code", json={"phone": "13800000000"})
    assert answer.status_code == 202
    assert container.signin.sender.last_code("13800000000") is None
    refused = client.post(
        f"{API}/sessions", json={"phone": "13800000000", "code": "123456"}
    )
    assert_problem(refused, 401, "SIGNIN-WRONG-CODE")


def test_a_malformed_phone_is_refused_in_chinese(client):
    body = assert_problem(
        client.post(f"{API}/sessions/code", json={"phone": "12345"}), 422
    )
    assert "手机号" in body["detail"]


def test_no_phone_or_code_is_stored_in_plaintext(client, container):
    phone, code = ask_code(client, container, "P0038")
    stored = repr(table(container, "phones")) + repr(table(container, "codes"))
    assert phone not in stored and f"'{code}'" not in stored
    assert len(table(container, "phones")) > 300  # the demo's people, indexed by hash


def test_erasure_removes_the_persons_index_entry(client, container, auth):
    phone = phone_of(container, "P0038")
    container.signin.codes.phones.catch_up()
    person = str(person_id_for("P0038"))
    assert container.signin.codes.phones.person_for(
        container.signin.codes.phones.blind(phone)
    )
    erased = client.post(
        f"{API}/people/P0038/erase",
        headers=auth("P0001"),
        json={"basis": "consent_withdrawn", "reference": "PIPL-1"},
    )
    assert erased.status_code == 200, erased.text
    assert client.post(f"{API}/sessions/code", json={"phone": phone}).status_code == 202
    row = [r for r in table(container, "phones") if r["person_id"] == person]
    assert row and row[0]["phone_hash"] is None
    assert container.signin.sender.last_code(phone) is None


def test_staff_sign_in_with_a_password_and_residents_cannot_set_one(container):
    from application.principals import Principal

    staff = Principal.of(container.ledger.person(person_id_for("P0010")))
    resident = Principal.of(container.ledger.person(person_id_for("P0039")))
    container.signin.set_password(staff, "correct horse battery")
    phone = phone_of(container, "P0010")
    cookie = container.signin.session_by_password(phone, "correct horse battery")
    assert container.signin.sessions.open(cookie).principal.ref == "P0010"
    with pytest.raises(SignInRefused, match="密码"):
        container.signin.session_by_password(phone, "wrong password!")
    with pytest.raises(SignInRefused, match="工作人员"):
        container.signin.set_password(resident, "another long one")
    assert "correct horse" not in repr(table(container, "passwords"))
