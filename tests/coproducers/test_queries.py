"""The SQL the hot paths make, counted: bench/coproducers.py measures them on the large
data (sign-up POST, the person type-ahead, a 200-person roster); these tests fail when a
change adds queries to them, or makes the roster's grow with the people on it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.coproducers.models import SignUp
from coproduce.people.models import Person

pytestmark = pytest.mark.django_db

# a volunteer's sign-up, middleware (session, tenant, actor) and the transaction
# included (18 before the writes under the lock took no savepoints and the person's
# email choices were asked before the lock)
SIGNUP_QUERIES = 14
# what runs while the shift's row is locked, after its SELECT ... FOR UPDATE: the places
# taken, the sign-up, its event, the notification (the email task runs on commit here)
SIGNUP_UNDER_LOCK = 4
# the roster: the same for 3 or 60 people on it
ROSTER_QUERIES = 6
SEARCH_QUERIES = 5


def url(world, name, **kwargs):
    return reverse(name, kwargs={"tenant": world.tenant.slug, **kwargs})


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = fn()
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


def test_sign_up_post_queries(world, client_for):
    client = client_for(world.users["volunteer"])
    client.get(url(world, "opportunity-list"))  # the session and CSRF cookie
    first, second = world.shifts[0], world.shifts[1]
    client.post(url(world, "shift-signup", pk=first.pk))
    n = _count(lambda: client.post(url(world, "shift-signup", pk=second.pk)))
    assert SignUp.objects.filter(shift=second, status="confirmed").count() == 1
    assert n <= SIGNUP_QUERIES, f"a sign-up took {n} queries"


def _under_lock(queries) -> list[str]:
    """The statements after the shift's lock, up to the end of the sign-up's
    transaction (the test's own transaction wraps it: its savepoint's release)."""
    sqls = [q["sql"] for q in queries]
    start = next(i for i, sql in enumerate(sqls) if "FOR UPDATE" in sql)
    end = next(
        i for i, sql in enumerate(sqls[start:], start) if sql.startswith("RELEASE")
    )
    return sqls[start + 1 : end]


# SQLite has no row locks (its IMMEDIATE transactions lock the whole database)
needs_row_locks = pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="no SELECT ... FOR UPDATE"
)


@needs_row_locks
@pytest.mark.parametrize("full", [False, True], ids=["place", "waiting list"])
def test_sign_up_under_the_lock(world, client_for, full):
    """Every sign-up for a shift waits while another holds its lock: what runs then is
    counted, and takes no savepoints."""
    client = client_for(world.users["volunteer"])
    client.get(url(world, "opportunity-list"))
    shift = world.shifts[1]
    if full:
        _fill(world, shift, 2)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url(world, "shift-signup", pk=shift.pk))
    assert response.status_code == 302
    status = "waitlisted" if full else "confirmed"
    person = world.person["volunteer"]
    assert SignUp.objects.filter(shift=shift, person=person, status=status).exists()
    locked = _under_lock(queries.captured_queries)
    assert not [sql for sql in locked if "SAVEPOINT" in sql], locked
    assert len(locked) <= SIGNUP_UNDER_LOCK, locked
    assert "coproducers_coproducerprofile" not in " ".join(locked)


@needs_row_locks
def test_sign_up_for_someone_queries(world, client_for):
    """A coordinator's sign-up of someone who phoned takes the same path."""
    client = client_for(world.users["coordinator"])
    client.get(url(world, "shift-roster", pk=world.shifts[0].pk))
    person = world.person["volunteer2"]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            url(world, "shift-signup-for", pk=world.shifts[0].pk),
            {"person": str(person.pk)},
        )
    assert response.status_code in (200, 302), response.status_code
    assert SignUp.objects.filter(shift=world.shifts[0], person=person).exists()
    locked = _under_lock(queries.captured_queries)
    assert not [sql for sql in locked if "SAVEPOINT" in sql], locked
    assert len(locked) <= SIGNUP_UNDER_LOCK, locked


def _fill(world, shift, n: int) -> None:
    shift.capacity = n
    shift.save()
    now = timezone.now()
    people = Person.objects.bulk_create(
        Person(tenant=world.tenant, given_name=f"Given{i}", family_name=f"Family{i}")
        for i in range(n)
    )
    SignUp.objects.bulk_create(
        SignUp(tenant=world.tenant, shift=shift, person=p, role="volunteer",
               status="confirmed", queued_at=now)
        for p in people
    )  # fmt: skip


def test_roster_queries_do_not_grow_with_its_people(world, client_for):
    client = client_for(world.users["coordinator"])
    small, big = world.shifts[0], world.shifts[1]
    _fill(world, small, 3)
    _fill(world, big, 60)
    client.get(url(world, "shift-roster", pk=small.pk))
    few = _count(lambda: client.get(url(world, "shift-roster", pk=small.pk)))
    page = client.get(url(world, "shift-roster", pk=big.pk)).content.decode()
    many = _count(lambda: client.get(url(world, "shift-roster", pk=big.pk)))
    assert page.count('name="present" value="1"') == 60  # a check-in button each
    assert "Family59" in page
    assert few == many, f"3 people: {few} queries, 60 people: {many}"
    assert many <= ROSTER_QUERIES, f"the roster took {many} queries"


def test_roster_row_check_in_answers_the_row(world, client_for):
    """The htmx check-in answers the one row, built like the page's rows."""
    shift = world.shifts[0]
    _fill(world, shift, 2)
    signup = SignUp.objects.filter(shift=shift).first()
    from .conftest import make_past

    make_past(shift)
    client = client_for(world.users["coordinator"])
    response = client.post(
        url(world, "shift-roster", pk=shift.pk),
        {"signup": signup.pk, "present": "1"},
        headers={"HX-Request": "true"},
    )
    row = response.content.decode()
    assert row.startswith(f'<tr id="signup-{signup.pk}">')
    assert "Came" in row
    assert (
        'name="present" value="1"' not in row
    )  # checked in: only "did not come" is left
    assert 'name="present" value="0"' in row


def test_roster_escapes_names(world, client_for):
    shift = world.shifts[0]
    person = Person.objects.create(
        tenant=world.tenant, given_name="<script>x</script>", family_name="O'Hara"
    )
    SignUp.objects.create(tenant=world.tenant, shift=shift, person=person,
                          role="volunteer", status="confirmed",
                          queued_at=timezone.now())  # fmt: skip
    page = client_for(world.users["coordinator"]).get(
        url(world, "shift-roster", pk=shift.pk)
    )
    text = page.content.decode()
    assert "<script>x</script>" not in text
    assert "&lt;script&gt;x&lt;/script&gt; O&#x27;Hara" in text


def test_person_search_queries(world, client_for):
    client = client_for(world.users["coordinator"])
    Person.objects.bulk_create(
        Person(tenant=world.tenant, given_name="Aino", family_name=f"Virtanen{i}")
        for i in range(40)
    )
    search = url(world, "person-search") + "?q=virtanen"
    client.get(search)
    n = _count(lambda: client.get(search, headers={"HX-Request": "true"}))
    options = client.get(search, headers={"HX-Request": "true"}).content.decode()
    assert options.count("<option") == 20  # stops at the limit
    labels = [x.split('"')[1] for x in options.split("<option value=")[1:]]
    assert labels == sorted(labels, key=lambda x: x.split()[1].split("#")[0].casefold())
    assert n <= SEARCH_QUERIES, f"the type-ahead took {n} queries"
