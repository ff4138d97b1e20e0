"""The compact match rows (crisis_match, PostgreSQL) follow every change of the
profiles and their skills, whoever writes them: consent withdrawn or call-outs refused
takes the row away, skills and languages and the week are rewritten."""

import pytest
from django.db import connection
from django.utils import timezone

from coproduce.coproducers.models import CoproducerProfile

pytestmark = pytest.mark.django_db


def _row(profile):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT languages, skills, area, week FROM crisis_match "
            "WHERE profile_id = %s",
            [profile.pk],
        )
        return cursor.fetchone()


@pytest.fixture(autouse=True)
def _postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the match rows are PostgreSQL's")


def test_rows_follow_the_profiles(crisis):
    amina = CoproducerProfile.objects.get(person=crisis.person["amina"])
    languages, skills, area, _week = _row(amina)
    assert languages == ["so", "fi"]
    assert skills == [crisis.driving.pk]
    assert area == "00530"
    amina.skills.clear()
    assert _row(amina)[1] == []
    amina.skills.add(crisis.driving)
    assert _row(amina)[1] == [crisis.driving.pk]
    amina.availability = {"mon": ["morning"], "sun": ["evening"]}
    amina.languages = ["ar"]
    amina.save()
    assert _row(amina)[0] == ["ar"]
    assert _row(amina)[3] == (1 << 0) | (1 << 20)
    # consent withdrawn: no longer a candidate at all
    CoproducerProfile.objects.filter(pk=amina.pk).update(
        consent_withdrawn_at=timezone.now()
    )
    assert _row(amina) is None
    CoproducerProfile.objects.filter(pk=amina.pk).update(consent_withdrawn_at=None)
    assert _row(amina) is not None
    # the profiles that may not be called out have none
    nocall = CoproducerProfile.objects.get(person=crisis.person["nocall"])
    assert _row(nocall) is None
    amina.delete()
    assert _row(amina) is None
