"""Building an instrument over the API, as on the pages: the scale library, an instrument
from it, scales and questions of one's own, a copy; then a panel of email addresses, a
wave opened and reminded, after which the instrument refuses every change. Bad input is
a 422 naming the field; the same permissions and tenant isolation as the other routes."""

import pytest

from coproduce.evaluation import services
from coproduce.evaluation.library import LIBRARY

from .. import factories as f
from .conftest import assert_problem

pytestmark = pytest.mark.django_db

IN_USE = "already used in an open or closed wave"


def _fields(body) -> set:
    return {error["field"] for error in body["errors"]}


def _said(body) -> str:
    """The detail and every message of a problem."""
    return " ".join([body["detail"], *(e["message"] for e in body.get("errors") or [])])


@pytest.fixture
def instrument(tenant, coordinator):
    return services.instrument_create_from_library(
        tenant=tenant, actor=coordinator, name="Voice", keys=["motivation"]
    )


@pytest.fixture
def panel(tenant, coordinator, instrument):
    return services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=f.InitiativeFactory(tenant=tenant),
        instrument=instrument,
        name="Voice over a year",
    )


def test_the_scale_library_shows_each_scale_as_it_would_be_copied(api):
    response = api.get("/scale-library")

    assert response.status_code == 200
    assert [s["key"] for s in response.data] == [s.key for s in LIBRARY]
    satisfaction = next(s for s in response.data if s["key"] == "satisfaction")
    assert (satisfaction["minimum"], satisfaction["maximum"]) == (1, 5)
    assert satisfaction["minimum_label"] == "Strongly disagree"
    assert satisfaction["maximum_label"] == "Strongly agree"
    assert [i["code"] for i in satisfaction["items"] if i["reverse"]] == ["sa4"]
    assert (
        satisfaction["items"][0]["text"] == "Overall, I am satisfied with this service."
    )
    assert "reverse-coded" in satisfaction["source_note"]


