"""Settings shared by every environment; everything site-specific comes from the environment.

Without any configuration the app runs on SQLite in ``./var`` with a generated secret key,
so that ``make run`` works on a fresh machine.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("COPRODUCE_DATA_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


def _ledger_keys() -> dict[str, str]:
    """The case ledger's keys, key id -> secret, the newest (the one that signs) first;
    the others only verify. From ``LEDGER_KEY`` (``id:secret[,id:secret...]``), else
    the file ``LEDGER_KEY_FILE`` (one ``id:secret`` a line, ``#`` comments), else a key
    generated into ``./var/ledger_keys`` on the first start. Keep them outside the
    database: whoever holds them and can write to the database can forge the ledger."""
    text = os.environ.get("LEDGER_KEY", "")
    if not text and (path := os.environ.get("LEDGER_KEY_FILE")):
        text = Path(path).read_text()
    if not text:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file = DATA_DIR / "ledger_keys"
        if not key_file.exists():
            key_file.write_text(f"k1:{secrets.token_urlsafe(32)}\n")
            key_file.chmod(0o600)
        text = key_file.read_text()
    keys: dict[str, str] = {}
    for item in text.replace(",", "\n").splitlines():
        item = item.strip()
        if not item or item.startswith("#"):
            continue
        key_id, _sep, secret = item.partition(":")
        if (
            not key_id.isascii()
            or not key_id.replace("-", "").isalnum()
            or len(secret) < 32
        ):
            raise ValueError(
                "A ledger key is 'id:secret' (id: letters, digits, '-'; secret of 32 "
                "characters or more)."
            )
        keys.setdefault(key_id, secret)
    return keys


COPRODUCE_LEDGER_KEYS = _ledger_keys()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "coproduce.core",
    "coproduce.tenancy",
    "coproduce.people",
    "coproduce.initiatives",
    "coproduce.evaluation",
    "coproduce.cases",
    "coproduce.outcomes",
    "coproduce.representativeness",
    "coproduce.sustainability",
    "coproduce.coproducers",
    "coproduce.crisis",
    "coproduce.qualitative",
    "coproduce.collaboration",
    "coproduce.reports",
    "coproduce.api",
    "coproduce.exchange",
    "coproduce.publishing",
    "coproduce.demo",
]

MIDDLEWARE = [
    # /health/ for load balancers, before the host check, sessions and rate limits
    "coproduce.publishing.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "coproduce.core.middleware.NoStoreMiddleware",
    "coproduce.core.middleware.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "coproduce.tenancy.middleware.TenantMiddleware",
]

ROOT_URLCONF = "coproduce.config.urls"
WSGI_APPLICATION = "coproduce.config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "coproduce.config.context_processors.tenant",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'coproduce.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fi", _("Finnish")), ("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Helsinki")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# Text messages (crisis call-outs): a class like the email backends, see coproduce/crisis/sms.py
COPRODUCE_SMS_BACKEND = os.environ.get(
    "COPRODUCE_SMS_BACKEND", "coproduce.crisis.sms.ConsoleBackend"
)
COPRODUCE_SMS_FILE_PATH = os.environ.get("COPRODUCE_SMS_FILE_PATH", "sms.log")
# Crisis mode: days after a need closes before its resident's details are erased
# (coproduce.crisis.services.residents_erase_due; 0: as soon as it closes)
COPRODUCE_CRISIS_RESIDENT_DAYS = int(
    os.environ.get("COPRODUCE_CRISIS_RESIDENT_DAYS", "30")
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "coproduce@localhost")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = (
    False  # htmx reads the token from the cookie-less meta tag; kept default
)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site
# only; no inline script or style (htmx needs none: base.html turns off its inline
# indicator styles and eval), no plug-ins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The address of this site as respondents reach it (links in invitation emails).
COPRODUCE_BASE_URL = os.environ.get("COPRODUCE_BASE_URL", "http://127.0.0.1:8000")
# The base of the persistent IRIs of published services and vocabularies (linked data):
# the only source of their host, never the request's Host header. Choose it once, e.g.
# https://data.example.fi, and keep it; it must be served by this site (or redirect here).
COPRODUCE_IRI_BASE = os.environ.get("COPRODUCE_IRI_BASE", COPRODUCE_BASE_URL).rstrip(
    "/"
)
# Who runs this site: named by the site's own accessibility statement and privacy notice
# (the pages without a tenant, e.g. the log-in).
COPRODUCE_OPERATOR_NAME = os.environ.get("COPRODUCE_OPERATOR_NAME", "coproduce")

# The cache holds the rate-limit counters, the sessions and the figures kept (core.kept): Redis (Django's own backend) when REDIS_URL or
# CACHE_URL is set, so that every worker and server shares them; local memory otherwise,
# which is right only for a first start in one process.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "CACHE_URL/REDIS_URL must be a Redis address (redis://host:6379/0)."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "coproduce"),
        }
    }
    # django-ratelimit lists only django-redis; Django's RedisCache increments atomically
    # (INCR) too.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
    # sessions read from the shared cache, written through to the database (kept over a
    # cache flush): one query less on every page
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # counters per process: acceptable for the first start only (README: Configuration)
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g.
# "127.0.0.1,10.0.0.0/8"): the client is the right-most address in the header that is
# not one of them. From any other address the header is ignored.
COPRODUCE_TRUSTED_PROXIES = env_list("COPRODUCE_TRUSTED_PROXIES")
RATELIMIT_IP_META_KEY = "coproduce.core.ratelimit.client_ip"

# Failed attempts allowed per client address: (attempts, window in seconds), at the
# log-in (the admin's too) and password reset, and with a wrong API token.
COPRODUCE_LOGIN_RATE = (20, 300)
COPRODUCE_API_TOKEN_RATE = (30, 300)

# Uploads: the largest file a person may upload (imports, documents), in bytes. A request
# body beyond it (plus DATA_UPLOAD_MAX_MEMORY_SIZE for the form's other fields) is refused
# with 413 before it is read. Files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary
# file, not memory; other bodies (the API's JSON) may be DATA_UPLOAD_MAX_MEMORY_SIZE.
COPRODUCE_IMPORT_MAX_BYTES = int(
    os.environ.get("COPRODUCE_IMPORT_MAX_BYTES", str(10 * 1024 * 1024))
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, stated: 2.5 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The longest request line (address and query) answered; longer ones get 414.
COPRODUCE_MAX_REQUEST_LINE = 8190

# Lists: rows per page on pages and in the API.
COPRODUCE_PAGE_SIZE = 50
COPRODUCE_API_MAX_PAGE_SIZE = 500

# Logs go to the console; LOG_FORMAT=json writes one JSON object a line
# (python-json-logger) for a log collector, with the time, level, logger and message.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'text' or 'json'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
            },
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Error reporting (opt-in): with SENTRY_DSN set, unhandled errors go to Sentry (or a
# compatible service, e.g. GlitchTip); without it nothing is sent anywhere. No personal
# data is sent (send_default_pii off), and no performance traces unless asked.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
