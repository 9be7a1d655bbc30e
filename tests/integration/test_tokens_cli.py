"""`gov tokens revoke` records the revocation, on both backends."""

from __future__ import annotations

from typer.testing import CliRunner

from domain.people import Person, person_id_for
from infra.cli import cli
from tests.conftest import cli_env


def test_gov_tokens_revoke_records_who_and_why(container):
    token = container.tokens.issue(str(person_id_for("P0038")))
    done = CliRunner().invoke(
        cli,
        ["tokens", "revoke", "P0038", "--reason", "令牌泄露"],
        env=cli_env(container.settings),
    )
    assert done.exit_code == 0, done.output
    assert "tokens of P0038 issued before" in done.output
    events = list(container.ledger.repository.event_store.get(person_id_for("P0038")))
    assert isinstance(events[-1], Person.TokensRevoked)
    assert (events[-1].actor_role, events[-1].reason) == ("system", "令牌泄露")
    person = container.ledger.person(person_id_for("P0038"))
    assert (
        container.tokens.claims(token).issued_at
        < person.tokens_revoked_before.timestamp()
    )


def test_gov_tokens_revoke_of_an_unknown_person_exits_2(container):
    done = CliRunner().invoke(
        cli,
        ["tokens", "revoke", "P9999", "--reason", "x"],
        env=cli_env(container.settings),
    )
    assert done.exit_code == 2 and "no person" in done.output
