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
if not CACHE_URL:  # noqa: F405
    raise ImproperlyConfigured(
        "Production needs REDIS_URL (or CACHE_URL) in the environment: the rate limits "
        "of log-ins, respondent links and API tokens must be shared by every worker."
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
# HSTS: browsers use HTTPS only, for a year, once they have seen the site over HTTPS.
# Set SECURE_HSTS_SECONDS=0 while trying out HTTPS; subdomains only if asked for.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
