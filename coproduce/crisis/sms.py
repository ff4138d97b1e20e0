"""Text messages through a pluggable backend, as Django sends email.

``settings.COPRODUCE_SMS_BACKEND`` names a class with ``send_messages(messages) -> int``
(how many went). Here: ``console`` (prints, the default), ``file`` (appends to
``COPRODUCE_SMS_FILE_PATH``), ``locmem`` (``coproduce.crisis.sms.outbox``, for tests),
``dummy`` (drops them). A real gateway plugs in as one more class: subclass
``BaseSmsBackend``, post each ``SmsMessage`` to the gateway's HTTP API in
``send_messages`` (raising on failure unless ``fail_silently``) and name the class in the
setting; the task that calls it retries nothing itself, so a gateway's own retry/receipt
handling belongs in the backend.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list[SmsMessage] = []


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str


class BaseSmsBackend:
    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        self.fail_silently = fail_silently

    def send_messages(self, messages: list[SmsMessage]) -> int:
        raise NotImplementedError


class ConsoleBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def send_messages(self, messages: list[SmsMessage]) -> int:
        with self._lock:
            for message in messages:
                sys.stdout.write(f"SMS to {message.to}:\n{message.body}\n{'-' * 40}\n")
            sys.stdout.flush()
        return len(messages)


class FileBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def send_messages(self, messages: list[SmsMessage]) -> int:
        path = Path(getattr(settings, "COPRODUCE_SMS_FILE_PATH", "sms.log"))
        with self._lock, path.open("a", encoding="utf-8") as out:
            for message in messages:
                out.write(f"To: {message.to}\n{message.body}\n\n")
        return len(messages)


class LocmemBackend(BaseSmsBackend):
    def send_messages(self, messages: list[SmsMessage]) -> int:
        outbox.extend(messages)
        return len(messages)


class DummyBackend(BaseSmsBackend):
    def send_messages(self, messages: list[SmsMessage]) -> int:
        return len(messages)


def get_connection(backend: str | None = None, **kwargs) -> BaseSmsBackend:
    path = backend or getattr(
        settings, "COPRODUCE_SMS_BACKEND", "coproduce.crisis.sms.ConsoleBackend"
    )
    return import_string(path)(**kwargs)


def send_sms(to: str, body: str, *, fail_silently: bool = False) -> int:
    return get_connection(fail_silently=fail_silently).send_messages(
        [SmsMessage(to=to, body=body)]
    )
