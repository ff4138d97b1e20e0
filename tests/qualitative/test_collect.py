"""Texts come into a project from the records (free-text answers by pseudonym, activity
notes), each once, or uploaded as plain text, PDF or DOCX."""

import io

import docx
import pytest

from coproduce.core.errors import DomainError
from coproduce.evaluation import services as evaluation_services
from coproduce.qualitative import services
from coproduce.qualitative.models import Document

from .. import factories as f
from .helpers import actor_of


def _answered_panel(tenant, coord, initiative):
    instrument = evaluation_services.instrument_create_from_library(
        tenant=tenant,
        actor=coord,
        name="Comments",
        keys=[],
        free_text=["What has changed for you?"],
    )
    activity = f.ActivityFactory(initiative=initiative)
    people = [
        f.PersonFactory(tenant=tenant, given_name=f"Resident {k}") for k in range(3)
    ]
    for person in people:
        f.ParticipationFactory(activity=activity, person=person, role="resident")
    panel = evaluation_services.panel_create(
        tenant=tenant,
        actor=coord,
        initiative=initiative,
        instrument=instrument,
        name="P",
    )
    evaluation_services.panel_members_from_participants(panel=panel, actor=coord)
    wave = evaluation_services.wave_create(panel=panel, actor=coord)
    evaluation_services.wave_open(wave=wave, actor=coord, send=False)
    members = list(panel.members.order_by("pseudonym"))
    for k, member in enumerate(members):
        text = "" if k == 2 else f"I trust the library more now ({k})."
        evaluation_services.response_save(
            invitation=wave.invitations.get(member=member), answers={"comment1": text}
        )
    return members, people


def test_free_text_answers_come_by_pseudonym_and_once(tenant, coordinator):
    coord = actor_of(coordinator, tenant)
    initiative = f.InitiativeFactory(tenant=tenant)
    members, people = _answered_panel(tenant, coord, initiative)
    other = f.InitiativeFactory(tenant=tenant)
    f.ActivityFactory(initiative=other, description="Not this initiative's.")
    project = services.project_create(
        tenant=tenant, actor=coord, title="Trust", initiative=initiative
    )
    assert services.answers_collect(project=project, actor=coord) == 2
    assert services.answers_collect(project=project, actor=coord) == 0
    docs = list(project.documents.order_by("pseudonym"))
    assert [d.pseudonym for d in docs] == [m.pseudonym for m in members[:2]]
    assert docs[0].attributes["wave"] == 1
    assert docs[0].attributes["item"] == "comment1"
    # nobody's name goes with the text
    names = {p.given_name for p in people}
    assert not any(n in d.title or n in d.text for d in docs for n in names)


def test_activity_notes_of_the_initiative(tenant, coordinator):
    coord = actor_of(coordinator, tenant)
    initiative = f.InitiativeFactory(tenant=tenant)
    f.ActivityFactory(initiative=initiative, description="We met at the library.")
    f.ActivityFactory(initiative=initiative, description="")
    f.ActivityFactory(
        initiative=f.InitiativeFactory(tenant=tenant), description="Else."
    )
    project = services.project_create(
        tenant=tenant, actor=coord, title="Notes", initiative=initiative
    )
    assert services.activity_notes_collect(project=project, actor=coord) == 1
    doc = project.documents.get()
    assert (doc.kind, doc.text) == (
        Document.Kind.ACTIVITY_NOTE,
        "We met at the library.",
    )


def _pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in Helvetica, written by hand (offsets computed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for o in offsets:
        out.write(b"%010d 00000 n \n" % o)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _docx(paragraphs) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        (
            "notes.txt",
            "Ensimmäinen rivi\r\nToinen".encode(),
            "Ensimmäinen rivi\nToinen",
        ),
        ("interview.pdf", _pdf("The bus never came."), "The bus never came."),
        (
            "minutes.docx",
            _docx(["First point.", "Second point."]),
            "First point.\nSecond point.",
        ),
    ],
)
def test_uploaded_text_is_extracted(tenant, coordinator, name, content, text):
    coord = actor_of(coordinator, tenant)
    project = services.project_create(tenant=tenant, actor=coord, title="Uploads")
    doc = services.document_upload(
        project=project, actor=coord, name=name, content=content
    )
    assert doc.text == text
    assert doc.kind == Document.Kind.UPLOAD


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.rtf", b"{\\rtf1}", "plain text \\(.txt\\), PDF"),
        ("latin1.txt", "Hyvä".encode("latin-1"), "not UTF-8 \\(byte 4\\)"),
        ("broken.pdf", b"%PDF-1.4 nothing", "PDF file could not be read"),
        ("broken.docx", b"PK nothing", "DOCX file could not be read"),
        ("empty.txt", b"  \n", "no text to code"),
    ],
)
def test_an_unreadable_upload_is_refused_and_nothing_written(
    tenant, coordinator, name, content, message
):
    coord = actor_of(coordinator, tenant)
    project = services.project_create(tenant=tenant, actor=coord, title="Uploads")
    with pytest.raises(DomainError, match=message):
        services.document_upload(
            project=project, actor=coord, name=name, content=content
        )
    assert not project.documents.exists()


