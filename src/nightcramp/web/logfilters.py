"""Keep secrets out of the server log: calendar-feed tokens are credentials."""

from __future__ import annotations

import logging
import re

FEED_TOKEN = re.compile(r"/calendar/[^/\s\"?]+\.ics")


class RedactFeedTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/calendar/" in message:
            record.msg = FEED_TOKEN.sub("/calendar/[token].ics", message)
            record.args = ()
        return True
