"""A real SMTP server for tests (aiosmtpd), and a wait for nightcramp's outgoing mail."""

from __future__ import annotations

import email
import socket
from email.message import Message

from aiosmtpd.controller import Controller

__all__ = ["Controller", "Inbox", "free_port", "mail_sent", "smtp_settings"]


class Inbox:
    """aiosmtpd handler: keeps every message the server accepts."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int) -> list[Message]:
        """Mail leaves from a background thread: wait for it to be sent first."""
        mail_sent()
        assert len(self.messages) == count, f"{len(self.messages)} mails, not {count}"
        return self.messages


def mail_sent() -> None:
    """Once nightcramp's sender has nothing left, the SMTP server has accepted every mail."""
    from nightcramp.web.accounts.recovery import wait_until_sent

    assert wait_until_sent(), "password-reset mail still waiting after 30 s"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_settings(port: int) -> dict:
    """Django settings that send through the test's SMTP server on this port."""
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_USE_TLS": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
    }
