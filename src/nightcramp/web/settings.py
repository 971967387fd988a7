"""Django settings for nightcramp.

Secrets and deployment choices come from the environment:

- ``NIGHTCRAMP_HOME``: data folder (SQLite database, generated secret key).
- ``DATABASE_URL``: use this database instead (e.g. ``postgres://user:pw@host/db``).
- ``NIGHTCRAMP_SECRET_KEY``: Django's secret key (else generated once in the data folder).
- ``NIGHTCRAMP_DEBUG=1``: debug pages (never in production).
- ``NIGHTCRAMP_ALLOWED_HOSTS``: comma-separated host names (default: localhost only).
- ``NIGHTCRAMP_HTTPS=1``: secure cookies, HSTS and HTTPS redirects when served over HTTPS.
- ``NIGHTCRAMP_TIME_ZONE``: default time zone for new accounts (default: UTC or ``TZ``).
- ``NIGHTCRAMP_CACHE_DIR``: a cache folder shared by several server processes.
- ``NIGHTCRAMP_PROXY_COUNT``: reverse proxies in front (sign-in throttling by address).
- ``NIGHTCRAMP_EMAIL_HOST`` (``_PORT``, ``_USER``, ``_PASSWORD``, ``_USE_TLS``) and
  ``NIGHTCRAMP_EMAIL_FROM``: SMTP for password-reset mail (else printed on the console).
"""

from __future__ import annotations

import os
from pathlib import Path

from nightcramp import paths

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = paths.secret_key()
DEBUG = os.environ.get("NIGHTCRAMP_DEBUG") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("NIGHTCRAMP_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "nightcramp.diary",
    "nightcramp.web",
    "nightcramp.web.feeds",  # its templates live in web/feeds/templates/
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # /static/ from the server itself
    "nightcramp.web.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "nightcramp.web.middleware.UserTimeZoneMiddleware",
    "nightcramp.web.insight.cache.DiaryVersionMiddleware",  # after a write: dashboard stale
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "nightcramp.web.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "nightcramp.web.wsgi.application"


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        import dj_database_url

        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(paths.sqlite_path()),
        "OPTIONS": SQLITE_OPTIONS,
    }


# Writes that wait instead of failing (several server processes, the CLI at the same time):
# a transaction takes SQLite's write lock when it begins (IMMEDIATE), so it waits its turn
# (up to the busy timeout) rather than failing with "database is locked" when a read lock
# cannot be upgraded; WAL lets readers go on while one writer writes; synchronous=NORMAL is
# WAL's usual durability setting (a power cut may lose the last commits, never corrupts).
SQLITE_BUSY_SECONDS = 30
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": SQLITE_BUSY_SECONDS,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000};"
    ),
}


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # spaces and invisible characters do not count; not the app's own name
    {"NAME": "nightcramp.web.accounts.passwords.VisibleCharactersValidator"},
]
# --- accounts: sign-in (usernames in any case) ---
AUTHENTICATION_BACKENDS = ["nightcramp.web.accounts.backends.CaseInsensitiveModelBackend"]
# Reverse proxies in front of the server (0: none). Password guessing is throttled by the
# client's address: behind N proxies it is the N-th address from the right of X-Forwarded-For.
NIGHTCRAMP_PROXY_COUNT = int(os.environ.get("NIGHTCRAMP_PROXY_COUNT") or 0)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# One process: memory. Several processes on one host: NIGHTCRAMP_CACHE_DIR, a folder they
# share, so sign-in throttling sees every attempt.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["NIGHTCRAMP_CACHE_DIR"],
        }
        if os.environ.get("NIGHTCRAMP_CACHE_DIR")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("NIGHTCRAMP_TIME_ZONE") or os.environ.get("TZ") or "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = paths.home() / "static"  # `nightcramp serve` collects the files here
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # WhiteNoise also serves them from the package itself

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if os.environ.get("NIGHTCRAMP_HTTPS") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- accounts: email, for password-reset links ---
# NIGHTCRAMP_EMAIL_HOST (and _PORT, _USER, _PASSWORD, _USE_TLS, NIGHTCRAMP_EMAIL_FROM) send
# through that SMTP server; without a host, mails are printed on the server's console.
PASSWORD_RESET_TIMEOUT = 60 * 60  # a reset link works for one hour, once


def _email_settings(environ) -> dict:
    from django.core.exceptions import ImproperlyConfigured

    sender = environ.get("NIGHTCRAMP_EMAIL_FROM", "").strip() or "nightcramp <nightcramp@localhost>"
    common = {"DEFAULT_FROM_EMAIL": sender, "SERVER_EMAIL": sender}
    host = environ.get("NIGHTCRAMP_EMAIL_HOST", "").strip()
    if not host:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend", **common}
    tls = environ.get("NIGHTCRAMP_EMAIL_USE_TLS", "1").strip().lower()
    if tls not in ("1", "0", "true", "false", "yes", "no"):
        raise ImproperlyConfigured(f"NIGHTCRAMP_EMAIL_USE_TLS must be 1 or 0, not {tls!r}")
    use_tls = tls in ("1", "true", "yes")
    port = environ.get("NIGHTCRAMP_EMAIL_PORT", "").strip() or ("587" if use_tls else "25")
    if not port.isdigit():
        raise ImproperlyConfigured(f"NIGHTCRAMP_EMAIL_PORT must be a port number, not {port!r}")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": int(port),
        "EMAIL_HOST_USER": environ.get("NIGHTCRAMP_EMAIL_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("NIGHTCRAMP_EMAIL_PASSWORD", ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_TIMEOUT": 20,
        **common,
    }


globals().update(_email_settings(os.environ))

# --- accounts: Content-Security-Policy (nightcramp.web.csp) ---
# Every script and style is a file under /static/: no inline <script>, no on...= handler, no
# style="" attribute, no eval. tests/browser/test_content_security_policy.py visits every page.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Health data: never log request bodies or SQL parameters; feed tokens are redacted.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_feed_tokens": {"()": "nightcramp.web.logfilters.RedactFeedTokens"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_feed_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_feed_tokens"],
        },
    },
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
