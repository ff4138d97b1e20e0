"""Learning entries and case notes as texts to code. Case notes are pseudonymised and
come only from the cases the collector may read the parties of; their copies are seen
only by those who may read the case's parties (a 404 for anyone else, on the page and in
the API), each read logged in the case's access log as every read of party data is, and
they go when the case's party data is erased. A learning entry's copy is read by those
who may read the entry."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.cases import tasks as case_tasks
from coproduce.cases.models import Case, PartyAccess
from coproduce.collaboration.models import LearningEntry, Visibility
from coproduce.qualitative import services
from coproduce.qualitative.models import Coding, Document
from tests.cases import conftest as cases_conftest
from tests.cases.conftest import walk_to_agreement

# the cases app's conciliation office, its case and its people, as its tests have them
world = cases_conftest.world

API = "/api/v1"


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


def _notes_with_names(world):
    walk_to_agreement(world)
    # a note that names the parties, as notes do
    case = Case.objects.get(pk=world.case.pk)
    s = case.steps.get(code="preparation")
    s.note = "Vera Victim said SAMI called her twice; write to vera@example.org."
    s.save(update_fields=["note"])


@pytest.fixture
def collected(world):
    """A project of the whole tenant with the case's notes, collected by the
    coordinator, and a code applied to one of them."""
    _notes_with_names(world)
    coord = world.actor(world.users.coordinator)
    project = services.project_create(
        tenant=world.tenant, actor=coord, title="Conciliation notes"
    )
    assert services.case_notes_collect(project=project, actor=coord) == 3
    code = services.code_create(project=project, actor=coord, name="Repair")
    note = project.documents.get(title__contains="Preparation")
    services.coding_create(document=note, code=code, actor=coord, start=0, end=7)
    return project, note


def test_case_notes_are_pseudonymised_and_each_case_read_is_logged(world, collected):
    project, note = collected
    assert note.kind == Document.Kind.CASE_NOTE
    assert note.text == "Party A said Party B called her twice; write to Party A."
    assert note.pseudonym.startswith(world.case.reference)
    assert note.attributes["case type"] == world.case_type.name
    texts = " ".join(project.documents.values_list("text", flat=True))
    for secret in ("Vera", "Victim", "Sami", "vera@example.org"):
        assert secret.lower() not in texts.lower()
    assert "Compensation 200 EUR" in texts
    read = PartyAccess.objects.get(case=world.case, channel="qualitative:collect")
    assert read.user == world.users.coordinator
    assert "Conciliation notes" in read.purpose
    # each note once
    coord = world.actor(world.users.coordinator)
    assert services.case_notes_collect(project=project, actor=coord) == 0


def test_a_coder_without_the_case_gets_no_notes_and_sees_none(
    world, collected, client_for, api_headers
):
    project, note = collected
    stranger = world.users.stranger  # a professional of another office
    # collecting is theirs to do only with initiatives.change; and even through the
    # service, the cases they may not read give nothing, and nothing is logged
    before = PartyAccess.objects.count()
    other = services.project_create(
        tenant=world.tenant, actor=world.actor(stranger), title="Mine"
    )
    assert services.case_notes_collect(project=other, actor=world.actor(stranger)) == 0
    assert PartyAccess.objects.count() == before
    client = client_for(stranger)
    response = client.post(
        url(world.tenant, "coding-collect", pk=project.pk), {"what": "case_notes"}
    )
    assert response.status_code == 403
    # the project is theirs to read, its case notes are not: not listed, not counted,
    # a 404 on the coding page, absent from the API's texts and codings
    html = client.get(url(world.tenant, "coding-project-detail", pk=project.pk))
    assert html.status_code == 200
    assert "Preparation" not in html.content.decode()
    assert "Collect case notes" not in html.content.decode()
    page = url(world.tenant, "coding-document", pk=project.pk, doc=note.pk)
    assert client.get(page).status_code == 404
    assert client.post(page, {"code": 1, "start": 0, "end": 3}).status_code == 404
    freq = client.get(url(world.tenant, "coding-frequencies", pk=project.pk))
    assert "Case note" not in freq.content.decode()
    themes = client.get(url(world.tenant, "coding-themes", pk=project.pk))
    assert "Compensation" not in themes.content.decode()
    h = api_headers(stranger, world.tenant)
    docs = client.get(f"{API}/coding-projects/{project.pk}/documents", headers=h)
    assert docs.json()["count"] == 0
    codings = client.get(f"{API}/coding-projects/{project.pk}/codings", headers=h)
    assert codings.json()["count"] == 0
    code = project.codes.get()
    response = client.post(
        f"{API}/coding-projects/{project.pk}/codings",
        {"document": note.pk, "code": code.pk, "start": 0, "end": 3},
        content_type="application/json",
        headers=h,
    )
    assert response.status_code == 422
    assert Coding.objects.filter(document=note).count() == 1
    # they read nothing: nothing logged in their name
    assert not PartyAccess.objects.filter(user=stranger).exists()


def test_the_cases_own_staff_read_the_notes_and_each_read_is_logged(
    world, collected, client_for, api_headers
):
    project, note = collected
    supervisor = world.users.supervisor  # professional of the case's office
    client = client_for(supervisor)
    page = url(world.tenant, "coding-document", pk=project.pk, doc=note.pk)
    response = client.get(page)
    assert response.status_code == 200
    assert "Party A said Party B" in response.content.decode()
    read = PartyAccess.objects.get(user=supervisor, channel="page:coding")
    assert read.case_id == world.case.pk
    h = api_headers(supervisor, world.tenant)
    docs = client.get(f"{API}/coding-projects/{project.pk}/documents", headers=h)
    assert docs.json()["count"] == 3
    assert PartyAccess.objects.filter(
        user=supervisor, channel="api:coding-documents"
    ).exists()


def test_an_auditor_designated_to_read_trails_reads_no_notes(world, collected):
    from coproduce.qualitative.access import document_visible

    project, _note = collected
    # an auditor with a professional's coding rights would still see no note
    auditor = world.actor(world.users.auditor)
    assert not document_visible(auditor, project).filter(kind="case_note").exists()


def test_erasing_the_case_party_data_takes_the_copies_and_their_codings(
    world, collected
):
    project, note = collected
    coord = world.actor(world.users.coordinator)
    case = Case.objects.get(pk=world.case.pk)
    from coproduce.cases import services as case_services

    case_services.case_close(
        case=case, actor=coord, reason="Done", expected_version=case.version
    )
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=world.case_type.retention_days + 1)
    )
    case_tasks.case_retention_purge.enqueue(case_id=case.pk)
    assert not project.documents.filter(kind=Document.Kind.CASE_NOTE).exists()
    assert not Coding.objects.filter(document_id=note.pk).exists()
    assert project.codes.count() == 1  # the codebook stays


def test_learning_entries_are_collected_and_read_by_those_who_may_read_them(
    world, client_for
):
    coord = world.actor(world.users.coordinator)
    entries = [
        LearningEntry.objects.create(
            tenant=world.tenant,
            kind="co_exploration",
            title=title,
            learnt=learnt,
            evidence=evidence,
            learnt_on=dt.date(2026, 5, 1),
            visibility=visibility,
            owner_organisation=world.office,
        )
        for title, learnt, evidence, visibility in (
            ("Evening hours", "Residents came in the evening.", "Counts", "tenant"),
            ("Our own", "Only the office knows.", "", Visibility.OWN),
        )
    ]
    project = services.project_create(tenant=world.tenant, actor=coord, title="Lessons")
    assert services.learning_collect(project=project, actor=coord) == 2
    assert services.learning_collect(project=project, actor=coord) == 0
    doc = project.documents.get(learning_entry=entries[0])
    assert doc.kind == Document.Kind.LEARNING
    assert doc.text == "Residents came in the evening.\n\nEvidence: Counts"
    assert doc.attributes["learning kind"] == "Co-exploration"
    own = project.documents.get(learning_entry=entries[1])
    # the office's own entry: its staff read the copy, another office's do not
    page = url(world.tenant, "coding-document", pk=project.pk, doc=own.pk)
    assert client_for(world.users.supervisor).get(page).status_code == 200
    assert client_for(world.users.stranger).get(page).status_code == 404
    public = url(world.tenant, "coding-document", pk=project.pk, doc=doc.pk)
    assert client_for(world.users.stranger).get(public).status_code == 200
    # through the page
    response = client_for(world.users.coordinator).post(
        url(world.tenant, "coding-collect", pk=project.pk), {"what": "learning"}
    )
    assert response.status_code == 302


def test_an_initiatives_project_collects_only_its_cases_notes(world):
    from .. import factories as f

    _notes_with_names(world)
    coord = world.actor(world.users.coordinator)
    initiative = f.InitiativeFactory(tenant=world.tenant)
    project = services.project_create(
        tenant=world.tenant, actor=coord, title="One service", initiative=initiative
    )
    assert services.case_notes_collect(project=project, actor=coord) == 0
    Case.objects.filter(pk=world.case.pk).update(initiative=initiative)
    assert services.case_notes_collect(project=project, actor=coord) == 3


def test_a_reliability_sample_draws_only_texts_every_coder_may_read(world, collected):
    from coproduce.core.errors import DomainError

    project, _note = collected
    coord = world.actor(world.users.coordinator)
    upload = Document.objects.create(
        tenant=world.tenant, project=project, kind="upload", title="Open", text="x y"
    )
    coders = [world.users.coordinator, world.users.stranger]
    with pytest.raises(DomainError, match="may be read by every coder chosen"):
        services.reliability_sample_assign(
            project=project, actor=coord, coders=coders, size=2
        )
    drawn = services.reliability_sample_assign(
        project=project, actor=coord, coders=coders, size=1
    )
    assert drawn == [upload]


def test_the_exports_log_the_case_notes_they_carry(world, collected, client_for):
    project, _note = collected
    client = client_for(world.users.coordinator)
    response = client.get(url(world.tenant, "coding-qdpx", pk=project.pk))
    assert response.status_code == 200
    response = client.get(url(world.tenant, "codings-data", pk=project.pk, fmt="csv"))
    assert response.status_code == 200
    assert "Party A" in b"".join(response).decode("utf-8-sig")
    channels = set(
        PartyAccess.objects.filter(
            case=world.case, user=world.users.coordinator
        ).values_list("channel", flat=True)
    )
    assert {"export:qdpx", "export:codings"} <= channels
