"""What each status of a topic allows next (WZ-5.1 … WZ-5.8, LS-2.4.9, LS-2.4.11, JH-5.4).

A step done once per result (filing, communication, posting, archiving) and a proposer already
notified drop out of the list on the Topic itself.
"""

from __future__ import annotations

AFTER_RESULT = [
    "file",
    "communicate",
    "post",
    "archive",
    "correct_result",  # WZ-5.7-b: set aside, or the corrected result, with its basis
    "refer",
    "consult",
]
NEXT = {
    "proposed": ["register"],
    "registered": ["review"],
    "approved": ["notify_proposer", "plan", "consult"],
    "rejected": ["notify_proposer"],
    "planned": ["draft_rules", "announce", "consult"],
    "adjourned": ["plan", "consult"],  # WZ-5.6-b: rules voted down, planned again
    "announced": ["open_sitting", "consult"],
    "redeliberate": ["plan", *AFTER_RESULT],
    "terminated": [*AFTER_RESULT, "explain_dissent", "appraise"],
    "implementing": [
        *AFTER_RESULT,
        "implement",
        "explain_dissent",
        "report",
        "appraise",
        "reopen",
    ],
    "major_decision": AFTER_RESULT,
}
