"""The main menu shows each member only what they may open: every link it shows answers,
for every role and for a designated auditor, with anything but 403."""

import re

import pytest

from coproduce.cases.models import Auditor
from coproduce.tenancy.roles import Role

NAV = re.compile(r'<nav aria-label="Main">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')


def menu_links(client, tenant) -> list[str]:
    page = client.get(f"/t/{tenant.slug}/", follow=True)  # co-producers: to their page
    assert page.status_code == 200
    nav = NAV.search(page.content.decode())
    assert nav, "no main menu on the portfolio"
    return HREF.findall(nav.group(1))


@pytest.mark.parametrize("role", Role.values)
def test_every_menu_link_opens(role, tenant, make_member, client_for):
    client = client_for(make_member(tenant, role))
    links = menu_links(client, tenant)
    assert links
    refused = [url for url in links if client.get(url).status_code == 403]
    assert refused == [], f"{role} is shown links that answer 403: {refused}"


def test_auditor_sees_cases(tenant, make_member, client_for):
    user = make_member(tenant, "viewer")
    cases = f"/t/{tenant.slug}/cases/"
    assert cases not in menu_links(client_for(user), tenant)
    Auditor.objects.create(tenant=tenant, user=user)
    client = client_for(user)
    links = menu_links(client, tenant)
    assert cases in links
    assert [u for u in links if client.get(u).status_code == 403] == []


@pytest.mark.parametrize(
    ("role", "hidden"),
    [("service_user", ["evaluation/", "cases/"]), ("volunteer", ["evaluation/"])],
)
def test_refused_sections_are_not_shown(role, hidden, tenant, make_member, client_for):
    links = menu_links(client_for(make_member(tenant, role)), tenant)
    for part in hidden:
        assert f"/t/{tenant.slug}/{part}" not in links
