"""The ballots of a sitting's open vote and the results of its closed ones (WZ-5.6-a, WZ-5.3-d):
online ballots, the recorder's on-site counts, or in a combined sitting the room's paper count
beside the online ballots. Each event of a vote makes the next Ballots from the last (`opened`,
`with_ballot`, `with_counts`, `with_paper`, `closed_with`, `retabled`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from domain.deliberation.outcome import Tally

RULES = "rules"
CHOICES = ("yes", "no", "abstain")


@dataclass(frozen=True)
class Ballots:
    open_item: str | None = None
    cast: dict[str, str] = field(default_factory=dict)
    counts: tuple[int, int, int] | None = None
    closed: dict[str, Tally] = field(default_factory=dict)
    passed: dict[str, bool] = field(default_factory=dict)
    amends: dict[str, str] = field(
        default_factory=dict
    )  # amendment -> the failed item it reworks
    paper: tuple[int, int, int] | None = None  # a combined sitting's room (WZ-5.3-d)
    paper_voters: frozenset[str] = frozenset()

    def voted_items(self) -> list[str]:
        return [item for item in self.closed if item != RULES]

    def first_failed(self) -> str | None:
        """The first failed item not reworked by an amendment (LS-2.4.5)."""
        return next(iter(self.reworkable()), None)

    def reworkable(self) -> list[str]:
        """Failed items that no amendment reworks yet."""
        reworked = set(self.amends.values())
        return [
            item
            for item, ok in self.passed.items()
            if item != RULES and not ok and item not in reworked
        ]

    def counted(self) -> tuple[int, int, int]:
        if self.counts is not None:
            return self.counts
        paper = self.paper or (0, 0, 0)
        return tuple(p + o for p, o in zip(paper, self.online(), strict=True))  # type: ignore[return-value]

    def online(self) -> tuple[int, int, int]:
        """The ballots cast online: yes, no, abstain."""
        return tuple(
            sum(1 for c in self.cast.values() if c == choice) for choice in CHOICES
        )  # type: ignore[return-value]

    def opened(self, item: str, amends: str | None) -> Ballots:
        """A vote opened on `item`, nothing cast or counted yet; an amendment's link kept."""
        links = {**self.amends, item: amends} if amends else self.amends
        return replace(
            self,
            open_item=item,
            cast={},
            counts=None,
            amends=links,
            paper=None,
            paper_voters=frozenset(),
        )

    def with_ballot(self, voter: str, choice: str) -> Ballots:
        return replace(self, cast={**self.cast, voter: choice})

    def with_counts(self, counts: tuple[int, int, int]) -> Ballots:
        return replace(self, counts=counts)

    def with_paper(self, counts: tuple[int, int, int], voters: list[str]) -> Ballots:
        return replace(self, paper=counts, paper_voters=frozenset(voters))

    def closed_with(self, item: str, tally: Tally, passed: bool) -> Ballots:
        """The open vote sealed with its tally and result."""
        return replace(
            self,
            open_item=None,
            cast={},
            counts=None,
            paper=None,
            paper_voters=frozenset(),
            closed={**self.closed, item: tally},
            passed={**self.passed, item: passed},
        )

    def retabled(self) -> Ballots:
        """The rules vote put again: the rejected one stays in the log, sealed."""
        return replace(
            self,
            closed={k: v for k, v in self.closed.items() if k != RULES},
            passed={k: v for k, v in self.passed.items() if k != RULES},
        )
