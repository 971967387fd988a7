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


def test_password_reset_tokens_are_redacted_from_request_lines():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
        ("GET /accounts/password/reset/MQ/cx4k2m-9f1e0c7d3b2a/ HTTP/1.1", "302", "0"), None,
    )  # fmt: skip
    assert RedactFeedTokens().filter(record)
    assert record.getMessage() == ('"GET /accounts/password/reset/[user]/[token]/ HTTP/1.1" 302 0')


def test_the_reset_pages_without_a_token_are_left_alone():
    for path in ("/accounts/password/reset/done/", "/accounts/password/reset/MQ/set-password/"):
        record = logging.LogRecord(
            "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
            (f"GET {path} HTTP/1.1", "200", "512"), None,
        )  # fmt: skip
        RedactFeedTokens().filter(record)
        assert record.getMessage() == f'"GET {path} HTTP/1.1" 200 512'
