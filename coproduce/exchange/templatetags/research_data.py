"""``{% research_links "participations" %}``: the research files of a tenant dataset, for
a page that shows its records, to those who may download them (nothing otherwise)."""

from django import template

from coproduce.exchange.datasets import TENANT_DATASETS, tenant_dataset_allowed

register = template.Library()


@register.inclusion_tag("exchange/_research_links.html", takes_context=True)
def research_links(context, key: str) -> dict:
    request = context["request"]
    actor = getattr(request, "actor", None)
    allowed = actor is not None and tenant_dataset_allowed(actor, key)
    builder, _also = TENANT_DATASETS[key]
    return {
        "allowed": allowed,
        "key": key,
        "tenant": request.tenant,
        "title": builder(request.tenant).title if allowed else "",
    }
