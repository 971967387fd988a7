"""The server log never holds a calendar-feed token (it is a credential)."""

from __future__ import annotations

import logging

from nightcramp.web.logfilters import RedactFeedTokens


def test_feed_tokens_are_redacted_from_request_lines():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
        ("GET /calendar/s3cr3t-T0ken_x.ics HTTP/1.1", "200", "512"), None,
    )  # fmt: skip
    assert RedactFeedTokens().filter(record)
    assert record.getMessage() == '"GET /calendar/[token].ics HTTP/1.1" 200 512'


def test_other_request_lines_are_left_alone():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
        ("GET /dashboard/ HTTP/1.1", "200", "512"), None,
    )  # fmt: skip
    RedactFeedTokens().filter(record)
    assert record.getMessage() == '"GET /dashboard/ HTTP/1.1" 200 512'
