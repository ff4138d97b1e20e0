"""REFI-QDA exchange: the .qdpx and the .qdc validate against QDA-XML 1.0's XSDs, and
what is exported comes back the same when imported into an empty project.

The XSDs (MIT licence, REFI) are looked for in ``$REFI_QDA_SCHEMAS``, then in
``tests/fixtures/refi-qda/``; the tests that validate are skipped, saying so, where
neither holds them (docs/qualitative.md says where they come from)."""

import io
import os
import zipfile
from pathlib import Path

import pytest
import xmlschema

from coproduce.core.errors import DomainError
from coproduce.qualitative import refi, services
from coproduce.qualitative.models import Code, Coding, Document, Memo

from .helpers import actor_of, project_with_texts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "refi-qda"


def schema_found(name: str):
    for folder in filter(None, [os.environ.get("REFI_QDA_SCHEMAS"), FIXTURES]):
        path = Path(folder) / name
        if path.exists():
            return xmlschema.XMLSchema(str(path))
    return None


def _schema(name: str):
    schema = schema_found(name)
    if schema is None:
        pytest.skip(f"{name} not found in $REFI_QDA_SCHEMAS or {FIXTURES}")
    return schema


@pytest.fixture
def coded(tenant, coordinator, make_member):
    coord = actor_of(coordinator, tenant)
    other = actor_of(make_member(tenant, "professional", username="pia"), tenant)
    project, docs = project_with_texts(
        tenant,
        coord,
        ["Kirjasto kuunteli meitä. 🙂 The staff listened.", "Nobody called back."],
        title="Trust comments",
    )
    service = services.code_create(
        project=project, actor=coord, name="Service", colour="#336699"
    )
    trust = services.code_create(
        project=project,
        actor=coord,
        name="Trust",
        parent=service,
        definition="Belief that staff keep their word.",
        inclusion="Listening, keeping promises.",
        exclusion="Mere politeness.",
        example="They called me back.",
    )
    services.code_create(project=project, actor=coord, name="Neglect", parent=service)
    services.coding_create(document=docs[0], code=trust, actor=coord, start=0, end=23)
    services.coding_create(document=docs[0], code=trust, actor=other, start=27, end=46)
    services.memo_create(
        project=project,
        actor=coord,
        text="Emoji: positive?",
        document=docs[0],
        start=24,
        end=25,
    )
    services.memo_create(
        project=project, actor=coord, text="Boundary with politeness", code=trust
    )
    return project, coord


def test_the_codebook_validates_against_the_codebook_xsd(coded):
    project, _coord = coded
    xml = refi.codebook_qdc(project)
    _schema("Codebook-mrt2019.xsd").validate(xml)


def test_the_project_validates_against_the_project_xsd(coded):
    project, _coord = coded
    archive = zipfile.ZipFile(io.BytesIO(refi.project_qdpx(project)))
    names = archive.namelist()
    assert "project.qde" in names
    assert len([n for n in names if n.startswith("sources/")]) == 2
    _schema("Project-mrt2019.xsd").validate(archive.read("project.qde"))


def _snapshot(project):
    codes = {
        c.name: (
            c.parent.name if c.parent else None,
            c.definition,
            c.inclusion,
            c.exclusion,
            c.example,
            c.colour,
        )
        for c in Code.objects.filter(project=project).select_related("parent")
    }
    texts = sorted(
        Document.objects.filter(project=project).values_list("title", "text")
    )
    codings = sorted(
        (c.document.title, c.code.name, c.start, c.end, c.coder_id)
        for c in Coding.objects.filter(document__project=project).select_related(
            "document", "code"
        )
    )
    memos = sorted(
        (m.text, m.start, m.end, m.code.name if m.code else None)
        for m in Memo.objects.filter(project=project).select_related("code")
    )
    return codes, texts, codings, memos


def test_a_project_comes_back_the_same(coded, tenant):
    project, coord = coded
    empty = services.project_create(tenant=tenant, actor=coord, title="Copy")
    counts = refi.refi_import(
        project=empty, actor=coord, name="p.qdpx", content=refi.project_qdpx(project)
    )
    assert counts == {"codes": 3, "documents": 2, "codings": 2, "memos": 2}
    assert _snapshot(empty) == _snapshot(project)
    # a second import of the same file adds nothing
    again = refi.refi_import(
        project=empty, actor=coord, name="p.qdpx", content=refi.project_qdpx(project)
    )
    assert again == {"codes": 0, "documents": 0, "codings": 0, "memos": 0}


def test_a_codebook_comes_back_with_its_hierarchy_and_rules(coded, tenant):
    project, coord = coded
    empty = services.project_create(tenant=tenant, actor=coord, title="Codes only")
    counts = refi.refi_import(
        project=empty, actor=coord, name="c.qdc", content=refi.codebook_qdc(project)
    )
    assert counts["codes"] == 3
    assert _snapshot(empty)[0] == _snapshot(project)[0]


def test_codings_of_a_coder_from_elsewhere_keep_their_name(coded, tenant):
    project, coord = coded
    qdpx = refi.project_qdpx(project)
    foreign = services.project_create(tenant=tenant, actor=coord, title="From NVivo")
    archive = zipfile.ZipFile(io.BytesIO(qdpx))
    qde = archive.read("project.qde").decode()
    # the same file as another tool's: its users are not ours
    for user_id in {
        c.coder_id for c in Coding.objects.filter(document__project=project)
    }:
        qde = qde.replace(
            refi.user_guid(tenant.pk, user_id),
            f"0f0f0f0f-0000-4000-8000-{user_id:012d}",
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("project.qde", qde)
        for n in archive.namelist():
            if n != "project.qde":
                z.writestr(n.replace("sources/", "Sources/"), archive.read(n))
    refi.refi_import(
        project=foreign, actor=coord, name="n.qdpx", content=out.getvalue()
    )
    labels = sorted(
        Coding.objects.filter(document__project=foreign).values_list(
            "coder_label", flat=True
        )
    )
    assert labels == ["cora", "pia"]
    assert not Coding.objects.filter(
        document__project=foreign, coder__isnull=False
    ).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<CodeBook", "not well-formed XML"),
        (b"<?xml version='1.0'?><Other/>", "neither a REFI-QDA project nor a codebook"),
        (b"PK\x03\x04 broken", "not a ZIP archive"),
        (
            b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Sources>'
            b'<TextSource guid="11111111-1111-4111-8111-111111111111" name="T">'
            b"<PlainTextContent>short</PlainTextContent>"
            b'<PlainTextSelection guid="22222222-2222-4222-8222-222222222222" '
            b'startPosition="2" endPosition="40"/></TextSource></Sources></Project>',
            "is not within its text of 5 characters",
        ),
        (
            b'<!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
            b"<Codes/></CodeBook>",
            "not well-formed XML",
        ),
    ],
)
def test_a_bad_file_is_refused_and_nothing_written(coded, tenant, content, message):
    _project, coord = coded
    target = services.project_create(tenant=tenant, actor=coord, title="Target")
    with pytest.raises(DomainError, match=message):
        refi.refi_import(project=target, actor=coord, name="f.qde", content=content)
    assert not Document.objects.filter(project=target).exists()
    assert not Code.objects.filter(project=target).exists()


def test_meaning_survives_the_single_description():
    code = Code(definition="D.", inclusion="I.", exclusion="", example="E.\n\nmore")
    assert refi.meaning_from(refi.description_of(code)) == {
        "definition": "D.",
        "inclusion": "I.",
        "example": "E.\n\nmore",
    }
    assert refi.meaning_from("Just words") == {"definition": "Just words"}
