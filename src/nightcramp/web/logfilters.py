"""Keep secrets out of the server log: calendar-feed tokens and password-reset links are
credentials (whoever holds one can read the calendar, or set the account's password)."""

from __future__ import annotations

import logging
import re

REDACTIONS = [
    ("/calendar/", re.compile(r"/calendar/[^/\s\"?]+\.ics"), "/calendar/[token].ics"),
    (
        "/password/reset/",
        re.compile(r"/password/reset/[^/\s\"?]+/(?!set-password/)[^/\s\"?]+/"),
        "/password/reset/[user]/[token]/",
    ),
]


class RedactFeedTokens(logging.Filter):
    """Redacts calendar-feed tokens and password-reset tokens from any log message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = message
        for marker, pattern, replacement in REDACTIONS:
            if marker in redacted:
                redacted = pattern.sub(replacement, redacted)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
