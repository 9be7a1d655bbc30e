"""`gov audit witness-key` and `gov audit witness`: a supervision member's client, over HTTP only."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from application.audit.notes import COSIGNER_KEY, NoteError, VerifierKey, raw_public
from application.audit.witness_client import (
    ForkDetected,
    WitnessIdentity,
    WitnessMemory,
    witness_once,
)
from infra.audit_keys import parse_private_key, private_key_text


def key_command(name: str, out: Path) -> None:
    """Generate a witness key file (name and private key); print the public key to register."""
    private = Ed25519PrivateKey.generate()
    out.write_text(f"{name}\n{private_key_text(private)}\n")
    out.chmod(0o600)
    typer.echo(VerifierKey(name, COSIGNER_KEY, raw_public(private)).text())


def _http(api: str, token: str):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        body: dict | None = None,
    ) -> dict:
        url = (
            api.rstrip("/")
            + path
            + ("?" + urllib.parse.urlencode(params) if params else "")
        )
        data = json.dumps(body).encode() if body is not None else None
        with urllib.request.urlopen(
            urllib.request.Request(url, data, headers, method=method), timeout=30
        ) as answer:
            return json.loads(answer.read())

    return (lambda path, params: call("GET", path, params)), (
        lambda path, body: call("POST", path, body=body)
    )


def witness_command(
    api: str, token: str, key_file: Path, log_key: str, state: Path, register: bool
) -> None:
    name, secret = key_file.read_text().split("\n")[:2]
    private = parse_private_key(secret)
    get, post = _http(api, token)
    if register:
        post(
            "/audit/witnesses",
            {
                "verifier_key": VerifierKey(
                    name, COSIGNER_KEY, raw_public(private)
                ).text()
            },
        )
    memory = (
        WitnessMemory(**json.loads(state.read_text()))
        if state.exists()
        else WitnessMemory()
    )
    try:
        memory = witness_once(
            get,
            post,
            WitnessIdentity(name, private, VerifierKey.parse(log_key)),
            memory,
            int(time.time()),
        )
    except ForkDetected as fork:
        typer.echo(f"FORK: {fork}. Keep {state} and report this checkpoint.", err=True)
        raise typer.Exit(1) from None
    except NoteError as error:
        typer.echo(f"REFUSED: {error}", err=True)
        raise typer.Exit(1) from None
    state.write_text(json.dumps({"size": memory.size, "root": memory.root}))
    typer.echo(
        f"cosigned the checkpoint of {memory.size} leaves (root {memory.root[:16]}…)"
    )
