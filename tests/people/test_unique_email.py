"""One person per email in a tenant, without regard to case (issue 11, item 5): the
database's constraint, the service's refusal on ``email``, and two imports of the same
people at once (two PostgreSQL connections) that leave one set of people and one clear
refusal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django_scopes import scopes_disabled

from coproduce.core import services as core_services
from coproduce.core.errors import DomainError
from coproduce.exchange.importers import ImportRefused, import_csv
from coproduce.people import services
from coproduce.people.models import EMAIL_TAKEN, Person

from .. import factories as f


@pytest.mark.django_db
def test_the_database_refuses_a_second_person_with_the_same_email(tenant):
    Person.objects.create(
        tenant=tenant, given_name="A", family_name="B", email="a@x.org"
    )
    Person.objects.create(tenant=tenant, given_name="C", family_name="D", email="")
    Person.objects.create(tenant=tenant, given_name="E", family_name="F", email="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            tenant=tenant, given_name="A", family_name="B", email="A@X.org"
        )


@pytest.mark.django_db
def test_the_service_refuses_on_email(tenant):
    services.person_create(
        tenant=tenant, actor=None, given_name="A", family_name="B", email="a@x.org"
    )
    with pytest.raises(ValidationError) as info:
        services.person_create(
            tenant=tenant, actor=None, given_name="A", family_name="B", email="A@x.ORG"
        )
    assert info.value.message_dict == {"email": [str(EMAIL_TAKEN)]}
    other = f.PersonFactory(tenant=tenant, email="b@x.org")
    with pytest.raises(ValidationError) as info:
        services.person_update(person=other, actor=None, email="a@X.org")
    assert list(info.value.message_dict) == ["email"]


@pytest.mark.django_db
def test_a_writer_that_lost_the_race_is_refused_on_email(tenant, monkeypatch):
    """The check before saving cannot see a concurrent writer's row: the constraint
    refuses, and the refusal is the same, on the same field."""
    services.person_create(
        tenant=tenant, actor=None, given_name="A", family_name="B", email="a@x.org"
    )
    # the constraints are not asked before saving, as when another writer's row was
    # not committed yet
    monkeypatch.setattr(core_services, "_constraints_validate", lambda *a, **k: None)
    with pytest.raises(DomainError) as info:
        services.person_create(
            tenant=tenant, actor=None, given_name="A", family_name="B", email="A@x.org"
        )
    assert info.value.field == "email"
    assert info.value.message == str(EMAIL_TAKEN)
    assert Person.objects.filter(tenant=tenant).count() == 1


def _csv(n):
    rows = [f"Given{i},Family{i},person{i}@example.org,,fi," for i in range(n)]
    return (
        "given_name,family_name,email,phone,languages,organisation\n" + "\n".join(rows)
    ).encode()


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_people_at_once_make_them_once(tenant):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers (PostgreSQL)")
    data = _csv(300)
    barrier, results, errors = threading.Barrier(2), [], []

    def work():
        try:
            barrier.wait()
            with scopes_disabled():
                results.append(import_csv(kind="people", tenant=tenant, data=data))
        except ImportRefused as exc:
            results.append(exc)
        except BaseException as exc:  # noqa: BLE001 (failed below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    refused = [r for r in results if isinstance(r, ImportRefused)]
    done = [r for r in results if not isinstance(r, ImportRefused)]
    assert len(done) == 1, results
    assert done[0].created["people"] == 300
    assert len(refused) == 1, results
    with scopes_disabled():
        assert Person.objects.filter(tenant=tenant).count() == 300
    # refused either by the check (the other had committed) or by the constraint
    [problem] = refused[0].problems
    assert problem.column == "email"
    assert problem.line is not None
    assert problem.line >= 2
    assert "email" in problem.message
