"""The pages as a coordinator and a second coder use them: a project, a code, a passage
coded through the form, the blind sample, the agreement with its reading and the texts
to reconcile, frequencies by group, an upload and the exports."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coproduce.qualitative import services
from coproduce.qualitative.models import Coding, CodingProject

from .helpers import actor_of, project_with_texts


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


@pytest.fixture
def two_coders(tenant, coordinator, make_member):
    prof = make_member(tenant, "professional", username="pia")
    return actor_of(coordinator, tenant), actor_of(prof, tenant)


def test_a_coordinator_makes_a_project_and_codes_a_passage(tenant, coordinator_client):
    client = coordinator_client
    response = client.post(
        url(tenant, "coding-project-create"), {"title": "Library comments"}
    )
    project = CodingProject.objects.get(title="Library comments")
    assert response.status_code == 302
    upload = SimpleUploadedFile("a.txt", b"The staff listened to us.")
    client.post(url(tenant, "coding-upload", pk=project.pk), {"file": upload})
    doc = project.documents.get()
    client.post(
        url(tenant, "codebook", pk=project.pk),
        {"name": "Listening", "definition": "Staff hear what we say."},
    )
    code = project.codes.get()
    page = url(tenant, "coding-document", pk=project.pk, doc=doc.pk)
    response = client.post(page, {"code": code.pk, "start": 4, "end": 24}, follow=True)
    html = response.content.decode()
    assert "Coded “staff listened to us” as Listening." in html
    assert "<mark>staff listened to us</mark>" in html
    # beyond the text: the form says why and nothing is written
    response = client.post(page, {"code": code.pk, "start": 4, "end": 99})
    assert "after the end of the text (25 characters)" in response.content.decode()
    assert Coding.objects.count() == 1
    # the page carries its script and works without it (start and end are fields)
    html = client.get(page).content.decode()
    assert "qualitative/coding.js" in html
    assert 'name="start"' in html
    assert 'name="end"' in html


def test_a_blind_coder_sees_only_their_own_codings(tenant, two_coders, client_for):
    coord, prof = two_coders
    project, docs = project_with_texts(tenant, coord, ["Nobody called back at all."])
    code = services.code_create(project=project, actor=coord, name="Neglect")
    services.reliability_sample_assign(
        project=project, actor=coord, coders=[coord.user, prof.user], size=1
    )
    services.coding_create(document=docs[0], code=code, actor=coord, start=0, end=18)
    page = url(tenant, "coding-document", pk=project.pk, doc=docs[0].pk)
    html = client_for(prof.user).get(page).content.decode()
    assert "you see only your own codings" in html
    assert "Nothing coded yet." in html
    assert "<mark>" not in html
    assert (
        "<mark>Nobody called back</mark>"
        in client_for(coord.user).get(page).content.decode()
    )


def test_the_agreement_page_reads_alpha_and_lists_the_disagreements(
    tenant, two_coders, coordinator_client
):
    # A applies the code to texts 1 and 2, B to 1 and 3; both read all four:
    # o_11 = 2, o_10 = o_01 = 2, o_00 = 2; n = 8, n_1 = n_0 = 4;
    # alpha = 1 - 7 * 4 / (2 * 4 * 4) = 0.125; kappa = (0.5 - 0.5) / 0.5 = 0
    coord, prof = two_coders
    project, docs = project_with_texts(tenant, coord, ["one", "two", "three", "four"])
    code = services.code_create(project=project, actor=coord, name="Trust")
    services.reliability_sample_assign(
        project=project, actor=coord, coders=[coord.user, prof.user], size=4
    )
    for actor, picks in ((coord, (0, 1)), (prof, (0, 2))):
        for i in picks:
            services.coding_create(
                document=docs[i], code=code, actor=actor, start=0, end=3
            )
    html = coordinator_client.get(
        url(tenant, "coding-agreement", pk=project.pk)
    ).content.decode()
    row = re.search(r"<th scope=\"row\">Trust</th>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert cells[:5] == [
        "4",
        "0.125",
        "not reliable (alpha &lt; 0.667)",
        "0.000",
        "50.0 %",
    ]
    disagreements = html.split("Disagreements to reconcile")[1]
    assert "Text 2" in disagreements
    assert "Text 3" in disagreements
    assert "Text 1" not in disagreements
    assert "reliable; from 0.667, enough for tentative conclusions only" in html


def test_a_second_coder_may_not_read_the_agreement(tenant, two_coders, client_for):
    coord, prof = two_coders
    project, _docs = project_with_texts(tenant, coord, ["one"])
    response = client_for(prof.user).get(url(tenant, "coding-agreement", pk=project.pk))
    assert response.status_code == 403


def test_frequencies_by_wave(tenant, two_coders, coordinator_client):
    coord, _prof = two_coders
    project, docs = project_with_texts(tenant, coord, ["a b", "c d", "e f"])
    code = services.code_create(project=project, actor=coord, name="Waiting")
    for d in docs:  # texts 1 and 3 are of wave 1, text 2 of wave 2
        services.coding_create(document=d, code=code, actor=coord, start=0, end=1)
    services.coding_create(document=docs[0], code=code, actor=coord, start=2, end=3)
    page = url(tenant, "coding-frequencies", pk=project.pk) + "?group=wave"
    html = coordinator_client.get(page).content.decode()
    row = re.search(r"<th scope=\"row\">Waiting</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r">(\d+)</td>", row) == ["2", "1", "3"]


def test_the_exports_download(tenant, two_coders, coordinator_client):
    coord, _prof = two_coders
    project, docs = project_with_texts(tenant, coord, ["one"])
    code = services.code_create(project=project, actor=coord, name="Trust")
    services.coding_create(document=docs[0], code=code, actor=coord, start=0, end=3)
    response = coordinator_client.get(url(tenant, "coding-qdpx", pk=project.pk))
    assert response["Content-Disposition"].endswith('.qdpx"')
    assert "project.qde" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    response = coordinator_client.get(url(tenant, "coding-qdc", pk=project.pk))
    assert b"urn:QDA-XML:codebook:1.0" in response.content


def test_another_tenants_project_is_404(
    tenant, other_tenant, coordinator, make_member, client_for
):
    coord = actor_of(coordinator, tenant)
    project, _docs = project_with_texts(tenant, coord, ["one"])
    outsider = make_member(other_tenant, "coordinator")
    response = client_for(outsider).get(
        url(other_tenant, "coding-project-detail", pk=project.pk)
    )
    assert response.status_code == 404


def test_themes_are_suggested_and_a_coder_makes_one_a_code(
    tenant, two_coders, coordinator_client
):
    coord, _prof = two_coders
    texts = [
        "Bussi oli taas myöhässä pysäkillä.",
        "Bussi myöhässä, aikataulu ei pidä.",
        "The library opening hours are too short.",
        "Library opening hours should be longer.",
        "Bussi ja aikataulu ovat ongelma.",
        "Longer library hours please.",
    ]
    project, _docs = project_with_texts(tenant, coord, texts)
    html = coordinator_client.get(
        url(tenant, "coding-themes", pk=project.pk)
    ).content.decode()
    assert "Suggestions only" in html
    headings = re.findall(r"<h2 id=\"theme-\d\">(.*?)</h2>", html)
    assert any("bussi" in h for h in headings)
    assert any("library" in h for h in headings)
    assert not any(" ja" in h or "the," in h for h in headings)  # stop words
    # nothing was added to the codebook by suggesting
    assert not project.codes.exists()
    link = re.search(r'href="([^"]*codebook/\?name=[^"]*)"', html).group(1)
    form = coordinator_client.get(link.replace("&amp;", "&")).content.decode()
    assert re.search(r'name="name"[^>]*value="[^"]+ / [^"]+"', form)


def test_cooccurrence_counts_texts_carrying_both_codes(tenant, two_coders):
    from coproduce.qualitative import selectors

    coord, prof = two_coders
    project, docs = project_with_texts(tenant, coord, ["a b", "c d", "e f"])
    a = services.code_create(project=project, actor=coord, name="A")
    b = services.code_create(project=project, actor=coord, name="B")
    services.coding_create(document=docs[0], code=a, actor=coord, start=0, end=1)
    services.coding_create(document=docs[0], code=b, actor=prof, start=2, end=3)
    services.coding_create(document=docs[1], code=a, actor=coord, start=0, end=1)
    services.coding_create(document=docs[1], code=a, actor=prof, start=0, end=3)
    result = selectors.code_cooccurrence(project)
    assert [c.name for c in result.codes] == ["A", "B"]
    assert result.counts == [[2, 1], [1, 1]]
