"""The list pages and the agreement take a fixed number of queries, however many texts,
codes and codings there are."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.qualitative import services

from .helpers import actor_of, project_with_texts


def _grow(tenant, project, coord, docs, k):
    codes = [
        services.code_create(project=project, actor=coord, name=f"Code {k}-{i}")
        for i in range(3)
    ]
    for d in docs:
        for c in codes:
            services.coding_create(document=d, code=c, actor=coord, start=0, end=3)


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_pages_take_the_same_queries_for_more_data(
    tenant, coordinator, coordinator_client
):
    coord = actor_of(coordinator, tenant)
    project, docs = project_with_texts(tenant, coord, ["abc def"] * 3)
    _grow(tenant, project, coord, docs, 0)
    first = project.codes.get(name="Code 0-0")
    pages = [
        reverse(name, kwargs={"tenant": tenant.slug, **kw})
        for name, kw in [
            ("coding-project-list", {}),
            ("coding-project-detail", {"pk": project.pk}),
            ("codebook", {"pk": project.pk}),
            ("coding-agreement", {"pk": project.pk}),
            ("coding-frequencies", {"pk": project.pk}),
            ("coding-document", {"pk": project.pk, "doc": docs[0].pk}),
            ("code-detail", {"pk": project.pk, "code": first.pk}),
            ("code-delete", {"pk": project.pk, "code": first.pk}),
            ("coding-project-delete", {"pk": project.pk}),
        ]
    ]
    coordinator_client.get(pages[0])  # the member's actor is kept from then on
    before = [_count(coordinator_client, p) for p in pages]
    _more, more_docs = project_with_texts(tenant, coord, ["ghi jkl"] * 5, title="Other")
    for d in more_docs:
        d.project = project
        d.save()
    _grow(tenant, project, coord, docs + more_docs, 1)
    for d in more_docs:  # the first code's quotes grow too
        services.coding_create(document=d, code=first, actor=coord, start=4, end=7)
    services.memo_create(project=project, actor=coord, text="More", code=first)
    after = [_count(coordinator_client, p) for p in pages]
    assert after == before
