"""A generated history of mixed commands (requests, tasks, deliberations, witnessing, an erasure), refusals
included, for replay tests."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable

from application.requests.commands import request_command
from application.tasks.commands import assignment_command
from domain.errors import DomainError
from domain.vocabulary import Category
from infra.container import Container
from projections.schema import DDL
from tests.integration.audit_helpers import principal
from tests.integration.history_deliberation import DeliberationCommands, Script

TABLES = [
    m.group(1)
    for ddl in DDL
    if (m := re.match(r"CREATE TABLE IF NOT EXISTS (gov_\w+)", ddl))
]
STAFF = ["P0002", "P0004", "P0010", "P0037"]


def dump(view) -> dict[str, list[tuple]]:
    """Every row of every view table, in a canonical order."""
    return {
        table: sorted(
            (
                tuple(sorted(row.items()))
                for row in view.fetch(f"SELECT * FROM {table}", {})
            ),
            key=repr,
        )
        for table in TABLES
    }


class History(DeliberationCommands):
    def __init__(self, container: Container, seed: int = 7):
        self.container, self.random = container, random.Random(seed)
        assert container.runner.wait_for(container.ledger.position(), 30)
        rows = container.view.fetch(
            "SELECT ref FROM gov_people WHERE home_group LIKE :p ORDER BY ref",
            {"p": "CX01%"},
        )
        self.residents = [principal(container, r["ref"]) for r in rows][:40]
        self.staff = [principal(container, ref) for ref in STAFF]
        self.requests: list[tuple[str, object]] = []
        self.assignments: list[str] = []
        self.written = 0  # commands that were accepted (the others were refused)
        self.topics: list[Script] = []
        self.staff_of_community = principal(
            container, "P0010"
        )  # CX0101, where the topics are deliberated
        self.witness_key, self.cosigned_at, self.erased = None, int(time.time()), []

    def run(
        self,
        commands: int,
        every: int,
        on_checkpoint: Callable[[int], None],
        erase_at: int = 0,
    ) -> None:
        """`erase_at`: the command number at which a resident is erased (0: none)."""
        for n in range(1, commands + 1):
            command = (
                DeliberationCommands.erase_a_resident
                if n == erase_at
                else self.random.choice(self.COMMANDS)
            )
            try:
                command(self)
                self.written += 1
            except DomainError:
                pass  # a refusal is part of a realistic history and writes nothing
            if n % every == 0:
                on_checkpoint(self.container.ledger.position())

    def raise_request(self) -> None:
        who = self.random.choice(self.residents)
        answer = self.container.requests.raise_request(
            who,
            title=f"诉求{self.random.randint(1, 999)}",
            description="内容",
            category=self.random.choice(list(Category)),
        )
        self.requests.append((answer["request_id"], who))

    def unit_action(self) -> None:
        if not self.requests:
            return
        request_id, _ = self.random.choice(self.requests)
        action, params = self.random.choice(
            [
                ("accept", {}),
                ("escalate", {"reason": "需上级协调"}),
                ("resolve", {"resolution": "已处理"}),
                ("delegate", {"to_unit": "CX010101", "instructions": "请办理"}),
            ]
        )
        self.container.requests.handle(
            self.random.choice(self.staff), request_command(action, request_id, params)
        )

    def resident_action(self) -> None:
        if not self.requests:
            return
        request_id, who = self.random.choice(self.requests)
        action, params = self.random.choice(
            [
                ("confirm", {}),
                ("dispute", {"reason": "未解决"}),
                ("rate", {"score": self.random.randint(1, 5)}),
                ("withdraw", {"reason": "不需要了"}),
            ]
        )
        self.container.requests.handle(who, request_command(action, request_id, params))

    def urge(self) -> None:
        if self.requests:
            self.container.supervision.urge(
                principal(self.container, "P0028"),
                "request",
                self.random.choice(self.requests)[0],
                "请尽快办理",
            )

    def task(self) -> None:
        answer = self.container.tasks.issue(
            self.staff[0],
            "CX",
            None,
            "入户宣传",
            "每户发放",
            None,
            self.random.randint(3, 10),
            False,
        )
        self.assignments += answer["assignments"]

    def assignment_action(self) -> None:
        if not self.assignments:
            return
        action, params = self.random.choice(
            [
                ("acknowledge", {}),
                ("complete", {"note": "已完成"}),
                ("progress", {"note": "进行中"}),
                ("delegate", {}),
            ]
        )
        self.container.tasks.handle(
            self.staff[0],
            assignment_command(action, self.random.choice(self.assignments), params),
        )

    def deliberation(self) -> None:
        """Keep about a dozen topics under way, so each moves through many of its steps."""
        if sum(1 for s in self.topics if s.steps) < 12:
            self.propose_topic()
        else:
            self.deliberation_step()

    def sometimes_witness(self) -> None:
        if self.random.random() < 0.25:
            self.witness()

    COMMANDS = [
        raise_request,
        raise_request,
        unit_action,
        unit_action,
        unit_action,
        resident_action,
        urge,
        task,
        assignment_action,
        assignment_action,
        deliberation,
        deliberation,
        deliberation,
        deliberation,
        DeliberationCommands.misplaced_vote,
        sometimes_witness,
    ]
