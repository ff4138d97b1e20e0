"""Building blocks for the qualitative tests: a project with a small codebook and texts."""

from coproduce.qualitative import services
from coproduce.qualitative.models import Document
from coproduce.tenancy.actor import actor_build
from coproduce.tenancy.models import TenantMembership


def actor_of(user, tenant):
    role = TenantMembership.objects.get(tenant=tenant, user=user).role
    return actor_build(tenant=tenant, user=user, role=role)


def project_with_texts(tenant, actor, texts, *, initiative=None, title="Comments"):
    project = services.project_create(
        tenant=tenant, actor=actor, title=title, initiative=initiative
    )
    docs = [
        Document.objects.create(
            tenant=tenant,
            project=project,
            kind=Document.Kind.UPLOAD,
            title=f"Text {i + 1}",
            text=text,
            attributes={"wave": 1 + i % 2},
        )
        for i, text in enumerate(texts)
    ]
    return project, docs
