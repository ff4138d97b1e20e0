"""Two people take the last place of a shift at the same moment, each on their own
PostgreSQL connection: one gets it, the other is waitlisted, never both. The sign-up locks
the shift row (``select_for_update``), so the second waits for the first's commit and
counts again."""

import contextlib
import threading

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from coproduce.coproducers import services
from coproduce.coproducers.models import SignUp

pytestmark = pytest.mark.django_db(transaction=True)


def test_last_place_goes_to_one_of_two_at_once(world, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers (PostgreSQL)")
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer3"])  # 1 of 2
    # Hold each transaction open after it counted, so that both are in flight at once:
    # without the lock both would count one confirmed and both take the place.
    barrier = threading.Barrier(2, timeout=5)
    counted = services._confirmed

    def slow_count(s):
        n = counted(s)
        # the second arrives only after the first commits (then the wait times out)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1)
        return n

    monkeypatch.setattr(services, "_confirmed", slow_count)
    results, errors = {}, []

    def work(name):
        try:
            with scopes_disabled():
                results[name] = services.shift_sign_up(
                    shift=shift, actor=world.actors[name]
                ).status
        except BaseException as exc:  # noqa: BLE001 (failed below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(n,)) for n in ("volunteer", "volunteer2")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results.values()) == ["confirmed", "waitlisted"]
    confirmed = SignUp.objects.filter(shift=shift, status="confirmed").count()
    assert confirmed == shift.capacity == 2


def test_roster_click_and_add_many_at_once_record_one_participation(world, monkeypatch):
    """A coordinator checks Vera in on the roster while another adds a pasted list with
    her in it: both lock her sign-up, so she is recorded once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers (PostgreSQL)")
    from coproduce.initiatives.models import Participation

    from .conftest import make_past

    shift = world.shifts[0]
    signup = services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift)
    barrier = threading.Barrier(2, timeout=5)

    def wait():
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1)

    original_for = services._participation_for

    def slow_for(s, *, actor):
        wait()
        return original_for(s, actor=actor)

    class SlowProblems(services.Problems):
        def raise_any(self):
            wait()
            super().raise_any()

    monkeypatch.setattr(services, "_participation_for", slow_for)
    monkeypatch.setattr(services, "Problems", SlowProblems)
    coordinator = world.actors["coordinator"]
    errors = []

    def click():
        try:
            with scopes_disabled():
                services.attendance_record(
                    signup=signup, actor=coordinator, present=True
                )
        except BaseException as exc:  # noqa: BLE001 (failed below)
            errors.append(exc)
        finally:
            connection.close()

    def add_many():
        try:
            with scopes_disabled():
                services.attendance_add(
                    shift=shift,
                    actor=coordinator,
                    attendees=[services.Attendee(person=world.person["volunteer"])],
                )
        except services.AttendanceRefused:
            pass  # the click came first: she is already checked in
        except BaseException as exc:  # noqa: BLE001 (failed below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click), threading.Thread(target=add_many)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Participation.objects.filter(activity=shift.activity).count() == 1
    signup.refresh_from_db()
    assert signup.attendance == "present"
