"""``coproduce analyse agreement FILE.csv --format json|text`` (the ``analyse`` command
of evaluation delegates here)."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from .agreement_csv import (
    AgreementFileError,
    agreement_json,
    agreement_text,
    codings_read,
)


def agreement_command(command: BaseCommand, file: Path, fmt: str) -> None:
    try:
        codings = codings_read(file)
    except AgreementFileError as exc:
        count = f"{exc.total} problem{'s' if exc.total > 1 else ''}"
        raise CommandError(f"Nothing analysed, {count}:\n{exc}") from exc
    if fmt == "json":
        command.stdout.write(
            json.dumps(agreement_json(codings), indent=2, allow_nan=False)
        )
    else:
        command.stdout.write(agreement_text(codings), ending="")
