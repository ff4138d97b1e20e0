"""coproduce import: all rows or none, and every problem named by line and column."""

import pytest
from django.core.management import CommandError, call_command

from coproduce.core.models import Event
from coproduce.initiatives.models import Initiative, InitiativePartner
from coproduce.people.models import Membership, Organisation, Person

from .. import factories as f


def run_import(kind, path, tenant="riverside", **options):
    """Run the command; return (stdout, stderr) or raise CommandError with stderr set."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import", kind, str(path), tenant=tenant, stdout=out, stderr=err, **options
        )
    except CommandError as exc:
        exc.stderr = err.getvalue()
        raise
    return out.getvalue(), err.getvalue()


def refused(kind, path, tenant="riverside") -> list[str]:
    """The problems printed, with the file named as in the user's folder."""
    with pytest.raises(CommandError, match="nothing was imported") as info:
        run_import(kind, path, tenant)
    return [
        line.removeprefix(f"{path.parent}/") for line in info.value.stderr.splitlines()
    ]


def csv_file(tmp_path, text, name="data.csv", *, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_organisations_import_with_parents_and_one_event_per_row(tenant, tmp_path):
    path = csv_file(
        tmp_path,
        (
            "name,kind,parent,identifier,website,description\n"
            "City of Riverside,public_agency,,0123456-7,https://riverside.example,\n"
            "Youth services,department,City of Riverside,,,Works with young people\n"
            '"Riverside Rowing Club, youth section",community_group,,,,\n'
        ),
    )

    out, _ = run_import("organisations", path)

    assert "imported 3 organisations into tenant 'riverside'" in out
    youth = Organisation.objects.get(tenant=tenant, name="Youth services")
    assert youth.parent.name == "City of Riverside"
    assert Organisation.objects.filter(
        name="Riverside Rowing Club, youth section"
    ).exists()
    assert (
        Event.objects.filter(
            tenant=tenant, action="registry.organisation.created"
        ).count()
        == 3
    )


def test_people_import_with_memberships(tenant, tmp_path):
    f.OrganisationFactory(tenant=tenant, name="Library")
    f.OrganisationFactory(tenant=tenant, name="Food bank")
    path = csv_file(
        tmp_path,
        (
            "given_name,family_name,email,phone,languages,organisation,membership_role\n"
            "Aino,Virtanen,aino@example.org,+358401234567,fi;sv,Library,volunteer\n"
            "Omar,Hassan,,,ar;fi,Library;Food bank,professional;volunteer\n"
            "Lea,Nieminen,,,,,\n"
        ),
    )

    out, _ = run_import("people", path)

    assert "imported 3 people, 3 memberships" in out
    omar = Person.objects.get(tenant=tenant, given_name="Omar")
    assert sorted(
        Membership.objects.filter(person=omar).values_list("organisation__name", "role")
    ) == [("Food bank", "volunteer"), ("Library", "professional")]
    assert (
        Event.objects.filter(tenant=tenant, action="registry.person.created").count()
        == 3
    )
    assert (
        Event.objects.filter(
            tenant=tenant, action="registry.membership.created"
        ).count()
        == 3
    )


def test_initiatives_import_with_partners_services_and_declared_cos(tenant, tmp_path):
    lead = f.OrganisationFactory(tenant=tenant, name="City of Riverside")
    f.OrganisationFactory(tenant=tenant, name="Red Cross")
    f.OrganisationFactory(tenant=tenant, name="Foundation")
    f.PublicServiceFactory(
        tenant=tenant, identifier="home-care", competent_authority=lead
    )
    path = csv_file(
        tmp_path,
        (
            "slug,name,description,lead_organisation,partners,services,place,start_date,"
            "end_date,temporary,status,intended_outcomes,declared_stages,declared_scope\n"
            "warm-meals,Warm meals,,City of Riverside,Red Cross:delivery;Foundation:funder,"
            "home-care,Old town,2026-01-01,2026-06-30,true,running,Less loneliness,"
            "design;delivery,group\n"
            ",Park walks,,City of Riverside,,,,,,,,,,\n"
        ),
    )

    out, _ = run_import("initiatives", path)

    assert "imported 2 initiatives, 2 partners" in out
    meals = Initiative.objects.get(tenant=tenant, slug="warm-meals")
    assert meals.is_temporary
    assert meals.status == "running"
    assert meals.declared_stages == ["design", "delivery"]
    assert meals.declared_scope == "group"
    assert [s.identifier for s in meals.services.all()] == ["home-care"]
    assert sorted(
        InitiativePartner.objects.filter(initiative=meals).values_list(
            "organisation__name", "role"
        )
    ) == [("Foundation", "funder"), ("Red Cross", "delivery")]
    walks = Initiative.objects.get(tenant=tenant, name="Park walks")
    assert walks.slug == "park-walks"
    assert walks.status == "idea"
    assert Event.objects.filter(tenant=tenant, action="initiative.created").count() == 2
    assert (
        Event.objects.filter(tenant=tenant, action="initiative.partner.added").count()
        == 2
    )


def test_one_bad_row_among_good_ones_writes_nothing_and_names_every_problem(
    tenant, tmp_path
):
    f.OrganisationFactory(tenant=tenant, name="City of Riverside")
    path = csv_file(
        tmp_path,
        (
            "slug,name,lead_organisation,start_date,end_date,status,declared_stages\n"
            "good-one,Good one,City of Riverside,2026-01-01,,running,design\n"
            "bad-enum,Bad status,City of Riverside,,,runing,\n"
            "bad-date,Bad date,City of Riverside,2026-02-30,,,\n"
            "bad-ref,Unknown lead,City of Nowhere,,,,\n"
            "good-one,Duplicate slug,City of Riverside,,,,\n"
            "bad-stage,Bad stage,City of Riverside,,,,design;co-dreaming\n"
            "bad-order,Ends first,City of Riverside,2026-05-01,2026-04-01,,\n"
            "good-two,Good two,City of Riverside,,,,\n"
        ),
        name="initiatives.csv",
    )

    lines = refused("initiatives", path)

    assert lines == [
        "initiatives.csv:3: column 'status': is not one of idea, planned, running, "
        "closed, evaluated (got 'runing')",
        "initiatives.csv:4: column 'start_date': is not a date in the form YYYY-MM-DD "
        "(got '2026-02-30')",
        "initiatives.csv:5: column 'lead_organisation': names no organisation of tenant "
        "'riverside' (got 'City of Nowhere')",
        "initiatives.csv:6: column 'slug': repeats line 2 of the file (got 'good-one')",
        "initiatives.csv:7: column 'declared_stages': names an unknown stage; the stages "
        "are commissioning, design, delivery, assessment (got 'co-dreaming')",
        "initiatives.csv:8: column 'end_date': The end date is before the start date. "
        "(got '2026-04-01')",
    ]
    assert not Initiative.objects.filter(tenant=tenant).exists()
    assert not Event.objects.filter(tenant=tenant, action="initiative.created").exists()


def test_missing_and_unknown_columns_are_named_on_line_1(tenant, tmp_path):
    path = csv_file(tmp_path, "name,colour\nLibrary,blue\n", name="orgs.csv")

    lines = refused("organisations", path)

    assert lines == [
        "orgs.csv:1: column 'colour': is not a column of organisations; the columns are "
        "name, kind, parent, identifier, website, description",
        "orgs.csv:1: column 'kind': is required but missing from the header",
    ]


def test_duplicates_against_the_tenant_and_inside_the_file(tenant, tmp_path):
    f.OrganisationFactory(tenant=tenant, name="Library")
    f.PersonFactory(tenant=tenant, email="aino@example.org")
    orgs = csv_file(tmp_path, "name,kind\nLibrary,ngo\nPark,ngo\nPark,ngo\n", "o.csv")
    people = csv_file(
        tmp_path,
        (
            "given_name,family_name,email\n"
            "Aino,Virtanen,AINO@example.org\n"
            "Eero,Laine,eero@example.org\n"
            "Eero,Laine,Eero@Example.org\n"
        ),
        "p.csv",
    )

    assert refused("organisations", orgs) == [
        "o.csv:2: column 'name': an organisation of tenant 'riverside' has this name "
        "already (got 'Library')",
        "o.csv:4: column 'name': repeats line 3 of the file (got 'Park')",
    ]
    assert refused("people", people) == [
        "p.csv:2: column 'email': a person of tenant 'riverside' has this email already "
        "(got 'AINO@example.org')",
        "p.csv:4: column 'email': repeats line 3 of the file (got 'Eero@Example.org')",
    ]
    assert Organisation.objects.filter(tenant=tenant).count() == 1
    assert Person.objects.filter(tenant=tenant).count() == 1


def test_model_validation_and_enum_in_people_rows(tenant, tmp_path):
    f.OrganisationFactory(tenant=tenant, name="Library")
    path = csv_file(
        tmp_path,
        (
            "given_name,family_name,email,organisation,membership_role\n"
            "Aino,,not-an-email,Library,volunteer\n"
            "Eero,Laine,,Library,boss\n"
        ),
        "p.csv",
    )

    assert refused("people", path) == [
        "p.csv:2: column 'family_name': is required but empty",
        "p.csv:2: column 'email': Enter a valid email address. (got 'not-an-email')",
        "p.csv:3: column 'membership_role': is not one of professional, volunteer, "
        "service_user, member, representative (got 'boss')",
    ]


def test_a_reference_to_an_organisation_of_another_tenant_is_refused(
    tenant, other_tenant, tmp_path
):
    f.OrganisationFactory(tenant=other_tenant, name="Hillview Council")
    orgs = csv_file(
        tmp_path, "name,kind,parent\nYouth desk,department,Hillview Council\n", "o.csv"
    )
    people = csv_file(
        tmp_path,
        "given_name,family_name,organisation\nAino,V,Hillview Council\n",
        "p.csv",
    )
    initiatives = csv_file(
        tmp_path, "name,lead_organisation\nWalks,Hillview Council\n", "i.csv"
    )

    assert refused("organisations", orgs) == [
        "o.csv:2: column 'parent': names no organisation of tenant 'riverside' "
        "(got 'Hillview Council')"
    ]
    assert refused("people", people)[0].startswith(
        "p.csv:2: column 'organisation': names no organisation of tenant 'riverside'"
    )
    assert refused("initiatives", initiatives)[0].startswith(
        "i.csv:2: column 'lead_organisation': names no organisation of tenant 'riverside'"
    )
    assert not Organisation.objects.filter(tenant=tenant).exists()
    assert not Person.objects.filter(tenant=tenant).exists()


def test_a_parent_must_come_before_its_units(tenant, tmp_path):
    path = csv_file(
        tmp_path,
        "name,kind,parent\nYouth desk,department,City\nCity,public_agency,\n",
        "o.csv",
    )

    assert refused("organisations", path) == [
        "o.csv:2: column 'parent': is defined later, on line 3; put the parent first "
        "(got 'City')"
    ]


def test_line_numbers_are_physical_lines(tenant, tmp_path):
    # a quoted value spanning two lines, and a blank line, before the bad row
    path = csv_file(
        tmp_path,
        ('name,kind,description\nLibrary,ngo,"Two\nlines"\n\nPark,parkland,\n'),
        "o.csv",
    )

    assert refused("organisations", path) == [
        "o.csv:5: column 'kind': is not one of public_agency, department, ngo, company, "
        "community_group, parish, school, other (got 'parkland')"
    ]


def test_utf8_with_byte_order_mark_is_read(tenant, tmp_path):
    path = csv_file(
        tmp_path, "name,kind\nKäpylän seurakunta,parish\n", encoding="utf-8-sig"
    )

    run_import("organisations", path)

    assert Organisation.objects.get(tenant=tenant).name == "Käpylän seurakunta"


def test_files_that_cannot_be_read_are_explained(tenant, tmp_path):
    empty = csv_file(tmp_path, "", "empty.csv")
    semicolons = csv_file(tmp_path, "name;kind\nLibrary;ngo\n", "semi.csv")
    latin1 = csv_file(
        tmp_path, "name,kind\nKäpylä,parish\n", "latin.csv", encoding="latin-1"
    )
    short = csv_file(tmp_path, "name,kind,website\nLibrary,ngo\n", "short.csv")

    assert refused("organisations", empty)[0].startswith("empty.csv: the file is empty")
    assert refused("organisations", semicolons) == [
        "semi.csv:1: the columns are separated by semicolons (;), not commas; save the "
        "file as comma-separated CSV (got 'name;kind')"
    ]
    assert refused("organisations", latin1) == [
        "latin.csv:2: the file is not UTF-8 text; save it as UTF-8 (Excel: CSV UTF-8)"
    ]
    assert refused("organisations", short) == [
        "short.csv:2: the row has 2 values but the header has 3 columns (quote values "
        "that contain a comma)"
    ]


def test_a_header_alone_imports_nothing_and_says_so(tenant, tmp_path):
    path = csv_file(tmp_path, "name,kind\n", "o.csv")

    out, _ = run_import("organisations", path)

    assert "no rows after the header; nothing to import" in out


def test_an_unknown_tenant_is_named(tenant, tmp_path):
    path = csv_file(tmp_path, "name,kind\nLibrary,ngo\n")

    with pytest.raises(CommandError, match="No tenant has the short name 'rivrside'"):
        run_import("organisations", path, tenant="rivrside")


def test_the_actor_is_named_in_the_events(tenant, coordinator, tmp_path):
    path = csv_file(tmp_path, "name,kind\nLibrary,ngo\n")

    run_import("organisations", path, actor="cora")

    assert Event.objects.get(tenant=tenant).actor == coordinator
