"""SMS senders for sign-in codes, chosen by settings (`GOV_SMS_SENDER`)."""

from __future__ import annotations

import logging
from collections import deque
from datetime import UTC, datetime

log = logging.getLogger("gov.sms")
OUTBOX_SIZE = 50


class DevelopmentSender:
    """Writes each message to the service log and keeps the last ones for /dev/sms."""

    def __init__(self) -> None:
        self.outbox: deque[dict[str, str]] = deque(maxlen=OUTBOX_SIZE)

    def send(self, phone: str, text: str) -> None:
        at = datetime.now(UTC).isoformat()
        self.outbox.appendleft({"phone": phone, "text": text, "at": at})
        # the number masked: the log holds no personal data (docs/operations.md §logs)
        log.warning("development SMS to %s: %s", f"{phone[:3]}****{phone[-4:]}", text)

    def last_code(self, phone: str) -> str | None:
        """The code in the latest message to a phone (tests and the demo read it)."""
        for message in self.outbox:
            if message["phone"] == phone:
                return "".join(ch for ch in message["text"] if ch.isdigit())[:6]
        return None


class DisabledSender:
    """No SMS gateway is configured: nothing can be delivered (the log says so)."""

    outbox = None

    def send(self, phone: str, text: str) -> None:
        log.error(
            "no SMS sender configured (GOV_SMS_SENDER); a sign-in code was not sent"
        )


def sms_sender(choice: str, mode: str) -> DevelopmentSender | DisabledSender:
    development = choice == "development" or (
        choice == "auto" and mode == "development"
    )
    return DevelopmentSender() if development else DisabledSender()
