"""The process and vote parts of the activity record (JH-5.3, WZ-5.6-a): speeches, expert
statements, items voted, consensus and dissent, and each vote's counts with percentages.

A vote's figures come only from its VoteClosed event: a closed vote is sealed (WZ-6), so what was
closed is what the record shows, whatever was opened, cast or counted before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from application.records.history import first_of, of_type
from application.records.words import (
    MEDIA_WORDS,
    NONE_YET,
    People,
    duration,
    passed_word,
    text,
    threshold_words,
    when,
    word,
    yes_no,
)
from domain.deliberation.ballots import CHOICES, RULES
from domain.deliberation.mixed_voting import SPLIT_FIELDS
from domain.deliberation.outcome import Tally
from domain.deliberation.sitting_record import DiscussionAspect
from domain.deliberation.sittings import Sitting


def item_name(item: str) -> str:
    return word("rules_item") if item == RULES else item


def votes(events: Sequence[Any]) -> list[dict[str, Any]]:
    """JH-5.3: per closed vote, voters, yes, no, abstain and each as a share of the voters present."""
    texts = {e.item: e.text for e in of_type(events, Sitting.VoteOpened)}
    return [
        _vote_row(closed, texts.get(closed.item, ""))
        for closed in of_type(events, Sitting.VoteClosed)
    ]


def _vote_row(closed: Sitting.VoteClosed, item_text: str) -> dict[str, Any]:
    tally = Tally(
        closed.eligible, closed.present, closed.yes, closed.no, closed.abstain
    )
    shares = tally.shares()
    return {
        "item": item_name(closed.item),
        "text": text(item_text),
        "voters": tally.present,
        "eligible": tally.eligible,
        "yes": tally.yes,
        "no": tally.no,
        "abstain": tally.abstain,
        **paper_and_online(closed),
        "not_cast": tally.present - tally.cast,
        "yes_share": shares["yes"],
        "no_share": shares["no"],
        "abstain_share": shares["abstain"],
        "threshold": threshold_words(closed.threshold),
        "passed": passed_word(closed.passed),
    }


def paper_and_online(closed: Sitting.VoteClosed) -> dict[str, dict[str, int]]:
    """WZ-5.3-d, WZ-6: a combined sitting's vote, the recorder's paper count of the room and the
    online ballots beside the total they make; nothing for a sitting of one kind, or for a vote
    closed before VoteClosed carried the split (version 1, docs/upcasting.md)."""
    if closed.paper_yes is None:
        return {}
    split = [getattr(closed, name) or 0 for name in SPLIT_FIELDS]
    return {
        "paper": dict(zip(CHOICES, split[:3], strict=True)),
        "online": dict(zip(CHOICES, split[3:], strict=True)),
    }


def process(
    events: Sequence[Any], people: People, implementation_plan: str | None
) -> dict[str, Any]:
    """The course of the sitting in order: explanation, speeches, experts, items voted, consensus, dissent."""
    explained = first_of(events, Sitting.ProposerExplained)
    return {
        "explanation": text(explained.summary) if explained else NONE_YET,
        "speeches": speeches(events, people),
        "discussion": discussion(events, people),
        "experts": experts(events, people),
        "items": items(events),
        "consensus": consensus(events, implementation_plan),
        "dissent": dissent(events, people),
    }


def speeches(events: Sequence[Any], people: People) -> list[dict[str, Any]]:
    return [
        {
            "order": n,
            "speaker": people(s.participant),
            "position": word(s.position),
            "duration": duration(s.seconds),
            "over_time": yes_no(s.over_time),
            "summary": text(s.summary),
        }
        for n, s in enumerate(of_type(events, Sitting.SpeechRecorded), start=1)
    ]


def discussion(events: Sequence[Any], people: People) -> list[dict[str, Any]]:
    """LS-2.4.5: the recorder's notes grouped by aspect, in the standard's order; aspects not noted are left out."""
    notes = of_type(events, Sitting.DiscussionNoted)
    return [
        {
            "aspect": word(aspect.value),
            "notes": [f"{people(n.actor_id)}：{text(n.note)}" for n in noted],
        }
        for aspect in DiscussionAspect
        if (noted := [n for n in notes if n.aspect == aspect.value])
    ]


def media(events: Sequence[Any]) -> list[dict[str, Any]] | str:
    """WZ-5.6-d: where the sitting's written record, video or stream is kept (references, not the media)."""
    return [
        {
            "kind": MEDIA_WORDS.get(m.kind, m.kind),
            "reference": text(m.reference),
            "at": when(m.timestamp),
        }
        for m in of_type(events, Sitting.MediaAttached)
    ] or NONE_YET


def experts(events: Sequence[Any], people: People) -> list[dict[str, Any]]:
    return [
        {"speaker": people(e.participant), "summary": text(e.summary)}
        for e in of_type(events, Sitting.ExpertStated)
    ]


def items(events: Sequence[Any]) -> list[dict[str, Any]]:
    """The items put to the vote after the rules, with the result each got (LS-2.4.6 item by item); an
    amendment names the failed item it reworks (LS-2.4.5)."""
    reworks = {
        e.item: e.amends for e in of_type(events, Sitting.VoteOpened) if e.amends
    }
    return [
        {
            "item": row["item"],
            "text": row["text"],
            "result": row["passed"],
            **({"amends": reworks[row["item"]]} if row["item"] in reworks else {}),
        }
        for row in items_with_counts(events)
    ]


def consensus(events: Sequence[Any], implementation_plan: str | None) -> list[str]:
    """What was agreed: each item passed, and the implementation plan when there is one."""
    agreed = [
        f"{row['item']}：{row['text']}"
        for row in items(events)
        if row["result"] == passed_word(True)
    ]
    return agreed + (
        [f"落实意见：{text(implementation_plan)}"] if implementation_plan else []
    )


def dissent(events: Sequence[Any], people: People) -> list[str]:
    """Where people disagreed: speeches against, and items that did not pass with their no votes."""
    against = [
        f"{people(s.participant)}（反对）：{text(s.summary)}"
        for s in of_type(events, Sitting.SpeechRecorded)
        if s.position == "against"
    ]
    failed = [
        f"{row['item']}未通过（反对{row['no']}人）"
        for row in items_with_counts(events)
        if row["passed"] == passed_word(False)
    ]
    return against + failed


def items_with_counts(events: Sequence[Any]) -> list[dict[str, Any]]:
    return [row for row in votes(events) if row["item"] != item_name(RULES)]


def sign_in(events: Sequence[Any], people: People, participants: dict[str, str]) -> str:
    present = [e.participant for e in of_type(events, Sitting.SignedIn)]
    names = "、".join(people.many(present)) or NONE_YET
    return f"实到{len(present)}人（应到{len(participants)}人）：{names}"
