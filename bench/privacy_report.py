"""The encryption-cost figures as a Markdown section of docs/benchmarks.md."""

from __future__ import annotations

from dataclasses import dataclass, field

TARGET = 0.15  # at most 15 % slower


@dataclass(frozen=True)
class Round:
    encrypted: bool
    command_rate: float
    commands: int
    errors: int
    events: int
    replay_rate: float
    rebuild_rate: float


@dataclass
class PrivacyFigures:
    backend: str
    command: str
    date: str
    revision: str
    clients: int
    seconds: float
    requests: int
    rounds: list[Round]
    machine: dict[str, str] = field(default_factory=dict)

    def best(self, encrypted: bool, figure: str) -> float:
        return max(getattr(r, figure) for r in self.rounds if r.encrypted == encrypted)


def _slowdown(f: PrivacyFigures, figure: str) -> str:
    on, off = f.best(True, figure), f.best(False, figure)
    cost = 1 - on / off if off else 0.0
    verdict = "**met**" if cost <= TARGET else "**not met**"
    change = (
        f"{100 * cost:.1f} % slower"
        if cost >= 0
        else f"{-100 * cost:.1f} % faster (noise)"
    )
    return f"{on / off:.2f} | {change} | ≤ 15 % slower: {verdict}"


def render(f: PrivacyFigures) -> str:
    name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[f.backend]
    lines = [
        f"## Cost of per-person encryption: {name}",
        "",
        f"Run on {f.date} with:",
        "",
        "```",
        f.command,
        "```",
        "",
        f"Code: `{f.revision}`. Two logs, prepared first: each a fresh database with the demo district and "
        f"{f.requests:,} seeded requests, one with encryption on, one off. Then rounds alternate between them. "
        "A round: the replay (every event read in pages of 1,000, decoded by the ledger's mapper — which decrypts "
        "each event's personal fields with its subject's key when encryption is on — and turned into view "
        "statements, not executed: the strictest measure, nothing else dilutes the cost), the rebuild (the "
        "same, with the statements applied to a fresh SQLite view by the service's catch-up runner, 1,000 "
        "events a transaction: what a view rebuild or an `?as_of=` replay does), then "
        f"{f.clients} threads raising requests through `RequestService` for {f.seconds:g} s "
        "with the views stopped (so each round's log is a little longer).",
        "",
        *_rounds(f),
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in f.machine.items()),
        "",
    ]
    return "\n".join(lines)


def _rounds(f: PrivacyFigures) -> list[str]:
    """Every round's rates, then the best rounds with encryption on against off."""
    rows = [
        f"| {'on' if r.encrypted else 'off'} | {r.command_rate:,.0f} | {r.commands:,} | {r.errors} | "
        f"{r.events:,} | {r.replay_rate:,.0f} | {r.rebuild_rate:,.0f} |"
        for r in f.rounds
    ]
    return [
        "| Encryption | commands/s | commands | errors | events replayed | replay events/s | rebuild events/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "| Best round, on ÷ off | ratio | cost | target |",
        "|---|---:|---|---|",
        f"| Commands | {_slowdown(f, 'command_rate')} |",
        f"| Replay (decode and statements) | {_slowdown(f, 'replay_rate')} |",
        f"| Rebuild into a fresh view | {_slowdown(f, 'rebuild_rate')} |",
    ]
