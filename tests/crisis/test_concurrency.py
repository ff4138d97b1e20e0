"""Two people accept the last place of a need at the same moment, each on their own
PostgreSQL connection: one gets it, the other is told all places are taken, never both.
Accepting locks the need's row (``select_for_update``), so the second waits for the
first's commit and counts again."""

import contextlib
import threading

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from coproduce.coproducers.models import SignUp
from coproduce.crisis import services
from coproduce.crisis.models import CallOut, Need

pytestmark = pytest.mark.django_db(transaction=True)


def test_last_place_goes_to_one_of_two_at_once(crisis, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with concurrent writers (PostgreSQL)")
    made = services.callout_send(
        need=crisis.need, actor=crisis.actors["coordinator"], n=3
    )
    assert services.callout_respond(callout=made[0], accept=True).status == "accepted"
    barrier = threading.Barrier(2, timeout=5)
    counted = services._places_taken

    def slow_count(need):
        n = counted(need)
        # without the lock both would count one place taken and both take the last
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=1)
        return n

    monkeypatch.setattr(services, "_places_taken", slow_count)
    results, errors = {}, []

    def work(callout):
        try:
            with scopes_disabled():
                results[callout.pk] = services.callout_respond(
                    callout=callout, accept=True
                ).status
        except BaseException as exc:  # noqa: BLE001 (failed below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(c,)) for c in made[1:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results.values()) == ["accepted", "full"]
    need = Need.objects.get(pk=crisis.need.pk)
    assert SignUp.objects.filter(shift=need.shift, status="confirmed").count() == 2
    assert CallOut.objects.filter(need=need, status="accepted").count() == 2
    assert need.status == "filled"
