"""Password recovery by email: Django's own reset flow, with three changes.

- The mail leaves in a background thread, so a known and an unknown address answer
  equally fast (the page never tells whether an address has an account).
- A failed delivery is logged with the user's id and the kind of error only: an SMTP
  error's text can hold the address, and tokens, addresses and passwords stay out of logs.
- Requests are limited: per network address (a visible refusal, which says nothing about
  any account) and per email address (silently: at most a few mails in a window).
"""

from __future__ import annotations

import logging
import threading

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


def deliver(message: EmailMultiAlternatives, user_id: int) -> None:
    try:
        message.send()
    except Exception as error:  # the person cannot be told: nothing may say the mail exists
        logger.warning(
            "Password-reset mail for user %s not sent: %s", user_id, type(error).__name__
        )


class PasswordRecoveryForm(PasswordResetForm):
    def __init__(self, *args, address: str = "", **kwargs) -> None:
        self.address = address
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
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        # Not a daemon: a server process that stops waits for the mail to leave.
        threading.Thread(
            target=deliver, args=(message, context["user"].pk), name="password-reset-mail"
        ).start()
