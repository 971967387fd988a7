"""Password recovery by email: Django's own reset flow, with three changes.

- The mail is rendered and sent by one background thread per process, started when the
  form is first made (for a known address and an unknown one alike), so both answer
  equally fast: the page never tells whether an address has an account, not even by its
  timing (benchmarks/bench_reset_timing.py). A stopping process first sends what waits.
- A failed delivery is logged with the user's id and the kind of error only: an SMTP
  error's text can hold the address, and tokens, addresses and passwords stay out of logs.
- Requests are limited: per network address (a visible refusal, which says nothing about
  any account) and per email address (silently: at most a few mails in a window).
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from nightcramp.web.accounts import throttle

logger = logging.getLogger(__name__)

MAX_REQUESTS_PER_ADDRESS = 10  # reset requests from one network address per window
MAX_MAILS_PER_EMAIL = 3  # reset mails to one email address per window
TOO_MANY_REQUESTS = (
    "Too many password-reset requests from this network. Please wait 15 minutes, then try again."
)


def deliver(subject_template: str, body_template: str, context: dict, sender, to: str) -> None:
    """Render and send one reset mail (in the background thread, so that even rendering
    adds nothing to the answer time of a known address)."""
    try:
        subject = "".join(loader.render_to_string(subject_template, context).splitlines())
        body = loader.render_to_string(body_template, context)
        EmailMultiAlternatives(subject, body, sender, [to]).send()
    except Exception as error:  # the person cannot be told: nothing may say the mail exists
        logger.warning(
            "Password-reset mail for user %s not sent: %s", context["user"].pk, type(error).__name__
        )


_outbox: queue.Queue = queue.Queue()
_worker: threading.Thread | None = None
_worker_lock = threading.Lock()


POLL_SECONDS = 0.25  # how often the sender looks for mail to send


def _send_what_waits() -> None:
    """Looks for mail on its own clock: a request that queues one wakes no thread, so it
    answers as fast as a request that queues none, even on a busy processor."""
    while True:
        time.sleep(POLL_SECONDS)
        while True:
            try:
                job = _outbox.get_nowait()
            except queue.Empty:
                break
            try:
                deliver(*job)
            finally:
                _outbox.task_done()


def start_sender() -> None:
    """The sender thread, started once per process (a daemon: it waits for ever)."""
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(
                target=_send_what_waits, name="password-reset-mail", daemon=True
            )
            _worker.start()


def wait_until_sent(timeout: float = 30.0) -> bool:
    """Wait for every queued mail to be sent (or to fail); False if time ran out."""
    deadline = time.monotonic() + timeout
    while _outbox.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.01)
    return not _outbox.unfinished_tasks


atexit.register(wait_until_sent)


class PasswordRecoveryForm(PasswordResetForm):
    def __init__(self, *args, address: str = "", **kwargs) -> None:
        self.address = address
        start_sender()
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email"
        self.fields["email"].help_text = "The address you gave when you signed up or later."

    def clean(self):
        cleaned = super().clean()
        if not throttle.within_limit("reset-ip", self.address, MAX_REQUESTS_PER_ADDRESS):
            raise forms.ValidationError(TOO_MANY_REQUESTS, code="throttled")
        return cleaned

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        if not throttle.within_limit("reset-mail", to_email.casefold(), MAX_MAILS_PER_EMAIL):
            return
        _outbox.put((subject_template_name, email_template_name, context, from_email, to_email))
