"""The test suite: fast hashing, email kept in memory, tasks run in-process."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
COPRODUCE_SMS_BACKEND = "coproduce.crisis.sms.LocmemBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
COPRODUCE_LEDGER_KEYS = {"test-1": "test-ledger-key-0123456789abcdefghijklmnop"}

# Serve static files from the apps directly (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Persistent IRIs from a base that is not the test server's host: the tests can tell
# an IRI built from the setting from one built from the request.
COPRODUCE_IRI_BASE = "http://data.test"
