"""The codebook keeps a code's meaning at coding time; codings stay inside their text;
memos, the blind sample, and what a blind coder sees."""

import pytest
from django.http import Http404

from coproduce.core.errors import DomainError
from coproduce.qualitative import access, services
from coproduce.qualitative.models import CoderAssignment, CodeVersion

from .helpers import actor_of, project_with_texts


@pytest.fixture
def world(tenant, coordinator, make_member):
    coord = actor_of(coordinator, tenant)
    project, docs = project_with_texts(
        tenant, coord, ["The staff listened to us.", "Nobody called back."]
    )
    return project, docs, coord


def test_a_changed_definition_makes_a_version_and_old_codings_keep_theirs(world):
    project, docs, coord = world
    code = services.code_create(
        project=project, actor=coord, name="Trust", definition="Belief"
    )
    first = services.coding_create(
        document=docs[0], code=code, actor=coord, start=4, end=9
    )
    services.code_update(
        code=code, actor=coord, definition="Belief that staff keep promises"
    )
    code.refresh_from_db()
    project.refresh_from_db()
    second = services.coding_create(
        document=docs[1], code=code, actor=coord, start=0, end=6
    )
    assert (first.code_version, second.code_version) == (1, 2)
    assert project.codebook_version == 2
    old = CodeVersion.objects.get(code=code, version=first.code_version)
    assert old.definition == "Belief"
    # a change of colour alone is no change of meaning
    services.code_update(code=code, actor=coord, colour="#336699")
    code.refresh_from_db()
    assert code.version == 2


def test_a_passage_beyond_the_text_is_refused_with_its_length(world):
    project, docs, coord = world
    code = services.code_create(project=project, actor=coord, name="Trust")
    with pytest.raises(
        DomainError, match="after the end of the text \\(25 characters\\)"
    ):
        services.coding_create(
            document=docs[0], code=code, actor=coord, start=3, end=26
        )
    with pytest.raises(DomainError, match="ends where it starts"):
        services.coding_create(document=docs[0], code=code, actor=coord, start=5, end=5)
    coding = services.coding_create(
        document=docs[0], code=code, actor=coord, start=4, end=9
    )
    assert coding.passage == "staff"


def test_codes_nest_but_never_under_themselves(world):
    project, _docs, coord = world
    parent = services.code_create(project=project, actor=coord, name="Service")
    child = services.code_create(
        project=project, actor=coord, name="Waiting", parent=parent
    )
    with pytest.raises(Exception, match="under itself"):
        services.code_update(code=parent, actor=coord, parent=child)
    with pytest.raises(Exception, match="already exists|unique"):
        services.code_create(project=project, actor=coord, name="Service")


def test_a_memo_is_on_a_passage_or_a_code(world):
    project, docs, coord = world
    code = services.code_create(project=project, actor=coord, name="Trust")
    memo = services.memo_create(
        project=project, actor=coord, text="Boundary case", code=code
    )
    assert memo.code == code
    with pytest.raises(DomainError, match="not within the text"):
        services.memo_create(
            project=project, actor=coord, text="x", document=docs[1], start=0, end=99
        )
    with pytest.raises(DomainError, match="passage or on a code"):
        services.memo_create(project=project, actor=coord, text="x")


def test_blind_coders_see_only_their_own_codings(world, tenant, make_member):
    project, docs, coord = world
    prof = actor_of(make_member(tenant, "professional", username="pia"), tenant)
    code = services.code_create(project=project, actor=coord, name="Trust")
    services.reliability_sample_assign(
        project=project, actor=coord, coders=[coord.user, prof.user], size=2, seed=1
    )
    assert CoderAssignment.objects.filter(project=project).count() == 4
    mine = services.coding_create(
        document=docs[0], code=code, actor=coord, start=0, end=3
    )
    theirs = services.coding_create(
        document=docs[0], code=code, actor=prof, start=4, end=9
    )
    assert list(access.coding_visible(prof, docs[0])) == [theirs]
    assert list(access.coding_visible(coord, docs[0])) == [mine]
    with pytest.raises(Http404):
        access.access_coding_by_id(prof, docs[0], mine.pk)
    with pytest.raises(DomainError, match="not yet in the sample"):
        services.reliability_sample_assign(
            project=project, actor=coord, coders=[coord.user, prof.user], size=1
        )
    with pytest.raises(DomainError, match="two coders"):
        services.reliability_sample_assign(
            project=project, actor=coord, coders=[prof.user], size=1
        )


def test_projects_of_another_tenant_or_unseen_initiative_are_404(
    world, other_tenant, make_member, tenant
):
    project, _docs, coord = world
    outsider = actor_of(make_member(other_tenant, "coordinator"), other_tenant)
    with pytest.raises(Http404):
        access.access_project_by_id(outsider, project.pk)
    volunteer = actor_of(make_member(tenant, "volunteer"), tenant)
    assert not access.project_visible(volunteer).exists()
