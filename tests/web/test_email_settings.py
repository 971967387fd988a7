"""Mail goes through the SMTP server the environment names, else to the console."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from nightcramp.web.settings import _email_settings


def test_no_host_prints_mail_on_the_console() -> None:
    chosen = _email_settings({})
    assert chosen["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert "nightcramp" in chosen["DEFAULT_FROM_EMAIL"]


def test_smtp_from_the_environment() -> None:
    chosen = _email_settings(
        {
            "NIGHTCRAMP_EMAIL_HOST": "smtp.clinic.example",
            "NIGHTCRAMP_EMAIL_PORT": "2525",
            "NIGHTCRAMP_EMAIL_USER": "mailer",
            "NIGHTCRAMP_EMAIL_PASSWORD": "pw",
            "NIGHTCRAMP_EMAIL_USE_TLS": "0",
            "NIGHTCRAMP_EMAIL_FROM": "Cramp clinic <noreply@clinic.example>",
        }
    )
    assert chosen["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (chosen["EMAIL_HOST"], chosen["EMAIL_PORT"]) == ("smtp.clinic.example", 2525)
    assert (chosen["EMAIL_HOST_USER"], chosen["EMAIL_HOST_PASSWORD"]) == ("mailer", "pw")
    assert chosen["EMAIL_USE_TLS"] is False
    assert chosen["DEFAULT_FROM_EMAIL"] == "Cramp clinic <noreply@clinic.example>"


def test_tls_and_its_port_by_default() -> None:
    chosen = _email_settings({"NIGHTCRAMP_EMAIL_HOST": "smtp.example"})
    assert chosen["EMAIL_USE_TLS"] is True
    assert chosen["EMAIL_PORT"] == 587


@pytest.mark.parametrize(
    "name, value", [("NIGHTCRAMP_EMAIL_PORT", "smtp"), ("NIGHTCRAMP_EMAIL_USE_TLS", "maybe")]
)
def test_a_bad_value_is_named(name: str, value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=name):
        _email_settings({"NIGHTCRAMP_EMAIL_HOST": "smtp.example", name: value})
