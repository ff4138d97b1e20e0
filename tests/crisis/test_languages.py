"""A need in several languages (issue 14): its title and description in the tenant's
languages (coproduce.core.i18n's JSON field), the call-out written with the version
of each volunteer's language, and the pages showing the reader's version or the
original with the visible fallback; through the API too."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from coproduce.core.errors import DomainError
from coproduce.crisis import services, sms
from coproduce.crisis.models import Need
from coproduce.crisis.tasks import callout_texts
from tests.conftest import Client

pytestmark = pytest.mark.django_db


def _post(crisis, **extra):
    start = timezone.now() + dt.timedelta(days=1, hours=3)
    return services.need_post(
        centre=crisis.centre,
        actor=crisis.actors["professional"],
        title="Ruokakassi karanteeniin",
        description="Kaupasta kotiovelle.",
        content_language="fi",
        area="00530",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        people_needed=1,
        **extra,
    )


def test_versions_are_kept_and_read_in_each_language(crisis):
    need = _post(
        crisis,
        translations={
            "title": {"sv": "Matkasse till karantän", "en": "Groceries to quarantine"},
            "description": {"sv": "Från butiken till dörren."},
        },
    )
    need = Need.objects.get(pk=need.pk)
    assert need.i18n["sv"]["title"] == "Matkasse till karantän"
    # the opportunity volunteers see has them too
    assert need.shift.opportunity.i18n["sv"]["title"] == "Matkasse till karantän"
    callout = services.callout_send(need=need, actor=crisis.actors["coordinator"], n=1)[
        0
    ]
    with translation.override("sv"):
        subject, body, text = callout_texts(callout, "https://x/callout/t/")
    assert "Matkasse till karantän" in subject
    assert "Matkasse" in text
    assert "(" not in body.split("\n")[0]  # no fallback note: a Swedish version
    with translation.override("en"):
        subject, body, _text = callout_texts(callout, "https://x/callout/t/")
    assert "Groceries to quarantine" in subject


def test_fallback_is_said_in_the_email(crisis):
    need = _post(crisis)
    callout = services.callout_send(need=need, actor=crisis.actors["coordinator"], n=1)[
        0
    ]
    with translation.override("sv"):
        subject, body, _text = callout_texts(callout, "https://x/callout/t/")
    assert "Ruokakassi karanteeniin" in subject
    assert body.startswith("(")  # "Shown in Finnish: no Swedish text yet"


def test_pages_show_the_readers_version_or_the_marked_original(crisis, client_for):
    need = _post(crisis, translations={"title": {"en": "Groceries to quarantine"}})
    client = client_for(crisis.users["coordinator"])
    url = reverse("crisis-need", kwargs={"tenant": crisis.tenant.slug, "pk": need.pk})
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Groceries to quarantine" in en
    # the description has no English version: the Finnish one, marked
    assert 'lang="fi"' in en
    assert "Kaupasta kotiovelle." in en
    assert "fallback-note" in en
    # the call-out page, without login
    callout = services.callout_send(need=need, actor=crisis.actors["coordinator"], n=1)[
        0
    ]
    token = services.callout_link_token(callout)
    page = Client().get(
        reverse("crisis-respond", kwargs={"token": token}), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Groceries to quarantine" in page.content.decode()


def test_a_language_the_tenant_does_not_write_in_is_refused(crisis):
    with pytest.raises(DomainError) as exc:
        _post(crisis, translations={"title": {"xx": "?"}})
    assert exc.value.field == "title_translations"


def test_api_takes_and_gives_the_versions(crisis, api_headers):
    client = Client(headers=api_headers(crisis.users["coordinator"], crisis.tenant))
    start = timezone.now() + dt.timedelta(days=1, hours=3)
    body = {
        "initiative": crisis.initiative.pk,
        "title": "Ruokakassi",
        "content_language": "fi",
        "title_translations": {"sv": "Matkasse"},
        "area": "00530",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        "people_needed": 1,
    }
    response = client.post(
        "/api/v1/needs", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["content_language"] == "fi"
    assert out["title_translations"] == {"fi": "Ruokakassi", "sv": "Matkasse"}
    sms.outbox.clear()
    mail.outbox.clear()
