"""Printed invitation letters: for panel members who have no email address, the same
personal link an email would carry, as text and as a QR code to scan with a phone.

The QR code is drawn by ``segno`` as inline SVG (no image file, nothing fetched), error
correction level M, with the link itself printed beside it: the code is a shortcut, the
text is the link. The letters are built from invitations ``services.wave_letters_issue``
returned, in the member's language (the one they last answered in, else the panel's), as
the emails are.
"""

from dataclasses import dataclass

import segno
from django.utils.safestring import SafeString, mark_safe

from .models import Invitation, Panel
from .tasks import invitation_link


@dataclass(frozen=True)
class Letter:
    pseudonym: str
    language: str
    link: str
    qr: SafeString


def qr_svg(link: str) -> SafeString:
    """The link as a QR code: an inline SVG hidden from assistive technology (the letter
    prints the link as text next to it, and the figure around it names it)."""
    svg = segno.make(link, error="m").svg_inline(
        scale=4, border=4, omitsize=True, svgclass="qr-code"
    )
    svg = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    # segno writes only the path of the modules and the attributes given above; the link
    # is in the code, never in the markup
    return mark_safe(svg)  # noqa: S308


def letters_build(panel: Panel, invitations: list[Invitation]) -> list[Letter]:
    """One letter per invitation (with its member), in the order given."""
    letters = []
    for invitation in invitations:
        link = invitation_link(invitation)
        letters.append(
            Letter(
                pseudonym=invitation.member.pseudonym,
                language=invitation.member.language or panel.language,
                link=link,
                qr=qr_svg(link),
            )
        )
    return letters
