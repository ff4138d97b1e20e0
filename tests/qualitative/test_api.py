"""The same through the API: a project, its codebook, codings within the text, what a
blind coder lists, and the agreement per code."""

from coproduce.qualitative import services

from .helpers import actor_of, project_with_texts

API = "/api/v1"


def test_a_project_is_coded_and_its_agreement_read(
    client, tenant, coordinator, make_member, api_headers
):
    coord = actor_of(coordinator, tenant)
    prof = actor_of(make_member(tenant, "professional", username="pia"), tenant)
    h = api_headers(coordinator, tenant)
    project = client.post(
        f"{API}/coding-projects",
        {"title": "Comments"},
        content_type="application/json",
        headers=h,
    ).json()
    pk = project["id"]
    code = client.post(
        f"{API}/coding-projects/{pk}/codes",
        {"name": "Trust", "definition": "Belief"},
        content_type="application/json",
        headers=h,
    ).json()
    _p, docs = project_with_texts(tenant, coord, ["one", "two"], title="Other")
    # a text of another project is not this project's: 422 on that field
    response = client.post(
        f"{API}/coding-projects/{pk}/codings",
        {"document": docs[0].pk, "code": code["id"], "start": 0, "end": 3},
        content_type="application/json",
        headers=h,
    )
    assert response.status_code == 422
    from coproduce.qualitative.models import CodingProject, Document

    mine = CodingProject.objects.get(pk=pk)
    texts = [
        Document.objects.create(
            tenant=tenant, project=mine, kind="upload", title=t, text=t
        )
        for t in ("alpha", "beta")
    ]
    response = client.post(
        f"{API}/coding-projects/{pk}/codings",
        {"document": texts[0].pk, "code": code["id"], "start": 0, "end": 9},
        content_type="application/json",
        headers=h,
    )
    assert response.status_code == 422
    assert "after the end of the text (5 characters)" in response.json()["detail"]
    services.reliability_sample_assign(
        project=mine, actor=coord, coders=[coord.user, prof.user], size=2
    )
    for actor in (coord, prof):
        services.coding_create(
            document=texts[0], code=mine.codes.get(), actor=actor, start=0, end=5
        )
    services.coding_create(
        document=texts[1], code=mine.codes.get(), actor=coord, start=0, end=4
    )
    # the blind coder lists their own codings only
    listed = client.get(
        f"{API}/coding-projects/{pk}/codings", headers=api_headers(prof.user, tenant)
    ).json()
    assert [c["coder"] for c in listed["items"]] == [prof.user.pk]
    agreement = client.get(f"{API}/coding-projects/{pk}/agreement", headers=h).json()
    (row,) = agreement["codes"]
    # applied by both on text 1, by one on text 2: n = 4, n_1 = 3, n_0 = 1,
    # o_10 + o_01 = 2, alpha = 1 - 3 * 2 / (2 * 3 * 1) = 0
    assert row["n_units"] == 2
    assert row["krippendorff_alpha"] == 0.0
    assert row["reading"] == "unreliable"
    assert row["percent_agreement"] == 50.0
    assert row["disagreements"] == [texts[1].pk]
    # a second coder may not read the agreement
    response = client.get(
        f"{API}/coding-projects/{pk}/agreement", headers=api_headers(prof.user, tenant)
    )
    assert response.status_code == 403


def test_a_code_is_changed_into_a_new_version_and_memos_are_written(
    client, tenant, coordinator, make_member, api_headers
):
    from coproduce.qualitative.models import CodingProject

    coord = actor_of(coordinator, tenant)
    prof = make_member(tenant, "professional", username="pia")
    project, docs = project_with_texts(tenant, coord, ["alpha beta", "gamma"])
    trust = services.code_create(project=project, actor=coord, name="Trust")
    child = services.code_create(
        project=project, actor=coord, name="Trust in staff", parent=trust
    )
    h = api_headers(coordinator, tenant)
    base = f"{API}/coding-projects/{project.pk}"
    response = client.patch(
        f"{base}/codes/{trust.pk}",
        {"definition": "Belief that they will act for us"},
        content_type="application/json",
        headers=h,
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert CodingProject.objects.get(pk=project.pk).codebook_version == 2
    # a colour is no change of meaning; a code under its own sub-code is refused
    response = client.patch(
        f"{base}/codes/{trust.pk}",
        {"colour": "#1f77b4"},
        content_type="application/json",
        headers=h,
    )
    assert response.json()["version"] == 2
    response = client.patch(
        f"{base}/codes/{trust.pk}",
        {"parent": child.pk},
        content_type="application/json",
        headers=h,
    )
    assert response.status_code == 422
    # a coder writes memos, on a code and on a passage; keeping codes is not theirs
    hp = api_headers(prof, tenant)
    assert (
        client.patch(
            f"{base}/codes/{trust.pk}",
            {"name": "X"},
            content_type="application/json",
            headers=hp,
        ).status_code
        == 403
    )
    for body in (
        {"text": "Often about the library", "code": trust.pk},
        {"text": "Irony?", "document": docs[0].pk, "start": 0, "end": 5},
    ):
        response = client.post(
            f"{base}/memos", body, content_type="application/json", headers=hp
        )
        assert response.status_code == 201, response.content
    response = client.post(
        f"{base}/memos",
        {"text": "Out", "document": docs[1].pk, "start": 0, "end": 50},
        content_type="application/json",
        headers=hp,
    )
    assert response.status_code == 422
    assert "not within the text (5 characters)" in response.json()["detail"]
    memos = client.get(f"{base}/memos", headers=h).json()
    assert memos["count"] == 2
    # given the text blind, the coordinator no longer lists the coder's memo on it
    services.reliability_sample_assign(
        project=project,
        actor=coord,
        coders=[coord.user, prof],
        size=2,
    )
    memos = client.get(f"{base}/memos", headers=h).json()
    assert [m["text"] for m in memos["items"]] == ["Often about the library"]
