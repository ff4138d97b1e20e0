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