def test_a_coordinator_builds_an_instrument_and_runs_it_in_a_panel(
    api, tenant, django_capture_on_commit_callbacks, mailoutbox
):
    # step 1: library scales, a scale of one's own, a reverse-coded item, free text
    created = api.post(
        "/instruments/from-library",
        {
            "name": "Trust and voice",
            "description": "Asked at the start and after a year.",
            "keys": ["trust_provider", "satisfaction"],
            "free_text": ["What would you change?"],
        },
    )
    assert created.status_code == 201, created.data
    instrument = created.data
    path = f"/instruments/{instrument['id']}"
    assert [s["name"] for s in instrument["scales"]] == [
        "Trust in the service provider",
        "Satisfaction with the service",
    ]
    assert [i["code"] for i in instrument["free_text"]] == ["comment1"]
    assert (
        "Satisfaction with the service: Short agreement scale"
        in (instrument["source_note"])
    )
    assert instrument["in_use"] is False
    assert api.get(path).data == instrument

    scale = api.post(
        f"{path}/scales",
        {
            "name": "Voice",
            "minimum": 1,
            "maximum": 7,
            "minimum_label": "Never",
            "maximum_label": "Always",
        },
    )
    assert scale.status_code == 201, scale.data
    assert (scale.data["minimum"], scale.data["maximum"], scale.data["items"]) == (
        1,
        7,
        [],
    )
    voice = scale.data["id"]
    heard = api.post(
        f"{path}/items",
        {"code": "v1", "text": "Staff listen to me.", "scale": voice},
    )
    assert heard.status_code == 201, heard.data
    assert (heard.data["kind"], heard.data["scale"], heard.data["reverse"]) == (
        "scale",
        voice,
        False,
    )
    ignored = api.post(
        f"{path}/items",
        {
            "code": "v2",
            "text": "My views are ignored.",
            "scale": voice,
            "reverse": True,
        },
    )
    assert ignored.status_code == 201
    assert ignored.data["reverse"] is True
    question = api.post(
        f"{path}/items", {"code": "wish", "text": "What should we keep doing?"}
    )
    assert question.status_code == 201, question.data
    assert (question.data["kind"], question.data["scale"]) == ("text", None)
    changed = api.patch(
        f"{path}/items/{heard.data['id']}", {"text": "Staff listen to what I say."}
    )
    assert changed.status_code == 200, changed.data
    assert changed.data["text"] == "Staff listen to what I say."
    added = api.post(f"{path}/scales/from-library", {"key": "motivation"})
    assert added.status_code == 201, added.data
    assert [i["code"] for i in added.data["items"] if i["reverse"]] == ["mo3"]

    built = api.get(path).data
    assert [s["name"] for s in built["scales"]][2:] == [
        "Voice",
        "Motivation to take part",
    ]
    assert [(i["code"], i["reverse"]) for i in built["scales"][2]["items"]] == [
        ("v1", False),
        ("v2", True),
    ]
    assert [i["code"] for i in built["free_text"]] == ["comment1", "wish"]

    # step 2: a panel of addresses, a wave opened and reminded
    programme = f.InitiativeFactory(tenant=tenant)
    panel = api.post(
        "/panels",
        {"initiative": programme.pk, "instrument": instrument["id"], "name": "Voice"},
    ).data
    members = f"/panels/{panel['id']}/members/from-emails"
    first = api.post(
        members, {"emails": ["ann@example.org", "Bo@example.org", "bo@example.org"]}
    )
    assert first.status_code == 200, first.data
    assert first.data == {"added": 2, "skipped": 1, "members": 2}
    again = api.post(members, {"emails": ["ann@example.org", "cy@example.org"]})
    assert again.data == {"added": 1, "skipped": 1, "members": 3}
    listed = api.get(f"/panels/{panel['id']}/members").data["items"]
    assert [(m["pseudonym"], m["source"]) for m in listed] == [
        ("R-0001", "list"),
        ("R-0002", "list"),
        ("R-0003", "list"),
    ]

    wave = api.post(f"/panels/{panel['id']}/waves", {}).data
    assert_problem(api.post(f"/waves/{wave['id']}/remind", {}), 422)  # still a draft
    with django_capture_on_commit_callbacks(execute=True):
        opened = api.post(f"/waves/{wave['id']}/open", {})
    assert opened.data["invited"] == 3
    assert len(mailoutbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        reminded = api.post(f"/waves/{wave['id']}/remind", {})
    assert reminded.status_code == 200, reminded.data
    assert reminded.data["reminders"] == 3
    assert reminded.data["wave"] == api.get(f"/waves/{wave['id']}").data
    assert len(mailoutbox) == 6

    # the instrument in use refuses every change, with the service's reason
    assert api.get(path).data["in_use"] is True
    refusals = [
        api.post(f"{path}/scales", {"name": "Later", "minimum": 0, "maximum": 4}),
        api.post(f"{path}/scales/from-library", {"key": "personal_control"}),
        api.post(f"{path}/items", {"code": "late", "text": "Too late?"}),
        api.patch(f"{path}/items/{heard.data['id']}", {"reverse": True}),
    ]
    for refused in refusals:
        assert IN_USE in assert_problem(refused, 422)["detail"]
    assert api.get(path).data == {**built, "in_use": True}

    # to change it, copy it: the copy has the same questions and may change
    copy = api.post(f"{path}/copy", {"name": "Trust and voice, year 2"})
    assert copy.status_code == 201, copy.data
    assert copy.data["in_use"] is False
    assert copy.data["id"] != instrument["id"]
    assert [s["name"] for s in copy.data["scales"]] == [
        s["name"] for s in built["scales"]
    ]
    assert [(i["code"], i["reverse"]) for i in copy.data["scales"][2]["items"]] == [
        ("v1", False),
        ("v2", True),
    ]
    late = api.post(
        f"/instruments/{copy.data['id']}/items", {"code": "late", "text": "And now?"}
    )
    assert late.status_code == 201, late.data


def test_an_empty_instrument_gets_its_questions_one_by_one(api):
    created = api.post(
        "/instruments",
        {"name": "Own", "description": "Ours", "source_note": "Written by us."},
    )

    assert created.status_code == 201, created.data
    assert (created.data["scales"], created.data["free_text"]) == ([], [])
    assert created.data["source_note"] == "Written by us."
    path = f"/instruments/{created.data['id']}"
    scale = api.post(f"{path}/scales", {"name": "Ease", "minimum": 0, "maximum": 4})
    rating = api.post(
        f"{path}/items",
        {
            "code": "e1",
            "text": "It was easy.",
            "kind": "scale",
            "scale": scale.data["id"],
        },
    )
    assert rating.status_code == 201, rating.data
    assert rating.data["instrument"] == created.data["id"]
    # a rating item becomes free text when it loses its scale and kind together
    moved = api.patch(
        f"{path}/items/{rating.data['id']}", {"kind": "text", "scale": None}
    )
    assert moved.status_code == 200, moved.data
    assert (moved.data["kind"], moved.data["scale"]) == ("text", None)
    assert [i["code"] for i in api.get(path).data["free_text"]] == ["e1"]


def test_bad_input_is_a_422_naming_the_field(api, instrument, panel):
    body = assert_problem(
        api.post(
            "/instruments/from-library", {"name": "X", "keys": ["motivation", "x"]}
        ),
        422,
    )
    assert _fields(body) == {"keys.1"}
    body = assert_problem(
        api.post(
            "/instruments/from-library",
            {"name": "X", "keys": ["motivation", "motivation"]},
        ),
        422,
    )
    assert _fields(body) == {"keys"}
    assert_problem(api.post("/instruments/from-library", {"name": "X"}), 422)
    path = f"/instruments/{instrument.pk}"
    body = assert_problem(api.post(f"{path}/scales/from-library", {"key": "x"}), 422)
    assert _fields(body) == {"key"}
    # a library scale whose codes the instrument has already
    body = assert_problem(
        api.post(f"{path}/scales/from-library", {"key": "motivation"}), 422
    )
    assert "mo1" in body["detail"]
    body = assert_problem(api.post("/instruments", {"name": "Voice"}), 422)
    assert "already exists" in _said(body)
    assert _fields(body) == {"name"}

    for low, high in ((5, 5), (5, 1)):
        body = assert_problem(
            api.post(
                f"{path}/scales", {"name": "Range", "minimum": low, "maximum": high}
            ),
            422,
        )
        assert "maximum" in _fields(body)
    body = assert_problem(
        api.post(f"{path}/scales", {"name": "Range", "minimum": "0", "maximum": 4}),
        422,
    )
    assert _fields(body) == {"minimum"}

    # a code taken: the uniqueness per instrument is filed under the code
    scale = instrument.scales.get()
    body = assert_problem(
        api.post(f"{path}/items", {"code": "mo1", "text": "Again", "scale": scale.pk}),
        422,
    )
    assert "Code already exists" in _said(body)
    assert _fields(body) == {"code"}
    body = assert_problem(
        api.post(f"{path}/items", {"code": "a b", "text": "Spaces"}), 422
    )
    assert _fields(body) == {"code"}
    body = assert_problem(
        api.post(f"{path}/items", {"code": "r", "text": "Rating", "kind": "scale"}),
        422,
    )
    assert _fields(body) == {"scale"}
    elsewhere = services.instrument_create_from_library(
        tenant=instrument.tenant,
        actor=None,
        name="Elsewhere",
        keys=["satisfaction"],
    )
    body = assert_problem(
        api.post(
            f"{path}/items",
            {"code": "r", "text": "Rating", "scale": elsewhere.scales.get().pk},
        ),
        422,
    )
    assert _fields(body) == {"scale"}
    item = instrument.items.first()
    body = assert_problem(api.patch(f"{path}/items/{item.pk}", {"code": "mo2"}), 422)
    assert "Code already exists" in _said(body)
    assert _fields(body) == {"code"}
    assert_problem(api.patch(f"{path}/items/{item.pk}", {"kind": None}), 422)
    assert instrument.items.filter(code="r").exists() is False

    emails = ["ann@example.org", "not an address", "bo@example.org", "cy@"]
    body = assert_problem(
        api.post(f"/panels/{panel.pk}/members/from-emails", {"emails": emails}), 422
    )
    assert _fields(body) == {"emails.1", "emails.3"}
    assert "'cy@' is not an email address" in _said(body)
    assert panel.members.count() == 0  # all or nothing
    body = assert_problem(
        api.post(f"/panels/{panel.pk}/members/from-emails", {"emails": []}), 422
    )
    assert _fields(body) == {"emails"}


def test_viewers_may_read_the_library_but_change_nothing(
    api_as, make_member, tenant, instrument, panel
):
    viewer = api_as(make_member(tenant, "viewer"), tenant)
    assert viewer.get("/scale-library").status_code == 200
    item = instrument.items.first()
    wave = services.wave_create(panel=panel, actor=None)
    path = f"/instruments/{instrument.pk}"
    for method, url, body in (
        ("post", "/instruments", {"name": "V"}),
        ("post", "/instruments/from-library", {"name": "V", "keys": ["motivation"]}),
        ("post", f"{path}/copy", {"name": "V"}),
        ("post", f"{path}/scales", {"name": "V", "minimum": 0, "maximum": 1}),
        ("post", f"{path}/scales/from-library", {"key": "satisfaction"}),
        ("post", f"{path}/items", {"code": "v", "text": "V"}),
        ("patch", f"{path}/items/{item.pk}", {"text": "V"}),
        (
            "post",
            f"/panels/{panel.pk}/members/from-emails",
            {"emails": ["v@example.org"]},
        ),
        ("post", f"/waves/{wave.pk}/remind", {}),
    ):
        assert_problem(getattr(viewer, method)(url, body), 403)
    assert panel.members.count() == 0
    assert instrument.items.filter(text="V").exists() is False

    for role in ("volunteer", "service_user"):
        respondent = api_as(make_member(tenant, role), tenant)
        assert_problem(respondent.get("/scale-library"), 403)


def test_another_tenant_cannot_reach_the_instrument_panel_or_wave(
    outsider, instrument, panel
):
    item = instrument.items.first()
    wave = services.wave_create(panel=panel, actor=None)
    path = f"/instruments/{instrument.pk}"
    for method, url, body in (
        ("post", f"{path}/copy", {"name": "Mine"}),
        ("post", f"{path}/scales", {"name": "Mine", "minimum": 0, "maximum": 1}),
        ("post", f"{path}/scales/from-library", {"key": "satisfaction"}),
        ("post", f"{path}/items", {"code": "mine", "text": "Mine"}),
        ("patch", f"{path}/items/{item.pk}", {"text": "Mine"}),
        (
            "post",
            f"/panels/{panel.pk}/members/from-emails",
            {"emails": ["otto@example.org"]},
        ),
        ("post", f"/waves/{wave.pk}/remind", {}),
    ):
        assert_problem(getattr(outsider, method)(url, body), 404)

    # nor reach it through an instrument of its own
    own = outsider.post("/instruments", {"name": "Voice"})
    assert own.status_code == 201, own.data  # names are unique per tenant only
    mine = f"/instruments/{own.data['id']}"
    assert_problem(outsider.patch(f"{mine}/items/{item.pk}", {"text": "Mine"}), 404)
    body = assert_problem(
        outsider.post(
            f"{mine}/items",
            {"code": "x", "text": "X", "scale": instrument.scales.get().pk},
        ),
        422,
    )
    assert _fields(body) == {"scale"}
    assert panel.members.count() == 0
    assert instrument.items.filter(text="Mine").exists() is False
