"""Case pages show what people read, not the process's codes: step names, outcome and
performer labels, in the list of recorded steps, the form and the discretion list."""

from coproduce.cases.models import Case
from coproduce.cases.services import case_step_sign_off

from .conftest import step


def test_recorded_steps_read_as_labels(world, client_for):
    u = world.users
    step(world, u.vol1, "consent", party="A")
    step(world, u.vol2, "consent", party="B")
    step(world, u.vol1, "preparation")
    step(world, u.vol2, "meeting")
    record = step(world, u.vol1, "agreement", outcome="no_agreement")
    case = Case.objects.get(pk=world.case.pk)
    case_step_sign_off(
        case=case,
        actor=world.actor(u.supervisor),
        record=record,
        expected_version=case.version,
    )
    step(world, u.vol1, "follow_up", skip=True, reason="Nothing was agreed.")
    client = client_for(u.coordinator)
    page = client.get(f"/t/{world.tenant.slug}/cases/{world.case.pk}/")
    html = page.content.decode()
    assert "no_agreement" not in html.replace('value="no_agreement"', "")
    assert "No agreement" in html
    assert "follow_up (skipped)" not in html
    assert "Follow-up of the agreement (skipped)" in html
    accountability = client.get(
        f"/t/{world.tenant.slug}/cases/{world.case.pk}/accountability/"
    ).content.decode()
    assert "Skipped: Follow-up of the agreement" in accountability
