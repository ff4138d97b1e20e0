"""Production: DEBUG off, secure cookies, a real database and secret key are required."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if "SECRET_KEY" not in os.environ or "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured(
        "Production needs SECRET_KEY and DATABASE_URL in the environment."
    )
if "LEDGER_KEY" not in os.environ and "LEDGER_KEY_FILE" not in os.environ:
    raise ImproperlyConfigured(
        "Production needs LEDGER_KEY or LEDGER_KEY_FILE: the case ledger's key, kept "
        "outside the database (see docs/cases.md)."
    )
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
