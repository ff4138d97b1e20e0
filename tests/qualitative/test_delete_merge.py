"""Deleting and merging codes, deleting projects: a code in use is never deleted with its
codings (it is merged instead, as QDA tools do), a merge moves codings, memos and
sub-codes, and a project goes whole or not at all; on the pages and in the API."""

import pytest
from django.urls import reverse

from coproduce.core.errors import DomainError
from coproduce.core.models import Event
from coproduce.qualitative import services
from coproduce.qualitative.models import (
    Code,
    CoderAssignment,
    CodeVersion,
    Coding,
    CodingProject,
    Document,
    Memo,
)

from .helpers import actor_of, project_with_texts

API = "/api/v1"


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


@pytest.fixture
def book(tenant, coordinator, make_member):
    coord = actor_of(coordinator, tenant)
    prof = actor_of(make_member(tenant, "professional", username="pia"), tenant)
    project, docs = project_with_texts(
        tenant, coord, ["The staff listened.", "Nobody called back."]
    )
    trust = services.code_create(project=project, actor=coord, name="Trust")
    faith = services.code_create(project=project, actor=coord, name="Faith")
    child = services.code_create(
        project=project, actor=coord, name="Faith in staff", parent=faith
    )
    services.code_update(code=faith, actor=coord, definition="Belief, v2")
    # the same passage coded with both codes by one coder: kept once after a merge
    for code in (trust, faith):
        services.coding_create(document=docs[0], code=code, actor=coord, start=4, end=9)
    services.coding_create(document=docs[1], code=faith, actor=prof, start=0, end=6)
    services.memo_create(
        project=project, actor=coord, text="Close to trust", code=faith
    )
    return project, docs, coord, prof, trust, faith, child


def test_a_code_in_use_is_refused_naming_the_merge(book):
    project, _docs, coord, _prof, _trust, faith, _child = book
    with pytest.raises(DomainError) as refused:
        services.code_delete(code=faith, actor=coord)
    assert refused.value.field == "merge_into"
    assert "applied 2 times" in refused.value.message
    assert Code.objects.filter(pk=faith.pk).exists()


def test_a_code_with_sub_codes_is_refused(book, tenant):
    project, _docs, coord, _prof, _trust, faith, child = book
    Coding.objects.filter(code=faith).delete()
    with pytest.raises(DomainError, match="sub-codes"):
        services.code_delete(code=faith, actor=coord)


def test_an_unused_code_is_deleted_with_its_versions_kept_in_the_history(book):
    project, _docs, coord, _prof, _trust, _faith, child = book
    version = CodingProject.objects.get(pk=project.pk).codebook_version
    services.code_delete(code=child, actor=coord)
    assert not Code.objects.filter(pk=child.pk).exists()
    assert not CodeVersion.objects.filter(code_id=child.pk).exists()
    event = Event.objects.get(action="qualitative.code.deleted", object_id=child.pk)
    assert event.data["versions"][0]["name"] == "Faith in staff"
    assert CodingProject.objects.get(pk=project.pk).codebook_version == version + 1


def test_merging_moves_codings_memos_and_sub_codes(book):
    project, docs, coord, prof, trust, faith, child = book
    moved = services.code_merge(code=faith, into=trust, actor=coord)
    assert moved == {"codings": 1, "duplicates": 1, "memos": 1, "children": 1}
    assert not Code.objects.filter(pk=faith.pk).exists()
    codings = Coding.objects.filter(code=trust).order_by("document_id")
    assert [(c.document_id, c.coder_id) for c in codings] == [
        (docs[0].pk, coord.user.pk),
        (docs[1].pk, prof.user.pk),
    ]
    # read in the meaning of the code merged into
    assert {c.code_version for c in codings} == {trust.version}
    assert Memo.objects.get(text="Close to trust").code_id == trust.pk
    assert Code.objects.get(pk=child.pk).parent_id == trust.pk
    event = Event.objects.get(action="qualitative.code.merged", object_id=faith.pk)
    assert event.data["into"] == trust.pk
    assert [v["version"] for v in event.data["versions"]] == [1, 2]


def test_a_code_is_not_merged_into_its_own_branch_or_itself(book):
    _project, _docs, coord, _prof, _trust, faith, child = book
    with pytest.raises(DomainError, match="outside its branch"):
        services.code_merge(code=faith, into=child, actor=coord)
    with pytest.raises(DomainError, match="itself"):
        services.code_merge(code=faith, into=faith, actor=coord)
    assert Coding.objects.filter(code=faith).count() == 2


