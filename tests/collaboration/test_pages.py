"""The pages a partner organisation's staff member uses: write an entry, update their
side's commitment, see an overdue commitment on both organisations' pages; refusals."""

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.collaboration import services
from coproduce.collaboration.models import LearningEntry

from .helpers import world_make


@pytest.fixture
def w(tenant, make_member, coordinator):
    return world_make(tenant, make_member, coordinator)


def _url(w, name, **kw):
    return reverse(name, kwargs={"tenant": w.tenant.slug, **kw})


def _partnership(w):
    coord = w.actor(w.coordinator)
    p = services.partnership_create(
        actor=coord,
        tenant=w.tenant,
        name="Discharge support",
        purpose="Home from hospital",
        start_date=dt.date(2026, 1, 1),
        organisations=[w.hospital, w.ngo],
    )
    side = p.sides.get(organisation=w.ngo)
    c = services.commitment_create(
        actor=coord,
        side=side,
        description="Call every discharged patient",
        due_date=dt.date(2026, 2, 1),
    )
    return p, side, c


def test_a_partner_writes_an_entry_on_the_page(w, client_for):
    client = client_for(w.partner_user)
    url = _url(w, "collaboration-learning-create") + f"?initiative={w.initiative.slug}"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {
            "kind": "co_exploration",
            "title": "Peer calls",
            "learnt": "Peer workers reach those the nurses do not.",
            "learnt_on": "2026-03-02",
            "visibility": "partners",
            "source_organisation": w.ngo.pk,
            "receiving_organisation": w.hospital.pk,
            "owner_organisation": w.ngo.pk,
            "activities": [w.activity.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = LearningEntry.objects.get()
    assert (entry.initiative, entry.owner_organisation) == (w.initiative, w.ngo)
    detail = client.get(response["Location"])
    assert "Peer workers reach those the nurses do not." in detail.content.decode()


def test_a_wrong_entry_is_refused_with_the_field_named(w, client_for):
    client = client_for(w.partner_user)
    response = client.post(
        _url(w, "collaboration-learning-create"),
        {
            "kind": "co_exploration",
            "title": "Same",
            "learnt": "x",
            "learnt_on": "2026-03-02",
            "visibility": "partners",
            "source_organisation": w.ngo.pk,
            "receiving_organisation": w.ngo.pk,
            "owner_organisation": w.ngo.pk,
        },
    )
    assert response.status_code == 200
    assert "An organisation learning from itself" in response.content.decode()
    assert not LearningEntry.objects.exists()


def test_the_partner_updates_its_own_commitment_not_the_other_sides(w, client_for):
    p, side, c = _partnership(w)
    client = client_for(w.partner_user)
    url = _url(w, "collaboration-commitment-edit", pk=c.pk)
    response = client.post(
        url, {"state": "met", "due_date": "2026-02-01", "note": "Done", "version": 1}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.state, c.version) == ("met", 2)
    # a second submit of the same form (version 1) is refused, nothing changes
    again = client.post(
        url, {"state": "not_met", "due_date": "", "note": "", "version": 1}
    )
    assert again.status_code == 200
    assert "Someone else changed this commitment" in again.content.decode()
    c.refresh_from_db()
    assert c.state == "met"
    hospital_side = p.sides.get(organisation=w.hospital)
    theirs = services.commitment_create(
        actor=w.actor(w.coordinator), side=hospital_side, description="Send lists"
    )
    assert (
        client.get(_url(w, "collaboration-commitment-edit", pk=theirs.pk)).status_code
        == 404
    )


def test_an_overdue_commitment_shows_on_both_organisations_pages(w, client_for):
    _p, _side, commitment = _partnership(w)  # due 2026-02-01, still open
    coord = client_for(w.coordinator)
    for org in (w.ngo, w.hospital):
        page = coord.get(_url(w, "organisation-detail", pk=org.pk)).content.decode()
        assert "Overdue:" in page, org
        assert "Call every discharged patient" in page
    services.commitment_update(
        actor=w.actor(w.coordinator), commitment=commitment, state="met"
    )
    page = coord.get(_url(w, "organisation-detail", pk=w.hospital.pk)).content.decode()
    assert "Overdue:" not in page


def test_an_outsider_cannot_see_the_partnership(w, client_for):
    p, _side, _c = _partnership(w)
    otto = client_for(w.outsider_user)
    assert (
        otto.get(_url(w, "collaboration-partnership-detail", pk=p.pk)).status_code
        == 404
    )
    pia = client_for(w.partner_user)
    assert (
        pia.get(_url(w, "collaboration-partnership-detail", pk=p.pk)).status_code == 200
    )


def test_network_and_initiative_pages_render(w, client_for):
    _partnership(w)
    client = client_for(w.coordinator)
    for name, kw in (
        ("collaboration-network", {}),
        ("collaboration-index", {}),
        ("collaboration-opportunity", {"slug": w.initiative.slug}),
        ("collaboration-relations", {"slug": w.initiative.slug}),
    ):
        response = client.get(_url(w, name, **kw))
        assert response.status_code == 200, name
    network = client.get(_url(w, "collaboration-network")).content.decode()
    assert "<svg" in network
    assert "City of Riverside" in network


def test_after_a_change_the_network_answers_at_once_with_its_last_figures(
    w, client_for
):
    """The network's figures take seconds on a big tenant: after a change the page shows
    the last ones, says so, and queues one recomputation; once it ran, the new ones."""
    from django.test import override_settings
    from django_tasks import default_task_backend

    from coproduce.collaboration import selectors
    from coproduce.collaboration.tasks import figures_refresh

    client = client_for(w.coordinator)
    url = _url(w, "collaboration-network")
    coord = w.actor(w.coordinator)
    assert "being computed" not in client.get(url).content.decode()
    before = selectors.collaboration_figures(coord)["flows"]["lessons"]

    services.learning_entry_create(
        actor=coord,
        tenant=w.tenant,
        kind="co_exploitation",
        title="Discharge calls",
        learnt="Calling the day after discharge finds the gaps.",
        source_organisation=w.ngo,
        receiving_organisation=w.hospital,
        visibility="tenant",
    )
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        stale = client.get(url).content.decode()
        again = client.get(url).content.decode()
        figures = selectors.collaboration_figures(coord)
        queued = [r for r in default_task_backend.results if r.task == figures_refresh]
    assert "newer figures are being computed" in stale
    assert "newer figures are being computed" in again
    assert figures["stale"]
    assert figures["flows"]["lessons"] == before  # the last figures, not the new
    assert len(queued) == 1  # one recomputation, however many ask meanwhile

    assert figures_refresh.call(**queued[0].kwargs) == "computed"
    assert "being computed" not in client.get(url).content.decode()
    fresh = selectors.collaboration_figures(coord)
    assert not fresh["stale"]
    assert fresh["flows"]["lessons"] == before + 1
