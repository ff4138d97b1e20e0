"""Validators of values that end up in headers, file names and one-line displays."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls (line feed, carriage return, NUL, tab...), DEL, C1 controls, and the Unicode
# line and paragraph separators: none belongs in a name.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def single_line(value: str) -> None:
    """A name on one line: an email subject built from it (a panel's invitations) would
    otherwise be refused by the mail library, and every send with it."""
    if value and _CONTROL.search(value):
        raise ValidationError(
            _("Write the name on one line, without line breaks or control characters."),
            code="single_line",
        )
