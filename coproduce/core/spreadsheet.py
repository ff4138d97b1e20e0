"""Cells of a CSV that a person downloads, made safe to open in a spreadsheet.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
tab or carriage return can hide such a start; a person named ``=HYPERLINK("http://…")``
would otherwise become a link (or worse) on the screen of whoever opens the download.
OWASP's rule (https://owasp.org/www-community/attacks/CSV_Injection): put a single quote
before any such cell, so the spreadsheet shows it as text. Numbers (``int``, ``float``,
``Decimal``) stay numbers: ``-3.5`` as a number is written as is, while the *text*
``-3.5`` (or a phone number ``+358 …``) gets the quote like any other text.

Every download goes through ``csv_writer`` (or ``cell_safe`` for one value). Only the
command line's ``export`` keeps raw values, for round trips, and says so in its help;
imports read both (``cell_unquote``), so a download imports back unchanged.
"""

import csv
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value: Any) -> Any:
    """``value`` as a spreadsheet will read it as data: numbers and ``None`` unchanged,
    anything else as text, with a ``'`` before a formula's first character."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell_unquote(text: str) -> str:
    """Undo ``cell_safe`` on a value read back from a download (an import): the ``'``
    before a formula's first character is dropped; any other text is unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class SafeWriter:
    """``csv.writer`` whose every cell has been through ``cell_safe``."""

    def __init__(self, writer) -> None:
        self._writer = writer

    @property
    def dialect(self):
        return self._writer.dialect

    def writerow(self, row) -> Any:
        return self._writer.writerow([cell_safe(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, **kwargs) -> SafeWriter:
    """``csv.writer(file, **kwargs)`` for a file a person downloads."""
    return SafeWriter(csv.writer(file, **kwargs))