def test_an_erased_answer_takes_its_copy_and_codings_with_it(tenant, coordinator):
    coord = actor_of(coordinator, tenant)
    initiative = f.InitiativeFactory(tenant=tenant)
    members, _people = _answered_panel(tenant, coord, initiative)
    project = services.project_create(
        tenant=tenant, actor=coord, title="Trust", initiative=initiative
    )
    services.answers_collect(project=project, actor=coord)
    code = services.code_create(project=project, actor=coord, name="Trust")
    doc = project.documents.get(pseudonym=members[0].pseudonym)
    services.coding_create(document=doc, code=code, actor=coord, start=0, end=7)
    evaluation_services.panel_member_withdraw(
        member=members[0], actor=coord, erase_answers=True
    )
    assert list(project.documents.values_list("pseudonym", flat=True)) == [
        members[1].pseudonym
    ]
    assert not code.codings.exists()
    # and collecting again does not bring it back
    assert services.answers_collect(project=project, actor=coord) == 0


def test_what_assessors_wrote_about_sustainability(tenant, coordinator):
    import datetime as dt

    from coproduce.sustainability import services as sustainability_services
    from coproduce.sustainability.models import Dimension

    coord = actor_of(coordinator, tenant)
    initiative = f.InitiativeFactory(
        tenant=tenant,
        is_temporary=True,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )
    scores = {
        d: {"score": 3, "rationale": "", "weakness": ""} for d in Dimension.values
    }
    scores[Dimension.COLLABORATIONS] = {
        "score": 2,
        "rationale": "The library left.",
        "weakness": "No budget after June.",
    }
    sustainability_services.assessment_create(
        initiative=initiative,
        actor=coord,
        assessed_on=dt.date(2026, 1, 10),
        scores=scores,
        summary="Half of it lasted.",
    )
    project = services.project_create(
        tenant=tenant, actor=coord, title="Lasting", initiative=initiative
    )
    assert services.sustainability_collect(project=project, actor=coord) == 1
    assert services.sustainability_collect(project=project, actor=coord) == 0
    doc = project.documents.get()
    assert doc.text == (
        "Half of it lasted.\n\n"
        "Lasting collaborations, why this score: The library left.\n\n"
        "Lasting collaborations, what weakens it: No budget after June."
    )


def test_answers_carry_the_respondents_role_and_organisation_for_frequencies(
    tenant, coordinator, coordinator_client
):
    from coproduce.qualitative import selectors

    coord = actor_of(coordinator, tenant)
    initiative = f.InitiativeFactory(tenant=tenant)
    members, people = _answered_panel(tenant, coord, initiative)
    # the first respondent mostly volunteers in this initiative, and works for a club
    volunteering = f.ActivityFactory(initiative=initiative)
    for _ in range(2):
        f.ParticipationFactory(
            activity=f.ActivityFactory(initiative=initiative),
            person=people[0],
            role="volunteer",
        )
    f.ParticipationFactory(activity=volunteering, person=people[1], role="resident")
    f.MembershipFactory(
        tenant=tenant,
        person=people[0],
        organisation=f.OrganisationFactory(tenant=tenant, name="Rowing club"),
    )
    project = services.project_create(
        tenant=tenant, actor=coord, title="Trust", initiative=initiative
    )
    services.answers_collect(project=project, actor=coord)
    by_person = {
        m.person_id: d
        for m in members
        for d in project.documents.filter(pseudonym=m.pseudonym)
    }
    assert by_person[people[0].pk].attributes["role"] == "volunteer"
    assert by_person[people[0].pk].attributes["organisation"] == "Rowing club"
    assert by_person[people[1].pk].attributes["role"] == "resident"
    assert "organisation" not in by_person[people[1].pk].attributes

    code = services.code_create(project=project, actor=coord, name="Trust grows")
    for document in by_person.values():
        services.coding_create(
            document=document, code=code, actor=coord, start=0, end=5
        )
    frequencies = selectors.code_frequencies(project, group="role")
    assert frequencies.values == ["Resident", "Volunteer"]
    assert frequencies.rows[0][1:] == ([1, 1], 2)
    assert ("role", "respondent's role") in selectors.group_choices(project)
    page = coordinator_client.get(
        f"/t/{tenant.slug}/qualitative/{project.pk}/frequencies/?group=role"
    )
    assert page.status_code == 200
    assert "Volunteer" in page.content.decode()