def test_a_project_is_deleted_whole(book, tenant):
    project, docs, coord, prof, *_ = book
    services.reliability_sample_assign(
        project=project, actor=coord, coders=[coord.user, prof.user], size=1
    )
    other, _ = project_with_texts(tenant, coord, ["kept"], title="Other")
    counts = services.project_delete(project=project, actor=coord)
    assert counts == {"documents": 2, "codes": 3, "codings": 3, "memos": 1}
    assert not CodingProject.objects.filter(pk=project.pk).exists()
    pk = project.pk
    for model in (Document, Code, Memo, CoderAssignment):
        assert not model.objects.filter(project_id=pk).exists(), model
    assert not Coding.objects.filter(document__project_id=pk).exists()
    assert not CodeVersion.objects.filter(code__project_id=pk).exists()
    assert Document.objects.filter(project=other).count() == 1
    event = Event.objects.get(action="qualitative.project.deleted")
    assert event.data["title"] == "Comments"


def test_the_pages_ask_then_delete_or_merge(book, tenant, coordinator_client):
    project, _docs, _coord, _prof, trust, faith, child = book
    client = coordinator_client
    page = url(tenant, "code-delete", pk=project.pk, code=faith.pk)
    html = client.get(page).content.decode()
    assert "It has been applied 2 times." in html
    assert "It has 1 sub-code." in html
    # its own branch is not offered to merge into
    assert f'value="{child.pk}"' not in html
    assert f'value="{trust.pk}"' in html
    # deleting a code in use: the form says why and names the field; nothing changes
    response = client.post(page, {"merge_into": ""})
    assert response.status_code == 200
    assert "merge it into another code instead" in response.content.decode()
    assert Code.objects.filter(pk=faith.pk).exists()
    response = client.post(page, {"merge_into": trust.pk}, follow=True)
    assert "Faith was merged into Trust: 1 coding moved." in response.content.decode()
    assert not Code.objects.filter(pk=faith.pk).exists()
    # the project: a page that says what goes, then the deletion
    page = url(tenant, "coding-project-delete", pk=project.pk)
    html = client.get(page).content.decode()
    assert "2 texts (copies: the records they came from stay)" in html
    response = client.post(page, follow=True)
    assert "The coding project Comments was deleted." in response.content.decode()
    assert not CodingProject.objects.filter(pk=project.pk).exists()


def test_a_coder_who_does_not_keep_the_project_may_not_delete(book, tenant, client_for):
    project, _docs, _coord, prof, _trust, faith, _child = book
    client = client_for(prof.user)
    assert (
        client.post(
            url(tenant, "code-delete", pk=project.pk, code=faith.pk), {"merge_into": ""}
        ).status_code
        == 403
    )
    assert (
        client.post(url(tenant, "coding-project-delete", pk=project.pk)).status_code
        == 403
    )
    assert CodingProject.objects.filter(pk=project.pk).exists()


def test_the_api_deletes_merges_and_refuses(
    book, tenant, coordinator, client, api_headers
):
    project, _docs, _coord, prof, trust, faith, child = book
    h = api_headers(coordinator, tenant)
    base = f"{API}/coding-projects/{project.pk}"
    response = client.delete(f"{base}/codes/{faith.pk}", headers=h)
    assert response.status_code == 422
    assert "merge" in response.json()["detail"]
    response = client.post(
        f"{base}/codes/{faith.pk}/merge",
        {"into": child.pk},
        content_type="application/json",
        headers=h,
    )
    assert response.status_code == 422
    response = client.post(
        f"{base}/codes/{faith.pk}/merge",
        {"into": trust.pk},
        content_type="application/json",
        headers=h,
    )
    assert response.status_code == 200, response.content
    assert response.json()["codings"] == 1
    assert response.json()["into"]["id"] == trust.pk
    assert client.delete(f"{base}/codes/{faith.pk}", headers=h).status_code == 404
    # a coder only: 403, and the project stays
    hp = api_headers(prof.user, tenant)
    assert client.delete(base, headers=hp).status_code == 403
    assert client.delete(base, headers=h).status_code == 204
    assert client.get(base, headers=h).status_code == 404


def test_the_code_page_quotes_its_passages_and_takes_memos(book, tenant, client_for):
    project, docs, coord, prof, trust, faith, _child = book
    docs[1].pseudonym = "R-17"
    docs[1].save()
    client = client_for(prof.user)  # a coder who does not keep the project
    page = url(tenant, "code-detail", pk=project.pk, code=faith.pk)
    html = client.get(page).content.decode()
    assert "“staff”" in html
    assert "“Nobody”" in html
    assert "R-17" in html
    assert "Close to trust" in html
    response = client.post(page, {"text": "Often about the library"}, follow=True)
    assert "The memo was saved." in response.content.decode()
    assert Memo.objects.filter(code=faith, author=prof.user).exists()
    response = client.post(page, {"text": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    # given a text blind, a coder sees only their own passages of it
    services.reliability_sample_assign(
        project=project, actor=coord, coders=[coord.user, prof.user], size=2
    )
    html = client.get(page).content.decode()
    assert "“staff”" not in html
    assert "“Nobody”" in html
