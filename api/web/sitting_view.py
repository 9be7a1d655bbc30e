"""What the sitting console shows, read from the sitting and its topic's log: who signed in,
the rules drafted and whether adopted, the queue with the next speaker, each speaker's count
and time, the open vote, the closed votes' tallies and the outcome (WZ-5.5, WZ-5.6)."""

from __future__ import annotations

from typing import Any

from application.deliberation.queries import sitting_state
from application.ledger import Ledger
from application.records.history import History
from application.records.trace import load_history
from application.records.words import threshold_words
from domain.deliberation.sittings import Sitting
from domain.deliberation.topics import Topic


def speakers(sitting: Sitting, events: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Each participant who spoke or waits: speeches, total seconds, speeches over time."""
    rows: dict[str, dict[str, Any]] = {}
    for e in events:
        if isinstance(e, Sitting.SpeechRecorded):
            row = rows.setdefault(
                e.participant, {"count": 0, "seconds": 0, "over_time": 0}
            )
            row["count"] += 1
            row["seconds"] += e.seconds
            row["over_time"] += int(e.over_time)
    return [{"participant": p, **row} for p, row in rows.items()]


def queue(sitting: Sitting) -> list[dict[str, Any]]:
    turn = sitting.next_speaker()
    return [
        {
            "participant": hand.participant,
            "position": hand.position,
            "next": turn is not None and hand.participant == turn.participant,
        }
        for hand in sorted(sitting.hands, key=lambda h: h.raised)
    ]


def rules_drafted(history: History) -> Any:
    return history.last(Topic.RulesDrafted)


def vote_texts(events: tuple[Any, ...]) -> dict[str, str]:
    return {e.item: e.text for e in events if isinstance(e, Sitting.VoteOpened)}


def paper_counts(events: tuple[Any, ...]) -> dict[str, Any]:
    """A combined sitting's paper count per item, apart from its online ballots (WZ-5.3-d)."""
    return {e.item: e for e in events if isinstance(e, Sitting.PaperCounted)}


def settled(events: tuple[Any, ...]) -> Any:
    return next((e for e in events if isinstance(e, Sitting.OutcomeSettled)), None)


def console_view(ledger: Ledger, sitting_id: str) -> dict[str, Any]:
    sitting = ledger.sitting(sitting_id)
    topic = ledger.topic(sitting.topic_id)
    history = load_history(ledger, sitting.topic_id)
    events = history.sittings.get(str(sitting.id), ())
    rules = rules_drafted(history)
    return {
        "sitting": sitting,
        "state": sitting_state(sitting),
        "topic": topic,
        "people": history.people,
        "not_present": sorted(set(sitting.participants) - sitting.present),
        "queue": queue(sitting),
        "speakers": speakers(sitting, events),
        "rules": rules,
        "passing": threshold_words(rules.passing) if rules else "",
        "limits": sitting.rule_profile,
        "vote_texts": vote_texts(events),
        "settled": settled(events),
        "counts_entered": sitting.ballots.counts,
        "paper_counts": paper_counts(events),
        "ballots": dict(sitting.ballots.cast),
    }
