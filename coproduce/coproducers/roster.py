"""The roster's rows as HTML, built in Python.

A shift has up to 500 places. As template nodes (a partial per row, four ``{% url %}``,
two ``{% csrf_token %}``, three translations and the person's name three times) a
200-person roster took about 90 ms to render; here the strings that are the same on
every row are made and escaped once and each row is one f-string (bench/coproducers.py).
The page and the htmx answer to a check-in both use ``row_html``.
"""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Shift, SignUp

BADGE: dict[str, str] = {
    SignUp.Attendance.PRESENT: " yes",
    SignUp.Attendance.NO_SHOW: " no",
}


class RowParts:
    """What every row of one shift's roster shares, escaped once: the forms' opening
    (action, CSRF field), the translated labels."""

    def __init__(self, request, shift: Shift):
        action = escape(
            reverse(
                "shift-roster", kwargs={"tenant": request.tenant.slug, "pk": shift.pk}
            )
        )
        self.form_open = (
            f'<form method="post" action="{action}" hx-post="{action}" '
            'hx-target="#signup-{pk}" hx-swap="outerHTML" class="inline-form">'
            '<input type="hidden" name="csrfmiddlewaretoken" '
            f'value="{escape(get_token(request))}">'
            '<input type="hidden" name="signup" value="{pk}">'
        )
        self.buttons = {
            True: ('<input type="hidden" name="present" value="1"><button type="submit">'
                   f"{escape(_('Check in'))}"),
            False: ('<input type="hidden" name="present" value="0">'
                    f'<button type="submit" class="secondary">{escape(_("Did not come"))}'),
        }  # fmt: skip
        self.with_code = f' <span class="muted">({escape(_("with the code"))})</span>'
        self.status = {k: escape(str(v)) for k, v in SignUp.Status.choices}
        self.attendance = {k: escape(str(v)) for k, v in SignUp.Attendance.choices}


def _form(parts: RowParts, signup: SignUp, *, present: bool, name: str) -> str:
    return (
        parts.form_open.replace("{pk}", str(int(signup.pk)))
        + parts.buttons[present]
        + f'<span class="visually-hidden"> {name}</span></button></form>'
    )


def row_html(parts: RowParts, signup: SignUp, *, error: str = "") -> SafeString:
    """One ``<tr>``; every value from the database or the user is escaped here."""
    name = escape(str(signup.person))
    actions = []
    if signup.status == SignUp.Status.CONFIRMED:
        if signup.attendance != SignUp.Attendance.PRESENT:
            actions.append(_form(parts, signup, present=True, name=name))
        if signup.attendance != SignUp.Attendance.NO_SHOW:
            actions.append(_form(parts, signup, present=False, name=name))
    alert = (
        f'<div role="alert" class="errorlist">{escape(error)}</div>' if error else ""
    )
    return mark_safe(  # noqa: S308 (every value above is escaped)
        f'<tr id="signup-{int(signup.pk)}"><th scope="row">{name}</th>'
        f"<td>{parts.status.get(signup.status, '')}</td>"
        f'<td><span class="badge{BADGE.get(signup.attendance, "")}">'
        f"{parts.attendance.get(signup.attendance, '')}</span>"
        f"{parts.with_code if signup.self_checked_in else ''}{alert}</td>"
        f"<td>{chr(10).join(actions)}</td></tr>"
    )


def rows_html(request, shift: Shift, signups) -> SafeString:
    parts = RowParts(request, shift)
    return mark_safe("\n".join(row_html(parts, s) for s in signups))  # noqa: S308
