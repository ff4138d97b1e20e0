"""Who sees what through the pages and exports (role x action), the party-data access log,
refusals shown in the page, and bounded queries on the list."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.cases import services
from coproduce.cases.models import Case, PartyAccess, StepRecord

from .conftest import PARTIES

pytestmark = pytest.mark.django_db

Y, N, F = 200, 404, 403  # sees it, no such case for them, their role may not


def _paths(world):
    base = f"/t/{world.tenant.slug}/cases"
    pk = world.case.pk
    return {
        "detail": f"{base}/{pk}/",
        "parties": f"{base}/{pk}/parties/",
        "trail": f"{base}/{pk}/trail/",
        "accountability": f"{base}/{pk}/accountability/",
        "export-json": f"{base}/{pk}/trail.json",
        "export-csv": f"{base}/{pk}/trail.csv",
        "subject-access": f"{base}/{pk}/parties/"
        + f"{world.case.parties.get(label='A').pk}/export/",
        "ledger": f"{base}/ledger/",
    }


MATRIX = {
    #              detail parties trail account. json csv  subject ledger
    "coordinator": (Y, Y, Y, Y, Y, Y, Y, Y),
    "supervisor": (Y, Y, Y, Y, F, F, F, F),
    "colleague": (Y, Y, Y, Y, F, F, F, F),  # same organisation, not assigned
    "stranger": (N, N, N, N, F, F, F, F),  # professional of another organisation
    "vol1": (Y, Y, Y, Y, F, F, F, F),  # assigned mediator
    "vol3": (N, N, N, N, F, F, F, F),  # volunteer not assigned
    "auditor": (Y, N, Y, Y, Y, Y, F, Y),  # trails, never party details
    "viewer": (N, N, N, N, F, F, F, F),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix_of_pages_and_exports(world, client_for, who):
    client = client_for(getattr(world.users, who))
    for (name, path), expected in zip(_paths(world).items(), MATRIX[who], strict=True):
        assert client.get(path).status_code == expected, (who, name)


def test_another_tenant_gets_404_everywhere(
    world, other_tenant, make_member, client_for
):
    outsider = client_for(make_member(other_tenant, "coordinator"))
    for name, path in _paths(world).items():
        assert outsider.get(path).status_code == 404, name
        assert outsider.post(path, {}).status_code == 404, name
    assert outsider.get(f"/t/{world.tenant.slug}/cases/").status_code == 404


def test_list_shows_only_own_cases(world, client_for):
    ref = world.case.reference
    for who, sees in [
        ("vol1", True),
        ("vol3", False),
        ("stranger", False),
        ("colleague", True),
        ("coordinator", True),
        ("auditor", True),
    ]:
        html = (
            client_for(getattr(world.users, who))
            .get(f"/t/{world.tenant.slug}/cases/")
            .content.decode()
        )
        assert (ref in html) is sees, who
    viewer = client_for(world.users.viewer)
    assert viewer.get(f"/t/{world.tenant.slug}/cases/").status_code == 403


def test_party_names_only_on_the_party_page_and_every_read_logged(world, client_for):
    client = client_for(world.users.vol1)
    paths = _paths(world)
    for name in ("detail", "trail", "accountability"):
        html = client.get(paths[name]).content.decode()
        assert "Vera" not in html, name
        assert "Sami" not in html, name
        assert "Party A" in html or name != "detail"
    html = (
        client_for(world.users.coordinator)
        .get(f"/t/{world.tenant.slug}/cases/")
        .content.decode()
    )
    assert "Vera" not in html
    assert not PartyAccess.objects.exists()
    html = client.get(paths["parties"] + "?purpose=calling+party+A").content.decode()
    assert PARTIES[0]["given_name"] in html
    log = PartyAccess.objects.get()
    assert (log.user, log.case, log.channel) == (
        world.users.vol1,
        world.case,
        "page:party-details",
    )
    assert log.purpose == "calling party A"
    # an auditor is refused, and the refusal reads nothing
    client_for(world.users.auditor).get(paths["parties"])
    assert PartyAccess.objects.count() == 1


def test_steps_through_the_page_with_refusals_and_a_stale_version(world, client_for):
    client = client_for(world.users.vol1)
    url = f"/t/{world.tenant.slug}/cases/{world.case.pk}/steps/"
    version = Case.objects.get(pk=world.case.pk).version
    ok = client.post(url, {"code": "consent", "party": "A", "version": version})
    assert ok.status_code == 302
    refused = client.post(
        url, {"code": "agreement", "outcome": "agreement", "version": version + 1}
    )
    assert refused.status_code == 422
    assert "still missing: B" in refused.content.decode()
    stale = client.post(url, {"code": "consent", "party": "B", "version": version})
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "changed by someone else" in body
    assert f"<dd>{version + 1}</dd>" in body
    assert StepRecord.objects.filter(code="consent").count() == 1


def test_trail_exports_carry_the_hashes(world, client_for):
    client = client_for(world.users.auditor)
    paths = _paths(world)
    data = client.get(paths["export-json"]).json()
    assert data["entries"][0]["kind"] == "case.registered"
    assert {"content_hash", "prev_hash", "entry_hash"} <= set(data["entries"][0])
    csv_text = client.get(paths["export-csv"]).content.decode()
    assert csv_text.startswith("seq,case,kind,content,content_hash")
    assert "Vera" not in csv_text
    assert "Vera" not in str(data)


def test_ledger_page_verifies(world, client_for):
    client = client_for(world.users.auditor)
    response = client.post(_paths(world)["ledger"])
    assert response.status_code == 200
    assert "The ledger is intact" in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_ledgerentry WHERE seq = 3")
    response = client.post(_paths(world)["ledger"])
    assert response.status_code == 409
    assert "Entry 3 is missing" in response.content.decode()


def test_case_list_queries_do_not_grow_with_cases(world, client_for):
    client = client_for(world.users.coordinator)
    url = f"/t/{world.tenant.slug}/cases/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    client.get(url)  # the member's actor is kept from the first request on
    few = count()
    coord = world.actor(world.users.coordinator)
    for _ in range(6):
        services.case_register(
            tenant=world.tenant,
            actor=coord,
            case_type=world.case_type,
            organisation=world.office,
            referrer="prosecutor",
            referred_on=dt.date(2026, 1, 5),
            parties=PARTIES,
        )
    assert count() == few
    acc = f"/t/{world.tenant.slug}/cases/accountability/"
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(acc).status_code == 200
    assert len(ctx.captured_queries) <= few + 5


def test_register_a_case_through_the_page(world, client_for):
    client = client_for(world.users.coordinator)
    data = {
        "case_type": world.case_type.pk,
        "organisation": world.office.pk,
        "referrer": "parties",
        "referred_on": "2026-02-01",
        "party_a_role": "victim",
        "party_a_given_name": "Ann",
        "party_a_family_name": "X",
        "party_b_role": "suspect",
        "party_b_given_name": "Bo",
        "party_b_family_name": "Y",
    }
    response = client.post(f"/t/{world.tenant.slug}/cases/new/", data)
    assert response.status_code == 302
    case = Case.objects.order_by("-id").first()
    assert case.referrer == "parties"
    assert case.parties.count() == 2
    volunteer = client_for(world.users.vol1)
    assert volunteer.post(f"/t/{world.tenant.slug}/cases/new/", data).status_code == 403
