"""Text out of uploaded files: plain text (UTF-8), PDF (pypdf) and DOCX (python-docx).
Offsets of codings count characters of what this returns, so it is normalised once
here (line ends to ``\\n``, no NUL) and stored."""

import io
from pathlib import PurePath

from django.utils.translation import gettext as _

from coproduce.core.errors import DomainError

MAX_BYTES = 20 * 1024 * 1024
KINDS = (".txt", ".pdf", ".docx")


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _plain(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(
            _(
                "The text file is not UTF-8 (byte %(n)s). Save it as UTF-8 and upload "
                "it again."
            )
            % {"n": exc.start + 1}
        ) from exc


def _pdf(content: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(content))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise DomainError(_("The PDF file could not be read.")) from exc
    return "\n\n".join(p.strip("\n") for p in pages)


def _docx(content: bytes) -> str:
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DomainError(_("The DOCX file could not be read.")) from exc
    return "\n".join(p.text for p in document.paragraphs)


def text_extract(*, name: str, content: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix not in KINDS:
        raise DomainError(
            _("Upload a plain text (.txt), PDF (.pdf) or Word (.docx) file.")
        )
    if len(content) > MAX_BYTES:
        raise DomainError(_("The file is larger than 20 MB."))
    reader = {".txt": _plain, ".pdf": _pdf, ".docx": _docx}[suffix]
    text = _normalise(reader(content)).strip()
    if not text:
        raise DomainError(
            _("The file has no text to code (a scanned PDF holds only images).")
        )
    return text
