"""The import streams the file a chunk at a time and stays all or nothing: checks that
span the whole file work across chunks, a failure while writing a later chunk leaves
nothing behind, the problems printed are capped, and a NUL character is named by line."""

import pytest
from django.core.management import CommandError

from coproduce.core.models import Event
from coproduce.exchange import importers
from coproduce.people.models import Organisation, Person

from .. import factories as f
from .test_import import csv_file, refused, run_import


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(importers, "CHUNK", 3)


def test_duplicates_and_later_parents_are_found_across_chunks(
    tenant, tmp_path, small_chunks
):
    people = csv_file(
        tmp_path,
        "given_name,family_name,email\n"
        + "".join(f"P,{n},p{n}@example.org\n" for n in range(7))
        + "Again,X,P2@example.org\n",
        "p.csv",
    )
    orgs = csv_file(
        tmp_path,
        "name,kind,parent\n"
        "A,ngo,\nB,ngo,A\nC,ngo,\nD,ngo,G\nE,ngo,\nF,ngo,\nG,ngo,\nH,ngo,Nowhere\n",
        "o.csv",
    )

    assert refused("people", people) == [
        "p.csv:9: column 'email': repeats line 4 of the file (got 'P2@example.org')"
    ]
    assert refused("organisations", orgs) == [
        "o.csv:5: column 'parent': is defined later, on line 8; put the parent first "
        "(got 'G')",
        "o.csv:9: column 'parent': names no organisation of tenant 'riverside' "
        "(got 'Nowhere')",
    ]
    assert not Person.objects.exists()
    assert not Organisation.objects.exists()


def test_many_chunks_import_with_parents_and_memberships(
    tenant, tmp_path, small_chunks
):
    f.OrganisationFactory(tenant=tenant, name="Library")
    orgs = csv_file(
        tmp_path,
        "name,kind,parent\n"
        + "".join(f"O{n},ngo,{f'O{n - 1}' if n else ''}\n" for n in range(8)),
        "o.csv",
    )
    people = csv_file(
        tmp_path,
        "given_name,family_name,organisation,membership_role\n"
        + "".join(f"P,{n},Library;O{n},volunteer\n" for n in range(8)),
        "p.csv",
    )

    run_import("organisations", orgs)
    out, _ = run_import("people", people)

    assert "imported 8 people, 16 memberships" in out
    assert Organisation.objects.get(name="O7").parent.name == "O6"
    assert Event.objects.filter(action="registry.person.created").count() == 8
    assert Event.objects.filter(action="registry.membership.created").count() == 16
    event = Event.objects.filter(action="registry.person.created").first()
    assert event.data["family_name"] in {str(n) for n in range(8)}


def test_a_failure_while_writing_a_later_chunk_leaves_nothing(
    tenant, tmp_path, small_chunks, monkeypatch
):
    path = csv_file(
        tmp_path,
        "given_name,family_name\n" + "".join(f"P,{n}\n" for n in range(8)),
    )
    write = importers.PersonImporter.write
    calls = []

    def failing(self, plans, *, actor):
        calls.append(len(plans))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return write(self, plans, actor=actor)

    monkeypatch.setattr(importers.PersonImporter, "write", failing)
    with pytest.raises(RuntimeError):
        run_import("people", path)
    assert calls == [3, 3]
    assert not Person.objects.exists()
    assert not Event.objects.filter(action="registry.person.created").exists()


def test_the_problems_printed_are_the_first_hundred_with_their_count(tenant, tmp_path):
    path = csv_file(
        tmp_path,
        "given_name,family_name,email\n"
        + "".join(f"P,{n},not-an-email-{n}\n" for n in range(250)),
        "p.csv",
    )
    with pytest.raises(CommandError) as info:
        run_import("people", path)
    lines = info.value.stderr.splitlines()
    assert len(lines) == 100
    assert lines[0].endswith(
        "p.csv:2: column 'email': Enter a valid email address. (got 'not-an-email-0')"
    )
    assert "p.csv:101:" in lines[-1]
    assert "250 problem(s) (the first 100 are shown); nothing was imported" in str(
        info.value
    )


def test_a_nul_character_is_named_by_line_not_a_traceback(tenant, tmp_path):
    path = csv_file(tmp_path, "name,kind\nLibrary,ngo\nFood\x00bank,ngo\n", "o.csv")
    assert refused("organisations", path) == [
        "o.csv:3: column 'name': contains a NUL character (\\0), which no field may "
        "hold (got 'Food\\0bank')"
    ]
    assert not Organisation.objects.exists()


def test_an_encoding_error_far_into_the_file_names_its_line(tenant, tmp_path):
    path = tmp_path / "o.csv"
    path.write_bytes(
        b"name,kind\n" + b"".join(b"O%d,ngo\n" % n for n in range(5000)) + b"\xff,ngo\n"
    )
    assert refused("organisations", path) == [
        "o.csv:5002: the file is not UTF-8 text; save it as UTF-8 (Excel: CSV UTF-8)"
    ]
