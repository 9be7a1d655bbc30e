"""What verifying a bundle found: what was proven, and each problem with where it is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    kind: str  # altered | missing | reordered | added | bad-proof | bad-signature | unknown-key | fork | malformed
    detail: str
    leaf_index: int | None = None
    position: int | None = None

    def line(self) -> str:
        where = (
            f" [leaf {self.leaf_index}"
            + (f", position {self.position}]" if self.position is not None else "]")
            if self.leaf_index is not None
            else (f" [position {self.position}]" if self.position is not None else "")
        )
        return f"{self.kind.upper()}{where}: {self.detail}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    proven: list[str] = field(default_factory=list)
    # neither proven nor wrong, e.g. rows not covered yet
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(
        self,
        kind: str,
        detail: str,
        leaf_index: int | None = None,
        position: int | None = None,
    ) -> None:
        """Record a problem; the same kind of problem at the same leaf is reported once."""
        if leaf_index is not None and any(
            p.kind == kind and p.leaf_index == leaf_index for p in self.problems
        ):
            return
        self.problems.append(Problem(kind, detail, leaf_index, position))

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}

    def text(self) -> str:
        notes = [f"  {line}" for line in self.notes]
        if self.ok:
            return (
                "\n".join(["OK", *(f"  {line}" for line in self.proven), *notes]) + "\n"
            )
        lines = [
            f"FAILED: {len(self.problems)} problem(s)",
            *(f"  {p.line()}" for p in self.problems),
            *notes,
        ]
        return "\n".join(lines) + "\n"

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "proven": self.proven,
            "notes": self.notes,
            "problems": [
                {
                    "kind": p.kind,
                    "detail": p.detail,
                    "leaf_index": p.leaf_index,
                    "position": p.position,
                }
                for p in self.problems
            ],
        }
